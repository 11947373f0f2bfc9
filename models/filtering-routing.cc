#include "filtering-routing.h"

#include "ns3/abort.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/simulator.h"

namespace ns3 {

NS_LOG_COMPONENT_DEFINE("FilteringRouting");
NS_OBJECT_ENSURE_REGISTERED(FilteringRouting);

TypeId FilteringRouting::GetTypeId()
{
    static TypeId tid = TypeId("ns3::FilteringRouting")
                            .SetParent<Ipv4RoutingProtocol>()
                            .SetGroupName("Ntlab")
                            .AddTraceSource("Drop", "A packet the filter dropped",
                                            MakeTraceSourceAccessor(&FilteringRouting::m_dropTrace),
                                            "ns3::FilteringRouting::DropTracedCallback");
    return tid;
}

Ptr<FilteringRouting> FilteringRouting::Install(Ptr<Ipv4> ipv4, Verdict verdict)
{
    Ptr<FilteringRouting> filter = CreateObject<FilteringRouting>();
    filter->m_inner = ipv4->GetRoutingProtocol();
    NS_ABORT_MSG_IF(!filter->m_inner, "FilteringRouting needs a routing protocol to wrap");
    filter->m_verdict = std::move(verdict);
    // Ipv4L3Protocol::SetRoutingProtocol calls SetIpv4 on the filter, which must not pass it on:
    // the inner protocol already has its Ipv4.
    ipv4->SetRoutingProtocol(filter);
    return filter;
}

void FilteringRouting::SetIpv4(Ptr<Ipv4>)
{
}

bool FilteringRouting::Drops(Ptr<const Packet> p, const Ipv4Header& header, bool outbound)
{
    if (!p || !m_verdict(p, header, outbound)) return false;
    // A transport protocol that got no route hands the packet to IPv4 without one, which asks
    // again: the same packet, at the same instant, is one drop.
    if (p->GetUid() == m_lastUid && Simulator::Now() == m_lastDrop) return true;
    m_lastUid = p->GetUid();
    m_lastDrop = Simulator::Now();
    ++m_dropped;
    m_droppedBytes += p->GetSize() + header.GetSerializedSize();
    m_dropTrace(header, p);
    return true;
}

Ptr<Ipv4Route> FilteringRouting::RouteOutput(Ptr<Packet> p, const Ipv4Header& header, Ptr<NetDevice> oif,
                                             Socket::SocketErrno& sockerr)
{
    if (Drops(p, header, true))
    {
        sockerr = Socket::ERROR_NOROUTETOHOST;
        return nullptr;
    }
    return m_inner->RouteOutput(p, header, oif, sockerr);
}

bool FilteringRouting::RouteInput(Ptr<const Packet> p, const Ipv4Header& header, Ptr<const NetDevice> idev,
                                  UnicastForwardCallback ucb, MulticastForwardCallback mcb, LocalDeliverCallback lcb,
                                  ErrorCallback ecb)
{
    // Consumed without a callback: the packet is gone, as behind a firewall's DROP rule.
    if (Drops(p, header, false)) return true;
    return m_inner->RouteInput(p, header, idev, ucb, mcb, lcb, ecb);
}

void FilteringRouting::PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit unit) const
{
    m_inner->PrintRoutingTable(stream, unit);
}

void FilteringRouting::DoDispose()
{
    m_inner = nullptr;
    m_verdict = nullptr;
    Ipv4RoutingProtocol::DoDispose();
}

} // namespace ns3
