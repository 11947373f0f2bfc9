// behaviour inbound-server: a listening process (sshd.exe) that remote clients connect to.
#include "scenarios/sim/process-behaviours.h"
#include "traffic-gen/helper/inbound-server-helper.h"

namespace ntlab {

void InstallInboundServer(const ProcessSpec& spec, const MonitoredHost& host, std::uint32_t pid, ScenarioBuild& build)
{
    ns3::InboundServerHelper server(spec.port);
    server.SetProcess(pid, spec.name, host.resolver);
    build.AssignStreams(server.Install(host.node));
}

}  // namespace ntlab
