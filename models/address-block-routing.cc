#include "models/address-block-routing.h"

#include "ns3/ipv4-packet-info-tag.h"
#include "ns3/log.h"
#include "ns3/output-stream-wrapper.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("AddressBlockRouting");
NS_OBJECT_ENSURE_REGISTERED(AddressBlockRouting);

TypeId
AddressBlockRouting::GetTypeId()
{
    static TypeId tid = TypeId("ns3::AddressBlockRouting")
                            .SetParent<Ipv4RoutingProtocol>()
                            .SetGroupName("Ntlab")
                            .AddConstructor<AddressBlockRouting>();
    return tid;
}

AddressBlockRouting::AddressBlockRouting() = default;

void
AddressBlockRouting::SetBlock(Ipv4Address first, uint32_t count)
{
    m_first = first.Get();
    m_count = count;
}

Ptr<Ipv4Route>
AddressBlockRouting::RouteOutput(Ptr<Packet> p, const Ipv4Header& header, Ptr<NetDevice> oif,
                                 Socket::SocketErrno& sockerr)
{
    // A reply that names its source (an Ipv4PacketInfoTag with a block address, set by a server
    // answering from a socket bound to 0.0.0.0) leaves from that address: the route is the other
    // protocols' route with the source replaced. Everything else keeps its source (the socket's
    // local address, or the other protocols' choice) and follows the other protocols' routes.
    Ipv4PacketInfoTag tag;
    if (p && m_ipv4 && p->PeekPacketTag(tag) && Contains(tag.GetAddress()))
    {
        p->RemovePacketTag(tag);  // not carried further; the recursive lookup below skips this branch
        Ptr<Ipv4Route> route = m_ipv4->GetRoutingProtocol()->RouteOutput(p, header, oif, sockerr);
        if (route)
        {
            Ptr<Ipv4Route> sourced = Create<Ipv4Route>();
            sourced->SetDestination(route->GetDestination());
            sourced->SetGateway(route->GetGateway());
            sourced->SetOutputDevice(route->GetOutputDevice());
            sourced->SetSource(tag.GetAddress());
            NS_LOG_LOGIC("reply to " << header.GetDestination() << " from " << tag.GetAddress());
            return sourced;
        }
        return nullptr;
    }
    sockerr = Socket::ERROR_NOROUTETOHOST;
    return nullptr;
}

bool
AddressBlockRouting::RouteInput(Ptr<const Packet> p, const Ipv4Header& header, Ptr<const NetDevice> idev,
                                UnicastForwardCallback, MulticastForwardCallback, LocalDeliverCallback lcb,
                                ErrorCallback)
{
    if (!Contains(header.GetDestination()) || lcb.IsNull())
    {
        return false;
    }
    NS_LOG_LOGIC("local delivery of a packet to " << header.GetDestination());
    lcb(p, header, m_ipv4->GetInterfaceForDevice(idev));
    return true;
}

void
AddressBlockRouting::PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit) const
{
    *stream->GetStream() << "AddressBlockRouting: local " << Ipv4Address(m_first) << " + " << m_count
                         << " addresses\n";
}

void
AddressBlockRouting::DoDispose()
{
    m_ipv4 = nullptr;
    Ipv4RoutingProtocol::DoDispose();
}

} // namespace ns3
