#include "scenarios/sim/workload-processes.h"

#include "scenarios/sim/random-variable-text.h"
#include "scenarios/sim/workload-servers.h"
#include "traffic-gen/helper/catalog-process-helper.h"
#include "traffic-gen/helper/inbound-server-helper.h"
#include "traffic-gen/helper/ssh-client-helper.h"
#include "traffic-gen/hourly-arrival-random-variable.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/inet-socket-address.h"
#include "ns3/integer.h"
#include "ns3/pointer.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace ntlab {
namespace {

using namespace ns3;

// System is PID 4 on every Windows host and never restarts.
constexpr uint32_t kSystemPid = 4;

// Arrivals at the catalog's hourly rates. The profiles are in the hosts' local time, which is
// the scenario's UTC, so the variable starts at the hour of simulated t = 0.
Ptr<HourlyArrivalRandomVariable> HourlyArrivals(const HourlyProfile& perHour, const ScenarioConfig& config)
{
    const double startHour = double((config.start / kUsPerSecond) % 86400) / 3600.0;
    Ptr<HourlyArrivalRandomVariable> arrivals = CreateObject<HourlyArrivalRandomVariable>();
    arrivals->SetRates(perHour);
    arrivals->SetAttribute("StartHour", DoubleValue(startHour));
    return arrivals;
}

std::vector<CatalogTarget> SimulationTargets(const std::vector<WorkloadTarget>& targets, const ScenarioBuild& build)
{
    const double share = build.config.workload.ipv6_share;
    std::vector<CatalogTarget> out;
    for (const auto& t : targets)
    {
        out.push_back({t.name, Ipv4Address(t.address), t.lookup_names});
        if (share > 0 && IsDualStackName(t.name, share)) out.back().ipv6Address = FixedIpv6Address(t, build);
    }
    return out;
}

void SetNeverSeen(CatalogProcessHelper& process, const ScenarioBuild& build)
{
    if (!build.neverSeen) return;
    process.SetAttribute("NeverSeenShare", DoubleValue(build.config.workload.never_seen_share));
    process.SetAttribute("NeverSeen", PointerValue(build.neverSeen));
}

// workload.browser_processes (issue 10): which processes of each browser own its sockets, as
// each browser documents its process model (docs/workload.md, "Browsers with several processes").
CatalogProcessApplication::ChildModel BrowserChildModel(const std::string& image)
{
    static const std::map<std::string, CatalogProcessApplication::ChildModel> kBrowsers = {
        {"chrome.exe", CatalogProcessApplication::NETWORK_SERVICE},
        {"msedge.exe", CatalogProcessApplication::NETWORK_SERVICE},
        {"msedgewebview2.exe", CatalogProcessApplication::NETWORK_SERVICE},
        {"brave.exe", CatalogProcessApplication::NETWORK_SERVICE},
        {"opera.exe", CatalogProcessApplication::NETWORK_SERVICE},
        {"vivaldi.exe", CatalogProcessApplication::NETWORK_SERVICE},
        {"firefox.exe", CatalogProcessApplication::PARENT_SOCKETS},
        {"iexplore.exe", CatalogProcessApplication::TAB_PROCESSES},
    };
    auto it = kBrowsers.find(image);
    return it == kBrowsers.end() ? CatalogProcessApplication::NO_CHILDREN : it->second;
}

void SetBrowserChildren(CatalogProcessHelper& process, const std::string& image, const ScenarioBuild& build)
{
    const auto model = BrowserChildModel(image);
    if (build.config.workload.browser_processes == 0 || model == CatalogProcessApplication::NO_CHILDREN) return;
    process.SetAttribute("ChildModel", EnumValue(model));
    process.SetAttribute("Children", UintegerValue(build.config.workload.browser_processes));
    process.SetAttribute("ChildLifetime", TimeValue(Seconds(build.config.workload.browser_child_lifetime_s)));
}

void InstallOutbound(std::size_t i, const MonitoredHost& host, bool system, ScenarioBuild& build)
{
    const WorkloadProcess& p = build.catalog->processes[i];
    const WorkloadBehaviour& b = p.behaviour;
    CatalogProcessHelper process(build.topology.dnsAddress);
    process.SetAttribute("Arrival", PointerValue(HourlyArrivals(build.workload->rates[i].hourly_per_running_host, build.config)));
    process.SetAttribute("Lifetime", StringValue(LogNormalVariable(b.lifetime)));
    process.SetAttribute("Bytes", StringValue(LogNormalVariable(b.bytes)));
    process.SetAttribute("BytesCap", UintegerValue(static_cast<uint64_t>(build.config.workload.bytes_cap)));
    process.SetAttribute("DnsLookups", DoubleValue(b.dns_lookups_per_session));
    process.SetAttribute("LongLived", UintegerValue(b.long_lived.count));
    process.SetAttribute("LongLivedLifetime", StringValue(LogNormalVariable(b.long_lived.lifetime)));
    if (b.restarts.per_day > 0 && !system)
        process.SetAttribute("RestartInterval", StringValue(ExponentialVariable(86400.0 / b.restarts.per_day)));
    const double pidReuse = build.config.workload.pid_reuse >= 0 ? build.config.workload.pid_reuse : b.restarts.pid_reuse;
    process.SetAttribute("PidReuse", DoubleValue(pidReuse));
    process.SetAttribute("ReleasePidAtExit", BooleanValue(build.config.workload.pid_release_at_exit));
    process.SetAttribute("PidAllocator", PointerValue(host.pids));
    process.SetAttribute("Instances", UintegerValue(system ? 1 : b.instances));
    const LogNormalSpec& response = kCatalogWebResponse;
    process.SetAttribute("MeanResponseBytes", DoubleValue(response.median * std::exp(response.sigma * response.sigma / 2)));
    process.SetAttribute("EpochStartUs", IntegerValue(build.config.start));
    SetNeverSeen(process, build);
    SetBrowserChildren(process, p.name, build);
    process.SetProcess(system ? kSystemPid : host.pids->Allocate(), p.name, host.resolver);
    Ptr<CatalogProcessApplication> app = process.Install(host.node);
    app->SetProtocolMix({b.protocols.dns, b.protocols.tcp, b.protocols.tls, b.protocols.http, b.protocols.quic, b.protocols.udp});
    app->SetWebTargets(SimulationTargets(build.workload->web_targets[i], build));
    app->SetServiceTargets(SimulationTargets(build.workload->service_targets[i], build));
    app->SetTcpPorts(TcpPortsOf(b));
    app->SetUdpPorts(UdpPortsOf(b));
    build.AssignStreams(app);
}

void InstallInbound(std::size_t i, const MonitoredHost& host, bool system, ScenarioBuild& build)
{
    const WorkloadProcess& p = build.catalog->processes[i];
    InboundServerHelper server(p.behaviour.ports.front());
    server.SetProcess(system ? kSystemPid : host.pids->Allocate(), p.name, host.resolver);
    build.AssignStreams(server.Install(host.node));
}

// workload.system_share (issue 10): sessions of kernel-mode sockets owned by System (PID 4), on
// top of the catalog's, which the socket tables (and so the logger) never list; the truth and ETW
// see them. They use the catalog System entry's ports, servers, hourly profile, lifetime and bytes
// (SMB/NetBIOS-like); assumption: the names they need are cached, so no DNS Client lookups.
void InstallKernelSystem(std::size_t i, const MonitoredHost& host, ScenarioBuild& build)
{
    const WorkloadBehaviour& b = build.catalog->processes[i].behaviour;
    const double share = build.config.workload.system_share;
    const double perDay = share / (1 - share) * build.config.workload.sessions_per_day * build.config.benign_load;
    double mean = 0;
    for (double v : b.hourly) mean += v / 24;
    HourlyProfile perHour{};
    for (std::size_t k = 0; k < 24; ++k)
        perHour[k] = perDay / double(build.config.hosts.size()) / 24 * b.hourly[k] / mean;
    CatalogProcessHelper process(build.topology.dnsAddress);
    process.SetAttribute("Arrival", PointerValue(HourlyArrivals(perHour, build.config)));
    process.SetAttribute("Lifetime", StringValue(LogNormalVariable(b.lifetime)));
    process.SetAttribute("Bytes", StringValue(LogNormalVariable(b.bytes)));
    process.SetAttribute("BytesCap", UintegerValue(static_cast<uint64_t>(build.config.workload.bytes_cap)));
    process.SetAttribute("KernelSockets", BooleanValue(true));
    process.SetAttribute("EpochStartUs", IntegerValue(build.config.start));
    SetNeverSeen(process, build);
    process.SetProcess(kSystemPid, "System", host.resolver);
    Ptr<CatalogProcessApplication> app = process.Install(host.node);
    app->SetProtocolMix({0, b.protocols.tcp, 0, 0, 0, b.protocols.udp});
    app->SetServiceTargets(SimulationTargets(build.workload->service_targets[i], build));
    app->SetWebTargets(SimulationTargets(build.workload->web_targets[i], build));
    app->SetTcpPorts(TcpPortsOf(b));
    app->SetUdpPorts(UdpPortsOf(b));
    build.AssignStreams(app);
}

}  // namespace

