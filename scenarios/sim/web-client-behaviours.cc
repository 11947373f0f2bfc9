// behaviour browser and service (WebClientApplication). A browser loads pages: parallel TLS
// connections with an SNI and several requests each. A service makes one short HTTP or TLS
// request per activity, often shorter than the poll interval.
#include "scenarios/sim/process-behaviours.h"
#include "scenarios/sim/random-variable-text.h"
#include "traffic-gen/helper/web-client-helper.h"

#include <map>
#include <string>

#include "ns3/double.h"
#include "ns3/nstime.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

namespace ntlab {
namespace {

/// The first address of each of the process's names, as an application that hard-codes them holds.
std::map<std::string, ns3::Ipv4Address> HardCodedAddresses(const ProcessSpec& spec, const ScenarioBuild& build)
{
    std::map<std::string, ns3::Ipv4Address> fixed;
    for (const auto& domain : spec.domains)
    {
        auto addresses = build.dns->Addresses(domain);
        if (!addresses.empty()) fixed[domain] = addresses.front();
    }
    return fixed;
}

void InstallWebClient(ns3::WebClientHelper& client, const ProcessSpec& spec, const MonitoredHost& host,
                      std::uint32_t pid, ScenarioBuild& build)
{
    client.SetAttribute("Interval", ns3::StringValue(ExponentialVariable(spec.interval_s / build.config.benign_load)));
    client.SetAttribute("Lifetime", ns3::StringValue(LogNormalVariable(spec.lifetime)));
    client.SetAttribute("StartTime", ns3::TimeValue(ns3::Seconds(spec.start_s)));
    client.SetProcess(pid, spec.name, host.resolver);
    client.SetAttribute("FixedAddressShare", ns3::DoubleValue(build.config.dns.fixed_address_share));
    auto app = client.Install(host.node);
    app->SetDomains(spec.domains);
    if (build.config.dns.fixed_address_share > 0) app->SetFixedAddresses(HardCodedAddresses(spec, build));
    build.AssignStreams(app);
    build.webClients.push_back(app);
}

}  // namespace

void InstallBrowser(const ProcessSpec& spec, const MonitoredHost& host, std::uint32_t pid, ScenarioBuild& build)
{
    ns3::WebClientHelper browser(true);
    // Whole connection counts min..max, each about equally likely once rounded.
    browser.SetAttribute("Connections",
                         ns3::StringValue(UniformVariable(spec.connections.min - 0.49, spec.connections.max + 0.49)));
    InstallWebClient(browser, spec, host, pid, build);
}

void InstallService(const ProcessSpec& spec, const MonitoredHost& host, std::uint32_t pid, ScenarioBuild& build)
{
    ns3::WebClientHelper service(spec.protocol == AppProtocol::Tls);
    service.SetAttribute("MaxRequests", ns3::UintegerValue(1));
    InstallWebClient(service, spec, host, pid, build);
}

}  // namespace ntlab
