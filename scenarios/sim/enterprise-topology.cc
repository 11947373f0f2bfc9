#include "scenarios/sim/enterprise-topology.h"

#include "models/address-block-routing.h"
#include "scenarios/config/workload-plan.h"

#include "ns3/abort.h"
#include "ns3/bridge-module.h"
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/point-to-point-module.h"

namespace ntlab {
namespace {

using namespace ns3;

Ipv4Address Nth(const SegmentSpec& segment, std::uint32_t n)
{
    return Ipv4Address(segment.network + n);
}

void Assign(Ptr<NetDevice> device, Ipv4Address address, int prefix)
{
    Ptr<ns3::Ipv4> ipv4 = device->GetNode()->GetObject<ns3::Ipv4>();
    int32_t index = ipv4->AddInterface(device);
    ipv4->AddAddress(index, Ipv4InterfaceAddress(address, Ipv4Mask(~0u << (32 - prefix))));
    ipv4->SetUp(index);
}

uint32_t InterfaceOf(Ptr<NetDevice> device)
{
    return uint32_t(device->GetNode()->GetObject<ns3::Ipv4>()->GetInterfaceForDevice(device));
}

// Every node but the internet router, which is created with the uplink.
void CreateNodes(const ScenarioConfig& config, std::size_t catalogClients, EnterpriseTopology& t)
{
    t.switchNode = CreateObject<Node>();
    t.gateway = CreateObject<Node>();
    t.hosts.Create(config.hosts.size());
    t.dnsServer = CreateObject<Node>();
    t.servers.Create(config.servers.size());
    if (config.kraken.enabled)
    {
        t.krakenServers.Create(KrakenNode::Count(config.kraken));
    }
    if (config.workload.enabled)
    {
        t.catalogServers.Create(config.workload.servers);
        if (catalogClients > 0)
        {
            t.catalogClients.Create(catalogClients);
        }
    }
}

// Each host and the gateway on its own CSMA link to the switch, a bridge over all their ports.
void ConnectLan(const ScenarioConfig& config, EnterpriseTopology& t)
{
    CsmaHelper lanLink;
    lanLink.SetChannelAttribute("DataRate", StringValue(config.lan.rate));
    lanLink.SetChannelAttribute("Delay", TimeValue(Seconds(config.lan.delay_s)));
    for (uint32_t i = 0; i < t.hosts.GetN(); ++i)
    {
        NetDeviceContainer link = lanLink.Install(NodeContainer(t.hosts.Get(i), t.switchNode));
        t.hostDevices.push_back(link.Get(0));
        t.switchPorts.Add(link.Get(1));
    }
    NetDeviceContainer gatewayLink = lanLink.Install(NodeContainer(t.gateway, t.switchNode));
    t.gatewayLanDevice = gatewayLink.Get(0);
    t.switchPorts.Add(gatewayLink.Get(1));
    BridgeHelper bridge;
    bridge.Install(t.switchNode, t.switchPorts);
}

// The internet delay sits on a point-to-point uplink: an ns-3 CSMA channel is busy for the
// whole propagation delay of every frame, so a 10 ms shared bus would throttle all servers.
void ConnectInternet(const ScenarioConfig& config, EnterpriseTopology& t)
{
    t.internetRouter = CreateObject<Node>();
    PointToPointHelper uplink;
    uplink.SetDeviceAttribute("DataRate", StringValue(config.internet.rate));
    uplink.SetChannelAttribute("Delay", TimeValue(Seconds(config.internet.delay_s)));
    t.uplinkDevices = uplink.Install(t.gateway, t.internetRouter);
    CsmaHelper serverSegment;
    serverSegment.SetChannelAttribute("DataRate", StringValue(config.internet.rate));
    serverSegment.SetChannelAttribute("Delay", TimeValue(MicroSeconds(1)));
    NodeContainer internetNodes(t.internetRouter, t.dnsServer);
    internetNodes.Add(t.servers);
    internetNodes.Add(t.krakenServers);
    internetNodes.Add(t.catalogServers);
    internetNodes.Add(t.catalogClients);
    t.internetDevices = serverSegment.Install(internetNodes);
}

void InstallStacks(EnterpriseTopology& t)
{
    InternetStackHelper stack;
    stack.Install(t.gateway);
    stack.Install(t.internetRouter);
    stack.Install(t.hosts);
    stack.Install(t.dnsServer);
    stack.Install(t.servers);
    stack.Install(t.krakenServers);
    stack.Install(t.catalogServers);
    stack.Install(t.catalogClients);
}

void AssignInternetAddresses(const ScenarioConfig& config, EnterpriseTopology& t)
{
    const int prefix = config.internet.prefix;
    t.routerAddress = Nth(config.internet, 1);
    Assign(t.internetDevices.Get(0), t.routerAddress, prefix);
    t.dnsAddress = Nth(config.internet, 53);
    Assign(t.internetDevices.Get(1), t.dnsAddress, prefix);
    uint32_t device = 2;
    for (uint32_t i = 0; i < t.servers.GetN(); ++i)
    {
        uint32_t n = config.servers[i].kind == ServerKind::SshClient ? 100 + i : 10 + i;
        t.serverAddresses.push_back(Nth(config.internet, n));
        Assign(t.internetDevices.Get(device++), t.serverAddresses.back(), prefix);
    }
    for (uint32_t i = 0; i < t.krakenServers.GetN(); ++i)
    {
        t.krakenAddresses.push_back(Nth(config.internet, KrakenNode::HostNumber(config.kraken, i)));
        Assign(t.internetDevices.Get(device++), t.krakenAddresses.back(), prefix);
    }
    for (uint32_t i = 0; i < t.catalogServers.GetN(); ++i)
    {
        t.catalogServerAddresses.push_back(Nth(config.internet, 200 + i));
        Assign(t.internetDevices.Get(device++), t.catalogServerAddresses.back(), prefix);
    }
    for (uint32_t i = 0; i < t.catalogClients.GetN(); ++i)
    {
        t.catalogClientAddresses.push_back(Nth(config.internet, 240 + i));
        Assign(t.internetDevices.Get(device++), t.catalogClientAddresses.back(), prefix);
    }
}

// Interfaces are numbered in assignment order on each node; this order is the original one.
void AssignAddresses(const ScenarioConfig& config, EnterpriseTopology& t)
{
    Assign(t.gatewayLanDevice, Nth(config.lan, 1), config.lan.prefix);
    // Uplink: a /30 from 100.64.0.0/10 (carrier-grade NAT space), outside both segments.
    Assign(t.uplinkDevices.Get(0), Ipv4Address("100.64.0.1"), 30);
    Assign(t.uplinkDevices.Get(1), Ipv4Address("100.64.0.2"), 30);
    AssignInternetAddresses(config, t);
    for (uint32_t i = 0; i < t.hosts.GetN(); ++i)
    {
        t.hostAddresses.push_back(Nth(config.lan, 11 + i));
        Assign(t.hostDevices[i], t.hostAddresses.back(), config.lan.prefix);
    }
}

// Remote-address diversity (docs/workload.md): catalog server i answers for a block of
// 198.18.0.0/15 as a CDN front end does. AddressBlockRouting delivers the block locally on the
// server; static routes lead there: hosts -> gateway -> internet router -> server i.
void RouteWorkloadBlocks(const ScenarioConfig& config, EnterpriseTopology& t)
{
    const uint32_t blockSize = config.workload.addresses_per_server;
    const uint32_t blockStride = WorkloadBlockStride(blockSize);
    auto blockFirst = [&](uint32_t server) { return Ipv4Address(WorkloadBlockFirst(server, blockSize)); };
    Ipv4StaticRoutingHelper staticRouting;
    const Ipv4Address allBlocks(kWorkloadBlockBase);
    const Ipv4Mask allMask(~(kWorkloadBlockSpace - 1));
    for (uint32_t h = 0; h < t.hosts.GetN(); ++h)
    {
        staticRouting.GetStaticRouting(t.hosts.Get(h)->GetObject<ns3::Ipv4>())
            ->AddNetworkRouteTo(allBlocks, allMask, Nth(config.lan, 1), InterfaceOf(t.hostDevices[h]));
    }
    staticRouting.GetStaticRouting(t.gateway->GetObject<ns3::Ipv4>())
        ->AddNetworkRouteTo(allBlocks, allMask, Ipv4Address("100.64.0.2"), InterfaceOf(t.uplinkDevices.Get(0)));
    Ptr<Ipv4StaticRouting> routerRoutes = staticRouting.GetStaticRouting(t.internetRouter->GetObject<ns3::Ipv4>());
    for (uint32_t i = 0; i < t.catalogServers.GetN(); ++i)
    {
        routerRoutes->AddNetworkRouteTo(blockFirst(i), Ipv4Mask(~(blockStride - 1)), t.catalogServerAddresses[i],
                                        InterfaceOf(t.internetDevices.Get(0)));
        Ptr<ns3::Ipv4> ipv4 = t.catalogServers.Get(i)->GetObject<ns3::Ipv4>();
        Ptr<Ipv4ListRouting> list = DynamicCast<Ipv4ListRouting>(ipv4->GetRoutingProtocol());
        NS_ABORT_MSG_IF(!list, "catalog servers need list routing");
        Ptr<AddressBlockRouting> block = CreateObject<AddressBlockRouting>();
        block->SetBlock(blockFirst(i), blockSize);
        block->SetIpv4(ipv4);
        list->AddRoutingProtocol(block, 100);  // ahead of static (0) and global (-10)
    }
    if (config.workload.never_seen_share > 0)
    {
        // 198.19.0.0/16, the never-seen destinations: all of it on the last server.
        const uint32_t last = t.catalogServers.GetN() - 1;
        routerRoutes->AddNetworkRouteTo(Ipv4Address(kNeverSeenBlockBase), Ipv4Mask(~(kNeverSeenBlockSize - 1)),
                                        t.catalogServerAddresses[last], InterfaceOf(t.internetDevices.Get(0)));
        Ptr<ns3::Ipv4> ipv4 = t.catalogServers.Get(last)->GetObject<ns3::Ipv4>();
        Ptr<AddressBlockRouting> block = CreateObject<AddressBlockRouting>();
        block->SetBlock(Ipv4Address(kNeverSeenBlockBase), kNeverSeenBlockSize);
        block->SetIpv4(ipv4);
        DynamicCast<Ipv4ListRouting>(ipv4->GetRoutingProtocol())->AddRoutingProtocol(block, 99);
    }
}

}  // namespace

EnterpriseTopology BuildEnterpriseTopology(const ScenarioConfig& config, std::size_t catalogClients)
{
    EnterpriseTopology t;
    CreateNodes(config, catalogClients, t);
    ConnectLan(config, t);
    ConnectInternet(config, t);
    InstallStacks(t);
    AssignAddresses(config, t);
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    if (config.workload.enabled)
    {
        RouteWorkloadBlocks(config, t);
    }
    if (config.workload.enabled && config.workload.ipv6_share > 0)
    {
        AddIpv6(config, t);
    }
    return t;
}

}  // namespace ntlab
