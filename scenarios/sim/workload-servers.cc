#include "scenarios/sim/workload-servers.h"

#include "models/helper/catalog-server-helper.h"
#include "models/helper/web-server-helper.h"
#include "models/ipv6-address-block-routing.h"
#include "scenarios/sim/random-variable-text.h"

#include "ns3/boolean.h"
#include "ns3/integer.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <string>

namespace ntlab {
namespace {

std::uint32_t ServerOf(const WorkloadTarget& target, const ScenarioBuild& build)
{
    return (target.address - kWorkloadBlockBase) / WorkloadBlockStride(build.config.workload.addresses_per_server);
}

// Dual-stack names answer AAAA queries from their server's IPv6 block, one address per answer,
// as their A queries do from the IPv4 block.
void AddAaaaPools(ScenarioBuild& build)
{
    const double share = build.config.workload.ipv6_share;
    const std::uint32_t blockSize = build.config.workload.addresses_per_server;
    for (const auto* perProcess : {&build.workload->web_targets, &build.workload->service_targets})
        for (const auto& targets : *perProcess)
            for (const WorkloadTarget& t : targets)
            {
                if (!IsDualStackName(t.name, share)) continue;
                const ns3::Ipv6Address first = build.topology.catalogServerIpv6Blocks.at(ServerOf(t, build));
                build.dns->AddPool6(t.name, first, blockSize);
                for (const auto& name : t.lookup_names) build.dns->AddPool6(name, first, blockSize);
            }
}

}  // namespace

bool IsDualStackName(const std::string& name, double share)
{
    std::uint64_t hash = 14695981039346656037ull;  // FNV-1a 64
    for (unsigned char c : name) hash = (hash ^ c) * 1099511628211ull;
    return double(hash >> 11) / double(1ull << 53) < share;
}

ns3::Ipv6Address FixedIpv6Address(const WorkloadTarget& target, const ScenarioBuild& build)
{
    const std::uint32_t server = ServerOf(target, build);
    const std::uint32_t offset = target.address - WorkloadBlockFirst(server, build.config.workload.addresses_per_server);
    return ns3::Ipv6AddressBlockRouting::Nth(build.topology.catalogServerIpv6Blocks.at(server), offset);
}

void InstallCatalogServers(ScenarioBuild& build)
{
    const WorkloadPlan& plan = *build.workload;
    const ns3::NodeContainer& servers = build.topology.catalogServers;
    for (std::uint32_t i = 0; i < servers.GetN(); ++i)
    {
        ns3::WebServerHelper web("catalog-" + std::to_string(i));
        web.SetAttribute("ResponseSize", ns3::StringValue(LogNormalVariable(kCatalogWebResponse)));
        // Dual stack (workload.ipv6_share): the servers also listen on [::].
        const bool ipv6 = build.config.workload.ipv6_share > 0;
        web.SetAttribute("ListenIpv6", ns3::BooleanValue(ipv6));
        build.AssignStreams(web.Install(servers.Get(i)));
        ns3::CatalogServerHelper generic(plan.tcp_ports, plan.udp_ports);
        generic.SetAttribute("EpochStartUs", ns3::IntegerValue(build.config.start));
        generic.SetAttribute("ListenIpv6", ns3::BooleanValue(ipv6));
        build.AssignStreams(generic.Install(servers.Get(i)));
    }
    // Sessions without a lookup and nothing cached go to a fixed address of the block (the plan's
    // target addresses). TCP and UDP alike: the servers' UDP replies leave from the contacted
    // address (AddressBlockRouting, Ipv4PacketInfoTag).
    build.AssignStreams(build.dns);
    const std::uint32_t blockSize = build.config.workload.addresses_per_server;
    for (const WorkloadDnsPool& pool : plan.dns_pools)
        build.dns->AddPool(pool.name, ns3::Ipv4Address(WorkloadBlockFirst(pool.server, blockSize)), blockSize);
    if (build.config.workload.ipv6_share > 0) AddAaaaPools(build);
    // Fresh destinations (workload.never_seen_share), answered by the last server
    // (RouteWorkloadBlocks), their fresh names by the DNS server.
    if (build.config.workload.never_seen_share > 0)
    {
        build.neverSeen = ns3::CreateObject<ns3::NeverSeenAddresses>();
        build.neverSeen->SetAttribute("First", ns3::Ipv4AddressValue(ns3::Ipv4Address(kNeverSeenBlockBase)));
        build.neverSeen->SetAttribute("Count", ns3::UintegerValue(kNeverSeenBlockSize));
        build.neverSeen->SetDnsServer(build.dns);
    }
}

}  // namespace ntlab
