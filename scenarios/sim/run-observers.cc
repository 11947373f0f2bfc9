#include "scenarios/sim/run-observers.h"

#include "analyzers/formats/records.h"
#include "models/helper/etw-collector-helper.h"
#include "models/helper/mirror-port-capture-helper.h"
#include "models/helper/nat-uplink-capture-helper.h"

#include "ns3/double.h"
#include "ns3/integer.h"
#include "ns3/nstime.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <filesystem>

namespace ntlab {

RunObservers::RunObservers(ScenarioBuild& build, const std::string& outDir, ns3::Time stop)
    : m_build(build),
      m_outDir(outDir),
      m_clock{build.config.start},
      m_truth(m_clock),
      m_history(outDir + "/socket-history.csv", m_clock, stop),
      m_zeusTruth(m_clock),
      m_pidHistory(m_clock)
{
    const ScenarioConfig& config = build.config;
    ns3::MirrorPortCaptureHelper mirror(outDir + "/pcap");
    mirror.SetAttribute("RotateInterval", ns3::TimeValue(ns3::Seconds(config.rotate_s)));
    mirror.SetAttribute("EpochStartUs", ns3::IntegerValue(config.start));
    std::vector<ns3::Ptr<ns3::SocketTable>> tables;
    for (const MonitoredHost& host : build.hosts)
    {
        m_mirrors.push_back(mirror.Install(build.topology.switchPorts.Get(host.index), host.address));
        tables.push_back(host.table);
    }
    if (config.nat.enabled) CaptureOutsideNat(config);
    for (const auto& table : tables) m_truth.Observe(table);
    // What any SocketLogger could see: the exact history of every table (docs/design.md).
    for (const auto& table : tables) m_history.Observe(table);
    if (config.events.enabled) AttachEvents(build, tables);
    for (const auto& cnc : build.zeusServers) m_zeusTruth.Observe(cnc);
    for (const auto& bot : build.krakenBots) m_krakenTruth.Observe(bot);
    if (build.messengers) m_messengerTruth.Observe(build);
    if (config.dns.truth)
        for (const auto& client : build.webClients) m_domainTruth.Observe(client);
    if (config.workload.pid_release_at_exit)
        for (const MonitoredHost& host : build.hosts) m_pidHistory.Observe(host.pids, config.hosts[host.index].name);
}

std::map<std::string, HostClock> RunObservers::HostClocks(const ScenarioConfig& config)
{
    // The same draw as the emulated SocketLogger's (experiments/pipeline/logger-step.cc), so a
    // host's events and socket log share its clock.
    std::map<std::string, HostClock> clocks;
    const TimeUs maxOffset = static_cast<TimeUs>(std::llround(config.logger.clock_offset_s * 1e6));
    if (maxOffset == 0 && config.logger.clock_drift_ppm == 0) return clocks;
    for (std::size_t i = 0; i < config.hosts.size(); ++i)
        clocks[config.hosts[i].name] =
            DrawHostClock(config.seed, i, config.start, maxOffset, config.logger.clock_drift_ppm);
    return clocks;
}

void RunObservers::AttachEvents(ScenarioBuild& build, const std::vector<ns3::Ptr<ns3::SocketTable>>& tables)
{
    const EventsSpec& events = build.config.events;
    m_events = std::make_unique<EventRecorder>(m_outDir + "/events.csv", m_clock, HostClocks(build.config));
    ns3::EtwCollectorHelper etw;
    etw.SetAttribute("LossProbability", ns3::DoubleValue(events.loss));
    etw.SetAttribute("BufferEvents", ns3::UintegerValue(events.buffer));
    etw.SetAttribute("FlushInterval", ns3::TimeValue(ns3::Seconds(events.flush_s)));
    etw.SetAttribute("ShortLifetime", ns3::TimeValue(ns3::Seconds(events.short_lifetime_s)));
    etw.SetAttribute("ShortLossProbability", ns3::DoubleValue(events.short_loss));
    m_etw = etw.Install(tables);
    build.AssignStreams(m_etw);
    m_events->Observe(m_etw);
}

void RunObservers::CaptureOutsideNat(const ScenarioConfig& config)
{
    const std::string dir = m_outDir + "/pcap-outside";
    std::filesystem::create_directories(dir);
    ns3::NatUplinkCaptureHelper outside(dir);
    outside.SetAttribute("PublicAddress", ns3::Ipv4AddressValue(ns3::Ipv4Address(config.nat.public_address)));
    outside.SetAttribute("InsideNetwork", ns3::Ipv4AddressValue(ns3::Ipv4Address(config.lan.network)));
    outside.SetAttribute("InsideMask", ns3::Ipv4MaskValue(ns3::Ipv4Mask(~std::uint32_t(0) << (32 - config.lan.prefix))));
    outside.SetAttribute("RotateInterval", ns3::TimeValue(ns3::Seconds(config.rotate_s)));
    outside.SetAttribute("EpochStartUs", ns3::IntegerValue(config.start));
    // The gateway's end of the point-to-point uplink: everything between the LAN and the internet.
    m_outside = outside.Install(m_build.topology.uplinkDevices.Get(0));
}

std::uint64_t RunObservers::FramesCaptured() const
{
    std::uint64_t frames = 0;
    for (const auto& mirror : m_mirrors) frames += mirror->Packets();
    return frames;
}

void RunObservers::Finish(SimulationResult& result)
{
    for (std::size_t h = 0; h < m_build.hosts.size(); ++h)
    {
        m_truth.RecordStillOpen(m_build.hosts[h].table);
        m_mirrors[h]->Close();
        result.frames_captured += m_mirrors[h]->Packets();
        result.pcap_files += m_mirrors[h]->Files().size();
    }
    if (m_outside)
    {
        m_outside->Close();
        result.outside_frames_captured = m_outside->Packets();
    }
    m_history.Finish();
    result.socket_history_rows = m_history.Rows();
    if (m_events)
    {
        m_events->Commit();
        result.events_recorded = m_etw->Recorded();
        result.events_lost = m_etw->Lost();
    }
    result.truth_rows = m_truth.Write(m_outDir + "/truth.csv");
    if (m_build.config.kraken.enabled) result.kraken_infected = m_krakenTruth.Write(m_outDir + "/kraken_truth.csv");
    if (!m_build.zeusServers.empty()) result.zeus_episodes = m_zeusTruth.Write(m_outDir + "/zeus_episodes.csv");
    if (m_build.messengers) result.messenger_clients = m_messengerTruth.Write(m_build, m_outDir);
    if (m_build.config.dns.truth)
    {
        result.domain_truth_rows = m_domainTruth.Write(m_outDir + "/expected-domains.csv");
        result.domain_truth_conflicts = m_domainTruth.Conflicts();
        result.domain_truth_hard_coded = m_domainTruth.HardCoded();
    }
    if (m_build.config.workload.pid_release_at_exit)
        m_pidHistory.Write(m_outDir + "/pid-history.csv");
    WriteHosts();
}

void RunObservers::WriteHosts() const
{
    std::vector<HostRow> rows;
    for (const MonitoredHost& host : m_build.hosts)
        rows.push_back({m_build.config.hosts[host.index].name, host.address.Get()});
    WriteAll<HostWriter>(m_outDir + "/hosts.csv", rows);
}

}  // namespace ntlab
