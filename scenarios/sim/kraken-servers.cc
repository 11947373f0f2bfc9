#include "scenarios/sim/kraken-servers.h"

#include "models/helper/kraken-server-helper.h"
#include "models/helper/smtp-server-helper.h"
#include "models/payload/kraken-dga.h"

#include "ns3/boolean.h"
#include "ns3/ipv4-address.h"
#include "ns3/string.h"

#include <sstream>
#include <string>
#include <vector>

namespace ntlab {
namespace {

using ns3::KrakenServerApplication;

// "a,b,c": the form of the UpdateServers and SpamDomains attributes.
std::string Joined(const std::vector<std::string>& items)
{
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
    return out;
}

std::string Text(ns3::Ipv4Address address)
{
    std::ostringstream s;
    address.Print(s);
    return s.str();
}

void RegisterNames(ScenarioBuild& build)
{
    const KrakenSpec& kraken = build.config.kraken;
    const auto& addresses = build.topology.krakenAddresses;
    for (std::uint32_t index : kraken.registered)
        build.dns->AddRecord(KrakenDgaName(build.config, index), addresses[KrakenNode::kLoadBalancer]);
    build.dns->AddMxRecord("gmail.com", 5, "gmail-smtp-in.l.google.com");
    build.dns->AddMxRecord("google.com", 10, "smtp.google.com");
    build.dns->AddRecord("gmail-smtp-in.l.google.com", addresses[KrakenNode::kGoogleMx]);
    build.dns->AddRecord("smtp.google.com", addresses[KrakenNode::kGoogleMx]);
}

void InstallKrakenServerRoles(ScenarioBuild& build)
{
    const KrakenSpec& kraken = build.config.kraken;
    const auto& addresses = build.topology.krakenAddresses;
    std::vector<std::string> updateServers;
    for (std::uint32_t u = 0; u < kraken.update_servers; ++u) updateServers.push_back(Text(addresses[KrakenNode::UpdateServer(u)]));
    auto install = [&](std::uint32_t node, KrakenServerApplication::Role role) {
        ns3::KrakenServerHelper server(role);
        server.SetAttribute("UpdateServers", ns3::StringValue(Joined(updateServers)));
        server.SetAttribute("Herder", ns3::Ipv4AddressValue(addresses[KrakenNode::kHerder]));
        server.SetAttribute("SpamDomains", ns3::StringValue(Joined(kraken.spam_domains)));
        server.SetAttribute("SealedMessages", ns3::BooleanValue(kraken.sealed));
        build.AssignStreams(server.Install(build.topology.krakenServers.Get(node)));
    };
    install(KrakenNode::kLoadBalancer, KrakenServerApplication::LOAD_BALANCE);
    install(KrakenNode::kHerder, KrakenServerApplication::COMMAND);
    for (std::uint32_t u = 0; u < kraken.update_servers; ++u)
        install(KrakenNode::UpdateServer(u), KrakenServerApplication::UPDATE);
}

void InstallMailExchangers(ScenarioBuild& build)
{
    const KrakenSpec& kraken = build.config.kraken;
    ns3::SmtpServerHelper("mx.google.com").Install(build.topology.krakenServers.Get(KrakenNode::kGoogleMx));
    for (std::uint32_t d = 0; d < kraken.spam_domains.size(); ++d)
    {
        const std::string exchange = "mx." + kraken.spam_domains[d];
        build.dns->AddMxRecord(kraken.spam_domains[d], 10, exchange);
        build.dns->AddRecord(exchange, build.topology.krakenAddresses[KrakenNode::SpamMx(kraken, d)]);
        ns3::SmtpServerHelper(exchange).Install(build.topology.krakenServers.Get(KrakenNode::SpamMx(kraken, d)));
    }
}

}  // namespace

std::int64_t KrakenDgaDate(const ScenarioConfig& config)
{
    return config.start / kUsPerSecond;
}

std::string KrakenDgaName(const ScenarioConfig& config, std::uint32_t index)
{
    switch (config.kraken.dga)
    {
    case KrakenDga::V2: return payload::KrakenDgaV2Domain(index, KrakenDgaDate(config));
    case KrakenDga::V2Dyndns:
        return payload::KrakenDgaV2Domain(index, KrakenDgaDate(config), payload::KrakenSeedSet::A,
                                          payload::KrakenV2Zones::DynamicDns);
    case KrakenDga::V1: break;
    }
    return payload::KrakenDgaDomain(index);
}

void InstallKrakenServers(ScenarioBuild& build)
{
    RegisterNames(build);
    InstallKrakenServerRoles(build);
    InstallMailExchangers(build);
}

}  // namespace ntlab
