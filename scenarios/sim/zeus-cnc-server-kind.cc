// servers[].kind zeus-cnc: paper 002's Zeus C&C under its one domain. Its episodes are the
// ground truth of the Zeus clustering (zeus_episodes.csv).
#include "models/helper/zeus-cnc-server-helper.h"
#include "scenarios/sim/server-kinds.h"

#include "ns3/double.h"

namespace ntlab {

void InstallZeusCncServer(const ServerSpec& spec, std::uint32_t index, ScenarioBuild& build)
{
    build.dns->AddRecord(spec.domains.front(), build.topology.serverAddresses[index]);
    ns3::ZeusCncServerHelper cnc(spec.name);
    cnc.SetAttribute("CookieTheftWeight", ns3::DoubleValue(spec.cookie_theft));
    cnc.SetAttribute("HomepageSetWeight", ns3::DoubleValue(spec.homepage_set));
    cnc.SetAttribute("OsShutdownWeight", ns3::DoubleValue(spec.os_shutdown));
    // zeus.extra_behaviours: the behaviours beyond paper 002's three, each with this weight.
    for (const char* extra : {"FormGrabWeight", "ScreenshotWeight", "FileDownloadWeight"})
        cnc.SetAttribute(extra, ns3::DoubleValue(build.config.zeus_extra_behaviours));
    cnc.SetAttribute("Spread", ns3::DoubleValue(build.config.zeus_spread));
    cnc.SetAttribute("CommandProbability", ns3::DoubleValue(1.0 - build.config.zeus_idle));
    auto server = cnc.Install(build.topology.servers.Get(index));
    build.AssignStreams(server);
    build.zeusServers.push_back(server);
}

}  // namespace ntlab
