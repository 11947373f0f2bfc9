// behaviour periodic-udp: a benign process sending a datagram to one server at a fixed
// interval, a periodic confounder for Kraken detection.
#include "scenarios/sim/process-behaviours.h"
#include "scenarios/sim/random-variable-text.h"
#include "traffic-gen/helper/periodic-udp-client-helper.h"

#include "ns3/nstime.h"
#include "ns3/string.h"

#include <stdexcept>
#include <string>

namespace ntlab {
namespace {

ns3::Ipv4Address ServerAddress(const ScenarioBuild& build, const std::string& name)
{
    for (std::uint32_t i = 0; i < build.config.servers.size(); ++i)
        if (build.config.servers[i].name == name) return build.topology.serverAddresses[i];
    throw std::logic_error("periodic-udp: no server named '" + name + "' (ValidateScenario checks this)");
}

}  // namespace

void InstallPeriodicUdp(const ProcessSpec& spec, const MonitoredHost& host, std::uint32_t pid, ScenarioBuild& build)
{
    ns3::PeriodicUdpClientHelper periodic(ServerAddress(build, spec.target), spec.port);
    periodic.SetAttribute("Interval", ns3::StringValue(ConstantVariable(spec.interval_s / build.config.benign_load)));
    periodic.SetAttribute("StartTime", ns3::TimeValue(ns3::Seconds(spec.start_s)));
    periodic.SetProcess(pid, spec.name, host.resolver);
    build.AssignStreams(periodic.Install(host.node));
}

}  // namespace ntlab
