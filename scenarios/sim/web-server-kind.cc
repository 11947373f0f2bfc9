// servers[].kind web: a web/TLS server for some domains, which the DNS server resolves to it.
#include "models/helper/web-server-helper.h"
#include "scenarios/sim/random-variable-text.h"
#include "scenarios/config/dns-conditions.h"
#include "scenarios/sim/server-kinds.h"

#include "ns3/string.h"
#include "ns3/uinteger.h"

namespace ntlab {

void InstallWebServer(const ServerSpec& spec, std::uint32_t index, ScenarioBuild& build)
{
    // messengers.benign_inside answers for this server inside a messenger network: its names lead there.
    const BenignInsideSpec& inside = build.config.messengers.benign_inside;
    const bool movedInside = build.config.messengers.enabled && inside.address != 0 && inside.server == spec.name;
    const ns3::Ipv4Address address = movedInside ? ns3::Ipv4Address(inside.address) : build.topology.serverAddresses[index];
    // dns.sharing may place this server's names on others and others' names here (a CDN).
    for (const NamePlacement& placed : PlaceWebNames(build.config))
        if (placed.server == index) build.dns->AddRecord(placed.name, address);
    ns3::WebServerHelper web(spec.name);
    web.SetAttribute("HttpPort", ns3::UintegerValue(spec.http ? 80 : 0));
    web.SetAttribute("TlsPort", ns3::UintegerValue(spec.tls ? 443 : 0));
    web.SetAttribute("ResponseSize", ns3::StringValue(LogNormalVariable(spec.response_bytes)));
    build.AssignStreams(web.Install(build.topology.servers.Get(index)));
}

}  // namespace ntlab
