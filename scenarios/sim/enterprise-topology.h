// The enterprise LAN and the internet behind it (docs/design.md, "Topology"):
//
//   host1 .. hostN            each on its own CSMA link to the switch (.11 and up)
//        \   |   /
//        [ switch ]           a bridge; host h's port is mirrored (MirrorPortCapture)
//            |
//         gateway (.1)
//            |                point-to-point uplink with the internet delay (100.64.0.0/30)
//     internet router (.1)
//            |                one fast CSMA segment:
//   DNS .53, servers .10.. (ssh clients .100..), Kraken .150-.199, catalog servers .200..,
//   remote clients of the catalog's inbound processes .240..
//
// Catalog server i also answers for its block of 198.18.0.0/15 (AddressBlockRouting), reached
// through static routes. Node ids and MAC addresses follow the creation order below (switch,
// gateway, hosts, DNS, servers, Kraken, catalog servers, catalog clients, router), and every
// capture depends on them.
#pragma once

#include "scenarios/config/scenario-config.h"

#include "ns3/ipv4-address.h"
#include "ns3/ipv6-address.h"
#include "ns3/net-device-container.h"
#include "ns3/node-container.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ntlab {

struct EnterpriseTopology
{
    ns3::Ptr<ns3::Node> switchNode;
    ns3::Ptr<ns3::Node> gateway;
    ns3::NodeContainer hosts;
    ns3::Ptr<ns3::Node> dnsServer;
    ns3::NodeContainer servers;         // config.servers[i] on node i
    ns3::NodeContainer krakenServers;   // see KrakenNode
    ns3::NodeContainer catalogServers;  // workload.servers of them
    ns3::NodeContainer catalogClients;  // one per (host, inbound catalog process) pair
    ns3::Ptr<ns3::Node> internetRouter;

    ns3::NetDeviceContainer switchPorts;  // host h's port at h, the gateway's last

    std::vector<ns3::Ipv4Address> hostAddresses;
    ns3::Ipv4Address routerAddress;  // the internet segment's .1
    ns3::Ipv4Address dnsAddress;
    std::vector<ns3::Ipv4Address> serverAddresses;
    std::vector<ns3::Ipv4Address> krakenAddresses;
    std::vector<ns3::Ipv4Address> catalogServerAddresses;
    std::vector<ns3::Ipv4Address> catalogClientAddresses;
    // Dual stack (workload.ipv6_share > 0 only, dual-stack-topology.cc): fd00:0:0:1::11.. and the
    // catalog servers' fd00:0:0:3::200..
    std::vector<ns3::Ipv6Address> hostIpv6Addresses;
    std::vector<ns3::Ipv6Address> catalogServerIpv6Addresses;
    // The first address of catalog server i's IPv6 block, fd00:0:1:<i>::1 (Ipv6AddressBlockRouting).
    std::vector<ns3::Ipv6Address> catalogServerIpv6Blocks;

    // The devices the addresses and static routes go on.
    std::vector<ns3::Ptr<ns3::NetDevice>> hostDevices;
    ns3::Ptr<ns3::NetDevice> gatewayLanDevice;
    ns3::NetDeviceContainer uplinkDevices;    // [0] gateway, [1] router
    ns3::NetDeviceContainer internetDevices;  // router, DNS, servers, Kraken, catalog servers, catalog clients
};

/// Kraken's constellation (paper 003) on the Kraken nodes: load-balancer .150, herder .151,
/// Google's MX .152, update servers .160 and up, one MX per spam-target domain .180 and up.
struct KrakenNode
{
    static constexpr std::uint32_t kLoadBalancer = 0;
    static constexpr std::uint32_t kHerder = 1;
    static constexpr std::uint32_t kGoogleMx = 2;
    static std::uint32_t UpdateServer(std::uint32_t u) { return 3 + u; }
    static std::uint32_t SpamMx(const KrakenSpec& kraken, std::uint32_t d) { return 3 + kraken.update_servers + d; }
    static std::uint32_t Count(const KrakenSpec& kraken) { return SpamMx(kraken, kraken.spam_domains.size()); }
    /// The last byte of node `i`'s address in the internet segment.
    static std::uint32_t HostNumber(const KrakenSpec& kraken, std::uint32_t i)
    {
        if (i < UpdateServer(0)) return 150 + i;
        if (i < SpamMx(kraken, 0)) return 160 + (i - UpdateServer(0));
        return 180 + (i - SpamMx(kraken, 0));
    }
};

/// Creates the nodes, links, IP stacks, addresses and routes of `config`, with `catalogClients`
/// remote client machines for the workload's inbound processes.
/// IPv6 beside IPv4 on the hosts, gateway, router and catalog servers (dual-stack-topology.cc).
void AddIpv6(const ScenarioConfig& config, EnterpriseTopology& t);

EnterpriseTopology BuildEnterpriseTopology(const ScenarioConfig& config, std::size_t catalogClients);

}  // namespace ntlab
