// The IPv6 twin of AddressBlockRouting (issue 10, workload.ipv6_share): makes a dual-stack server
// node answer for a block of IPv6 addresses as its IPv4 side answers for its 198.18.0.0/15 block.
// Installed in the node's Ipv6ListRouting ahead of static routing, it delivers every packet
// addressed into the block locally; an accepted TCP socket replies from the address the SYN was
// sent to, and a UDP socket bound to [::] names its reply's source with an Ipv6PacketInfoTag (the
// tag RecvPktInfo put on the request), which RouteOutput turns into the route's source.
//
// Ipv6ListRouting hands a packet that is not for one of the node's own addresses to its protocols
// only when the receiving interface forwards (Ipv6ListRouting::RouteInput), so the server's
// interface must have forwarding on; interface aliases are not used for the reason
// AddressBlockRouting gives (a linear walk per received packet).
//
// The block: `count` addresses from `first` on, counted in the last 32 bits (`Nth`).
#pragma once

#include "ns3/ipv6-address.h"
#include "ns3/ipv6-routing-protocol.h"
#include "ns3/ipv6.h"

namespace ns3 {

class Ipv6AddressBlockRouting : public Ipv6RoutingProtocol
{
  public:
    static TypeId GetTypeId();
    Ipv6AddressBlockRouting();

    /// The `offset`-th address from `first`, counted in the last 32 bits.
    static Ipv6Address Nth(Ipv6Address first, uint32_t offset);
    void SetBlock(Ipv6Address first, uint32_t count);
    bool Contains(Ipv6Address address) const;

    Ptr<Ipv6Route> RouteOutput(Ptr<Packet> p, const Ipv6Header& header, Ptr<NetDevice> oif,
                               Socket::SocketErrno& sockerr) override;
    bool RouteInput(Ptr<const Packet> p, const Ipv6Header& header, Ptr<const NetDevice> idev,
                    UnicastForwardCallback ucb, MulticastForwardCallback mcb, LocalDeliverCallback lcb,
                    ErrorCallback ecb) override;
    void NotifyInterfaceUp(uint32_t) override {}
    void NotifyInterfaceDown(uint32_t) override {}
    void NotifyAddAddress(uint32_t, Ipv6InterfaceAddress) override {}
    void NotifyRemoveAddress(uint32_t, Ipv6InterfaceAddress) override {}
    void NotifyAddRoute(Ipv6Address, Ipv6Prefix, Ipv6Address, uint32_t, Ipv6Address) override {}
    void NotifyRemoveRoute(Ipv6Address, Ipv6Prefix, Ipv6Address, uint32_t, Ipv6Address) override {}
    void SetIpv6(Ptr<Ipv6> ipv6) override { m_ipv6 = ipv6; }
    void PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit unit = Time::S) const override;

  protected:
    void DoDispose() override;

  private:
    Ptr<Ipv6> m_ipv6;
    Ipv6Address m_first;
    uint32_t m_count = 0;
};

} // namespace ns3
