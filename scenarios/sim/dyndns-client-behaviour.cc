// behaviour dyndns-client: a home NAS or camera client (issue 15's confounder) that resolves its
// own dynamic-DNS name and its peers' names in turn, one per interval. The own name and the
// peers exist (they point at the internet router); the `gone` peers do not, so they get NXDOMAIN.
#include "scenarios/sim/process-behaviours.h"
#include "scenarios/sim/random-variable-text.h"
#include "traffic-gen/helper/dynamic-dns-updater-helper.h"

#include "ns3/nstime.h"
#include "ns3/string.h"

namespace ntlab {

void RegisterDyndnsClientNames(const ProcessSpec& spec, ScenarioBuild& build)
{
    build.dns->AddRecord(spec.hostname, build.topology.routerAddress);
    for (const auto& peer : spec.peers) build.dns->AddRecord(peer, build.topology.routerAddress);
}

void InstallDyndnsClient(const ProcessSpec& spec, const MonitoredHost& host, std::uint32_t pid, ScenarioBuild& build)
{
    std::string names = spec.hostname;
    for (const auto& peer : spec.peers) names += "," + peer;
    for (const auto& peer : spec.gone) names += "," + peer;
    ns3::DynamicDnsUpdaterHelper client(names);
    client.SetAttribute("CheckInterval", ns3::StringValue(ConstantVariable(spec.interval_s / build.config.benign_load)));
    client.SetAttribute("StartTime", ns3::TimeValue(ns3::Seconds(spec.start_s)));
    client.SetProcess(pid, spec.name, host.resolver);
    build.AssignStreams(client.Install(host.node));
}

}  // namespace ntlab
