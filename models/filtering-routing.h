// A packet filter in front of a node's routing (paper 004's enforcement, docs/messengers.md): it
// wraps the node's own routing protocol and asks a verdict for every packet the node sends
// (RouteOutput) or receives / forwards (RouteInput). A dropped packet gets no route, so ns-3
// discards it as it would a packet to an unreachable network, and the "Drop" trace fires.
// The gateway uses it as the IP table (method 1); a host as per-process packet blocking (method 3).
// Why a wrapper and not one more protocol in Ipv4ListRouting: the list takes the first route any
// member gives, so a member can add routes but can never refuse one.
#pragma once

#include "ns3/ipv4-routing-protocol.h"
#include "ns3/traced-callback.h"

#include <functional>

namespace ns3 {

class FilteringRouting : public Ipv4RoutingProtocol
{
  public:
    static TypeId GetTypeId();

    /// true: drop. `packet` starts with the transport header (it may be null for a route lookup
    /// without a packet, e.g. TCP choosing its source address, which always passes).
    using Verdict = std::function<bool(Ptr<const Packet> packet, const Ipv4Header& header, bool outbound)>;

    /// Puts a filter in front of `ipv4`'s current routing protocol.
    static Ptr<FilteringRouting> Install(Ptr<Ipv4> ipv4, Verdict verdict);

    Ptr<Ipv4Route> RouteOutput(Ptr<Packet> p, const Ipv4Header& header, Ptr<NetDevice> oif,
                               Socket::SocketErrno& sockerr) override;
    bool RouteInput(Ptr<const Packet> p, const Ipv4Header& header, Ptr<const NetDevice> idev,
                    UnicastForwardCallback ucb, MulticastForwardCallback mcb, LocalDeliverCallback lcb,
                    ErrorCallback ecb) override;
    void NotifyInterfaceUp(uint32_t i) override { m_inner->NotifyInterfaceUp(i); }
    void NotifyInterfaceDown(uint32_t i) override { m_inner->NotifyInterfaceDown(i); }
    void NotifyAddAddress(uint32_t i, Ipv4InterfaceAddress a) override { m_inner->NotifyAddAddress(i, a); }
    void NotifyRemoveAddress(uint32_t i, Ipv4InterfaceAddress a) override { m_inner->NotifyRemoveAddress(i, a); }
    void SetIpv4(Ptr<Ipv4> ipv4) override;
    void PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit unit = Time::S) const override;

    uint64_t GetDropped() const { return m_dropped; }
    /// Bytes of the dropped packets, IPv4 header included.
    uint64_t GetDroppedBytes() const { return m_droppedBytes; }

    /// "Drop": the IPv4 header and the packet (transport header first) of a dropped packet.
    typedef void (*DropTracedCallback)(const Ipv4Header& header, Ptr<const Packet> packet);

  protected:
    void DoDispose() override;

  private:
    bool Drops(Ptr<const Packet> p, const Ipv4Header& header, bool outbound);

    Ptr<Ipv4RoutingProtocol> m_inner;
    Verdict m_verdict;
    uint64_t m_dropped = 0;
    uint64_t m_droppedBytes = 0;
    uint64_t m_lastUid = ~uint64_t(0);
    Time m_lastDrop;
    TracedCallback<const Ipv4Header&, Ptr<const Packet>> m_dropTrace;
};

} // namespace ns3
