#include "scenarios/sim/monitored-hosts.h"

#include "models/helper/host-resolver-helper.h"
#include "models/helper/socket-table-helper.h"
#include "scenarios/sim/messenger-scenario.h"
#include "scenarios/sim/process-behaviours.h"
#include "scenarios/sim/workload-processes.h"

#include "ns3/nstime.h"

#include <optional>

namespace ntlab {
namespace {

using namespace ns3;

MonitoredHost InstallHostServices(std::uint32_t h, ScenarioBuild& build)
{
    const ScenarioConfig& config = build.config;
    MonitoredHost host;
    host.index = h;
    host.node = build.topology.hosts.Get(h);
    host.address = build.topology.hostAddresses[h];

    SocketTableHelper table(config.hosts[h].name);
    table.SetAttribute("TimeWaitDelay", TimeValue(Seconds(config.time_wait_s)));
    host.table = table.Install(host.node);
    build.AssignStreams(host.table);

    host.pids = CreateObject<PidAllocator>();
    build.AssignStreams(host.pids);

    // Windows' own listeners, present on every host: System on 445 (SMB), RPC on 135.
    host.table->Open(Proto::Tcp, Ipv4Address::GetAny(), 445, std::nullopt, SocketState::Listen, 4, "System");
    uint32_t rpcPid = host.pids->Allocate();
    host.table->Open(Proto::Tcp, Ipv4Address::GetAny(), 135, std::nullopt, SocketState::Listen, rpcPid, "svchost.exe");

    HostResolverHelper resolver(build.topology.dnsAddress, host.pids->Allocate(), "svchost.exe");
    host.resolver = resolver.Install(host.node);
    build.AssignStreams(host.resolver);
    return host;
}

}  // namespace

void InstallMonitoredHosts(ScenarioBuild& build)
{
    for (std::uint32_t h = 0; h < build.config.hosts.size(); ++h)
    {
        build.hosts.push_back(InstallHostServices(h, build));
        InstallListedProcesses(build.hosts.back(), build);
        if (build.messengers) InstallMessengerClients(build.hosts.back(), build);
        if (build.workload) InstallCatalogProcesses(build.hosts.back(), build);
    }
}

}  // namespace ntlab
