// servers[].kind ssh-client: a remote machine opening SSH sessions to a monitored host's
// inbound-server process (inbound traffic).
#include "scenarios/sim/random-variable-text.h"
#include "scenarios/sim/server-kinds.h"
#include "traffic-gen/helper/ssh-client-helper.h"

#include "ns3/inet-socket-address.h"
#include "ns3/string.h"

namespace ntlab {

void InstallSshClient(const ServerSpec& spec, std::uint32_t index, ScenarioBuild& build)
{
    std::uint32_t target = 0;
    while (build.config.hosts[target].name != spec.target) ++target;
    ns3::SshClientHelper ssh(ns3::InetSocketAddress(build.topology.hostAddresses[target], spec.port));
    ssh.SetAttribute("Interval", ns3::StringValue(ExponentialVariable(spec.interval_s)));
    ssh.SetAttribute("SessionDuration", ns3::StringValue(LogNormalVariable(spec.duration)));
    build.AssignStreams(ssh.Install(build.topology.servers.Get(index)));
}

}  // namespace ntlab
