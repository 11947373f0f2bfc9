// behaviour dyndns-updater: a benign process resolving its one name at a fixed interval, a
// periodic confounder for Kraken detection. The name exists (it points at the internet router).
#include "scenarios/sim/process-behaviours.h"
#include "scenarios/sim/random-variable-text.h"
#include "traffic-gen/helper/dynamic-dns-updater-helper.h"

#include "ns3/nstime.h"
#include "ns3/string.h"

namespace ntlab {

void RegisterDyndnsName(const ProcessSpec& spec, ScenarioBuild& build)
{
    build.dns->AddRecord(spec.hostname, build.topology.routerAddress);
}

void InstallDyndnsUpdater(const ProcessSpec& spec, const MonitoredHost& host, std::uint32_t pid, ScenarioBuild& build)
{
    ns3::DynamicDnsUpdaterHelper updater(spec.hostname);
    updater.SetAttribute("CheckInterval", ns3::StringValue(ConstantVariable(spec.interval_s / build.config.benign_load)));
    updater.SetAttribute("StartTime", ns3::TimeValue(ns3::Seconds(spec.start_s)));
    updater.SetProcess(pid, spec.name, host.resolver);
    build.AssignStreams(updater.Install(host.node));
}

}  // namespace ntlab
