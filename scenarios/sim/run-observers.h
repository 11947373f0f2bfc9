// Everything that watches the simulation and writes the run's files: a mirror-port capture per
// host (pcap/), the capture outside the NAT (pcap-outside/, with a nat: section), the ground truth (truth.csv), the socket-table history the SocketLogger is
// emulated from (socket-history.csv), the ETW-like events when they are on (events.csv), the Zeus
// and Kraken truth, the domain truth (expected-domains.csv, dns.truth), and the host list (hosts.csv). Models never know who observes them: all of
// this hangs on trace sources.
#pragma once

#include "models/etw-collector.h"
#include "models/mirror-port-capture.h"
#include "models/nat-uplink-capture.h"
#include "scenarios/sim/botnet-truth-recorders.h"
#include "scenarios/sim/domain-truth-recorder.h"
#include "scenarios/sim/enterprise-lan-scenario.h"
#include "scenarios/sim/event-recorder.h"
#include "scenarios/sim/messenger-truth-recorder.h"
#include "scenarios/sim/pid-history-recorder.h"
#include "scenarios/sim/scenario-build.h"
#include "scenarios/sim/socket-history-recorder.h"
#include "scenarios/sim/truth-recorder.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ntlab {

class RunObservers
{
  public:
    /// Attaches every observer to the built scenario; the files go into `outDir`, and nothing
    /// outlives `stop`, the end of the simulation.
    RunObservers(ScenarioBuild& build, const std::string& outDir, ns3::Time stop);
    /// Frames the mirror ports have captured so far.
    std::uint64_t FramesCaptured() const;
    /// After the run: completes every file and counts what was written into `result`.
    void Finish(SimulationResult& result);

  private:
    void AttachEvents(ScenarioBuild& build, const std::vector<ns3::Ptr<ns3::SocketTable>>& tables);
    void WriteHosts() const;
    static std::map<std::string, HostClock> HostClocks(const ScenarioConfig& config);
    void CaptureOutsideNat(const ScenarioConfig& config);

    const ScenarioBuild& m_build;
    std::string m_outDir;
    EpochClock m_clock;
    std::vector<ns3::Ptr<ns3::MirrorPortCapture>> m_mirrors;  // per host
    ns3::Ptr<ns3::NatUplinkCapture> m_outside;                // pcap-outside/, with a nat: section
    TruthRecorder m_truth;
    SocketHistoryRecorder m_history;
    std::unique_ptr<EventRecorder> m_events;  // null while events are off
    ns3::Ptr<ns3::EtwCollector> m_etw;
    ZeusTruthRecorder m_zeusTruth;
    KrakenTruthRecorder m_krakenTruth;
    MessengerTruthRecorder m_messengerTruth;
    DomainTruthRecorder m_domainTruth;  // written only with dns.truth
    PidHistoryRecorder m_pidHistory;    // written only with workload.pid_release: at_exit
};

}  // namespace ntlab
