// Paper 002's isolated environment in the simulation (scenario key isolation:, docs/isolation.md,
// "In the simulation"), added after every other part of the scenario so that node ids, MACs and
// random streams of the rest stay as they were:
//
//   enterprise LAN switch ──uplink── [ isolation switch ] ── responder (.2)
//                                            │  Steps 1-3 over replay/conntrack
//                                    instance port ── the moved host (after move_at)
//
// At move_at the host's NIC is taken off its LAN link and put on the instance port (002's volume
// move: the node keeps its processes, sockets and bot). Until then the responder records the host's
// exchanges from its switch port; from then on it answers for the C&C. A leak counter watches every
// node outside isolation, and a capture on the instance port writes isolation-pcap/.
#pragma once

#include "analyzers/formats/sim-isolation-files.h"
#include "models/isolation-leak-counter.h"
#include "models/isolation-responder-application.h"
#include "models/isolation-switch.h"
#include "models/mirror-port-capture.h"

#include "ns3/csma-channel.h"
#include "scenarios/sim/scenario-build.h"

#include <string>
#include <vector>

namespace ntlab {

class SimulatedIsolation
{
  public:
    /// Builds the isolation network of build.config.isolation and schedules the move.
    SimulatedIsolation(ScenarioBuild& build, const std::string& outDir);
    /// Writes isolation.json and isolation_responder.csv, and completes the capture.
    void Finish();

  private:
    void BuildNetwork(ScenarioBuild& build);
    void WatchOutside(ScenarioBuild& build);
    void ScheduleMove(ns3::Ptr<ns3::NetDevice> hostDevice);
    void Answered(const std::string& method, const std::string& path, int64_t recorded, int64_t recordedTs,
                  uint32_t bytes);

    const ScenarioConfig& m_config;
    std::string m_outDir;
    std::uint32_t m_host = 0;  // index of the moved host
    ns3::Ipv4Address m_hostAddress, m_instanceAddress, m_responderAddress;
    ns3::Ptr<ns3::Node> m_switchNode, m_responderNode;
    ns3::Ptr<ns3::CsmaChannel> m_instanceChannel;
    ns3::Ptr<ns3::IsolationSwitch> m_switch;
    ns3::Ptr<ns3::IsolationResponderApplication> m_responder;
    ns3::Ptr<ns3::IsolationLeakCounter> m_leaks;
    ns3::Ptr<ns3::MirrorPortCapture> m_capture;
    std::vector<ResponderAnswerRow> m_answers;
};

}  // namespace ntlab
