// Makes a server node answer for a whole block of addresses (a CDN-like front end: thousands of
// remote IPs, one machine). Installed in the node's Ipv4ListRouting ahead of static and global
// routing, it delivers every packet addressed into the block locally; the sockets bound to
// 0.0.0.0 receive it and an accepted TCP socket replies from the address the SYN was sent to.
// A UDP socket bound to 0.0.0.0 has no such address; its replies name their source with an
// Ipv4PacketInfoTag (the tag the socket's RecvPktInfo put on the request, carrying the contacted
// address): RouteOutput then returns the ordinary route with that source, so request and reply
// share one 5-tuple. Packets without such a tag cost one tag lookup.
//
// Why not interface addresses: Ipv4L3Protocol::IsDestinationAddress walks the interface's
// std::list of addresses by index (GetAddress(i) is O(i)), so 1024 aliases cost ~500,000 steps
// per received packet. This check is one subtraction.
//
// Other nodes reach the block through static routes (next hop: the node's primary address).
#pragma once

#include "ns3/ipv4-address.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv4.h"

namespace ns3 {

class AddressBlockRouting : public Ipv4RoutingProtocol
{
  public:
    static TypeId GetTypeId();
    AddressBlockRouting();

    /// The block: `count` addresses from `first` on.
    void SetBlock(Ipv4Address first, uint32_t count);
    bool Contains(Ipv4Address address) const { return address.Get() - m_first < m_count; }

    Ptr<Ipv4Route> RouteOutput(Ptr<Packet> p, const Ipv4Header& header, Ptr<NetDevice> oif,
                               Socket::SocketErrno& sockerr) override;
    bool RouteInput(Ptr<const Packet> p, const Ipv4Header& header, Ptr<const NetDevice> idev,
                    UnicastForwardCallback ucb, MulticastForwardCallback mcb, LocalDeliverCallback lcb,
                    ErrorCallback ecb) override;
    void NotifyInterfaceUp(uint32_t) override {}
    void NotifyInterfaceDown(uint32_t) override {}
    void NotifyAddAddress(uint32_t, Ipv4InterfaceAddress) override {}
    void NotifyRemoveAddress(uint32_t, Ipv4InterfaceAddress) override {}
    void SetIpv4(Ptr<Ipv4> ipv4) override { m_ipv4 = ipv4; }
    void PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit unit = Time::S) const override;

  protected:
    void DoDispose() override;

  private:
    Ptr<Ipv4> m_ipv4;
    uint32_t m_first = 0;
    uint32_t m_count = 0;
};

} // namespace ns3
