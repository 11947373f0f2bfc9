// behaviour php-webapp: a benign web app (web mail, a CMS) that POSTs form data to a *.php page
// over plain HTTP, a few posts per visit: the traffic Zeus's reports hide among (issue 15).
#include "scenarios/sim/process-behaviours.h"
#include "scenarios/sim/random-variable-text.h"
#include "traffic-gen/helper/web-client-helper.h"

#include "ns3/nstime.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

namespace ntlab {

void InstallPhpWebApp(const ProcessSpec& spec, const MonitoredHost& host, std::uint32_t pid, ScenarioBuild& build)
{
    ns3::WebClientHelper app(false);
    app.SetAttribute("PostPath", ns3::StringValue("/wp-admin/admin-ajax.php"));
    app.SetAttribute("MaxRequests", ns3::UintegerValue(3));
    app.SetAttribute("RequestBytes", ns3::StringValue(UniformVariable(300, 3000)));
    app.SetAttribute("Interval", ns3::StringValue(ExponentialVariable(spec.interval_s / build.config.benign_load)));
    app.SetAttribute("Lifetime", ns3::StringValue(LogNormalVariable(spec.lifetime)));
    app.SetAttribute("StartTime", ns3::TimeValue(ns3::Seconds(spec.start_s)));
    app.SetProcess(pid, spec.name, host.resolver);
    auto client = app.Install(host.node);
    client->SetDomains(spec.domains);
    build.AssignStreams(client);
}

}  // namespace ntlab
