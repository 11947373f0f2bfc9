#include "models/address-block-routing.h"

#include "models/block-source-route.h"

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
    // A reply that names a block address leaves from it (block-source-route.h).
    return RouteFromBlockSource<Ipv4PacketInfoTag, Ipv4Route>(p, header, oif, sockerr, m_ipv4,
                                                          [this](auto address) { return Contains(address); });
}

bool
AddressBlockRouting::RouteInput(Ptr<const Packet> p, const Ipv4Header& header, Ptr<const NetDevice> idev,
                                UnicastForwardCallback, MulticastForwardCallback, LocalDeliverCallback lcb,
                                ErrorCallback)
{
    return DeliverToBlock(p, header, idev, m_ipv4, lcb, [this](auto address) { return Contains(address); });
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