void InstallCatalogProcesses(const MonitoredHost& host, ScenarioBuild& build)
{
    for (std::size_t i = 0; i < build.catalog->processes.size(); ++i)
    {
        const WorkloadProcess& p = build.catalog->processes[i];
        const bool system = p.name == "System";
        if (system && build.config.workload.system_share > 0) InstallKernelSystem(i, host, build);  // every host
        if (!RunsOn(*build.workload, i, host.index)) continue;
        if (p.behaviour.direction == WorkloadDirection::Inbound)
            InstallInbound(i, host, system, build);
        else
            InstallOutbound(i, host, system, build);
    }
}

void InstallCatalogClients(ScenarioBuild& build)
{
    const auto& pairs = build.workload->inbound_pairs;
    for (std::size_t k = 0; k < pairs.size(); ++k)
    {
        const WorkloadBehaviour& b = build.catalog->processes[pairs[k].process].behaviour;
        SshClientHelper ssh(InetSocketAddress(build.topology.hostAddresses[pairs[k].host], b.ports.front()));
        ssh.SetAttribute("Interval",
                         PointerValue(HourlyArrivals(build.workload->rates[pairs[k].process].hourly_per_running_host, build.config)));
        ssh.SetAttribute("SessionDuration", StringValue(LogNormalVariable(b.lifetime)));
        // About 480 bytes per exchange (client packet and reply) after a ~3 kB key exchange.
        ssh.SetAttribute("Exchanges", StringValue(LogNormalVariable({std::max(1.0, (b.bytes.median - 3000) / 480), b.bytes.sigma})));
        build.AssignStreams(ssh.Install(build.topology.catalogClients.Get(k)));
    }
}

}  // namespace ntlab
