#include "models/address-block-routing.h"

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
AddressBlockRouting::RouteOutput(Ptr<Packet>, const Ipv4Header&, Ptr<NetDevice>, Socket::SocketErrno& sockerr)
{
    // Outgoing packets keep their source (the socket's local address) and follow the other
    // protocols' routes.
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
