// The IPv6 half of a dual-stack enterprise (issue 10, workload.ipv6_share > 0): addresses from
// the unique-local fd00::/48 (RFC 4193) on the LAN, the uplink and the catalog servers, the
// gateway and router forwarding, and static routes hosts -> gateway -> router -> servers. Only
// the nodes IPv6 sessions use get an interface: with the knob off nothing here runs, so no
// neighbour discovery or other IPv6 packet changes a capture.
#include "scenarios/sim/enterprise-topology.h"

#include "models/ipv6-address-block-routing.h"

#include "ns3/boolean.h"
#include "ns3/icmpv6-l4-protocol.h"
#include "ns3/internet-module.h"
#include "ns3/ipv6-list-routing.h"

#include <string>
#include <vector>

namespace ntlab {
namespace {

using namespace ns3;

// fd00:0:0:<subnet>::<host>, the host number written as the IPv4 one is (.11 -> ::11), so the
// twin of 10.0.0.11 reads fd00:0:0:1::11. Not 2001:db8::/32 (RFC 3849): ns-3's IPv6 forwarding
// drops documentation addresses, as a real router should.
Ipv6Address Twin(std::uint32_t subnet, std::uint32_t host)
{
    return Ipv6Address(("fd00:0:0:" + std::to_string(subnet) + "::" + std::to_string(host)).c_str());
}

constexpr std::uint32_t kLanSubnet = 1;
constexpr std::uint32_t kUplinkSubnet = 2;
constexpr std::uint32_t kInternetSubnet = 3;

// Returns the interface index. Duplicate address detection is off: the addresses are planned
// unique, and DAD would hold them tentative for the first second of the run.
uint32_t Assign6(Ptr<NetDevice> device, Ipv6Address address)
{
    Ptr<Node> node = device->GetNode();
    node->GetObject<Icmpv6L4Protocol>()->SetAttribute("DAD", BooleanValue(false));
    Ptr<Ipv6> ipv6 = node->GetObject<Ipv6>();
    int32_t index = ipv6->GetInterfaceForDevice(device);
    if (index < 0)
    {
        index = int32_t(ipv6->AddInterface(device));
    }
    ipv6->AddAddress(uint32_t(index), Ipv6InterfaceAddress(address, Ipv6Prefix(64)));
    ipv6->SetUp(uint32_t(index));
    return uint32_t(index);
}

Ptr<Ipv6StaticRouting> StaticRoutes(Ptr<Node> node)
{
    Ipv6StaticRoutingHelper helper;
    return helper.GetStaticRouting(node->GetObject<Ipv6>());
}

void RouteHostsAndGateway(EnterpriseTopology& t, uint32_t gatewayUplink)
{
    const Ipv6Address gatewayLan = Twin(kLanSubnet, 1);
    for (uint32_t h = 0; h < t.hosts.GetN(); ++h)
    {
        uint32_t lan = uint32_t(t.hosts.Get(h)->GetObject<Ipv6>()->GetInterfaceForDevice(t.hostDevices[h]));
        StaticRoutes(t.hosts.Get(h))->SetDefaultRoute(gatewayLan, lan);
    }
    StaticRoutes(t.gateway)->SetDefaultRoute(Twin(kUplinkSubnet, 2), gatewayUplink);
}

void RouteRouterAndServers(EnterpriseTopology& t, uint32_t routerUplink, uint32_t firstServerDevice)
{
    StaticRoutes(t.internetRouter)
        ->AddNetworkRouteTo(Twin(kLanSubnet, 0), Ipv6Prefix(64), Twin(kUplinkSubnet, 1), routerUplink);
    for (uint32_t i = 0; i < t.catalogServers.GetN(); ++i)
    {
        Ptr<NetDevice> device = t.internetDevices.Get(firstServerDevice + i);
        uint32_t index = uint32_t(t.catalogServers.Get(i)->GetObject<Ipv6>()->GetInterfaceForDevice(device));
        StaticRoutes(t.catalogServers.Get(i))->SetDefaultRoute(Twin(kInternetSubnet, 1), index);
    }
}

// A server's IPv6 routing as a list: its block routing ahead of a static routing (the stack's
// default IPv6 routing is a bare Ipv6StaticRouting). Set before the server's addresses, so the
// static routing learns its interfaces as the default one would.
Ptr<Ipv6AddressBlockRouting> ListRoutingWithBlock(Ptr<Node> server)
{
    Ptr<Ipv6ListRouting> list = CreateObject<Ipv6ListRouting>();
    list->AddRoutingProtocol(CreateObject<Ipv6StaticRouting>(), 0);
    Ptr<Ipv6AddressBlockRouting> block = CreateObject<Ipv6AddressBlockRouting>();
    list->AddRoutingProtocol(block, 100);
    server->GetObject<Ipv6>()->SetRoutingProtocol(list);
    return block;
}

// The servers' IPv6 blocks: the router routes fd00:0:1:<i>::/64 to server i, whose block routing
// delivers it locally. Ipv6ListRouting asks its protocols only on a forwarding interface.
void RouteServerBlocks(EnterpriseTopology& t, const std::vector<Ptr<Ipv6AddressBlockRouting>>& blocks,
                       uint32_t routerInternet, uint32_t firstServerDevice, uint32_t blockSize)
{
    for (uint32_t i = 0; i < t.catalogServers.GetN(); ++i)
    {
        const std::string prefix = "fd00:0:1:" + std::to_string(i) + "::";
        t.catalogServerIpv6Blocks.push_back(Ipv6Address((prefix + "1").c_str()));
        StaticRoutes(t.internetRouter)
            ->AddNetworkRouteTo(Ipv6Address(prefix.c_str()), Ipv6Prefix(64), t.catalogServerIpv6Addresses[i],
                                routerInternet);
        Ptr<Ipv6> ipv6 = t.catalogServers.Get(i)->GetObject<Ipv6>();
        ipv6->SetForwarding(uint32_t(ipv6->GetInterfaceForDevice(t.internetDevices.Get(firstServerDevice + i))), true);
        blocks[i]->SetBlock(t.catalogServerIpv6Blocks.back(), blockSize);
    }
}

}  // namespace

void AddIpv6(const ScenarioConfig& config, EnterpriseTopology& t)
{
    std::vector<Ptr<Ipv6AddressBlockRouting>> blocks;
    for (uint32_t i = 0; i < t.catalogServers.GetN(); ++i)
    {
        blocks.push_back(ListRoutingWithBlock(t.catalogServers.Get(i)));
    }
    for (uint32_t h = 0; h < t.hosts.GetN(); ++h)
    {
        t.hostIpv6Addresses.push_back(Twin(kLanSubnet, 11 + h));
        Assign6(t.hostDevices[h], t.hostIpv6Addresses.back());
    }
    Ptr<Ipv6> gateway = t.gateway->GetObject<Ipv6>();
    gateway->SetForwarding(Assign6(t.gatewayLanDevice, Twin(kLanSubnet, 1)), true);
    const uint32_t gatewayUplink = Assign6(t.uplinkDevices.Get(0), Twin(kUplinkSubnet, 1));
    gateway->SetForwarding(gatewayUplink, true);
    Ptr<Ipv6> router = t.internetRouter->GetObject<Ipv6>();
    const uint32_t routerUplink = Assign6(t.uplinkDevices.Get(1), Twin(kUplinkSubnet, 2));
    router->SetForwarding(routerUplink, true);
    const uint32_t routerInternet = Assign6(t.internetDevices.Get(0), Twin(kInternetSubnet, 1));
    router->SetForwarding(routerInternet, true);
    // Catalog servers sit last but the catalog clients on the internet segment (CreateNodes).
    const uint32_t firstServerDevice = t.internetDevices.GetN() - t.catalogClients.GetN() - t.catalogServers.GetN();
    for (uint32_t i = 0; i < t.catalogServers.GetN(); ++i)
    {
        t.catalogServerIpv6Addresses.push_back(Twin(kInternetSubnet, 200 + i));
        Assign6(t.internetDevices.Get(firstServerDevice + i), t.catalogServerIpv6Addresses.back());
    }
    RouteHostsAndGateway(t, gatewayUplink);
    RouteRouterAndServers(t, routerUplink, firstServerDevice);
    RouteServerBlocks(t, blocks, routerInternet, firstServerDevice, config.workload.addresses_per_server);
}

}  // namespace ntlab
