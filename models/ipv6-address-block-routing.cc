#include "models/ipv6-address-block-routing.h"

#include "models/block-source-route.h"

#include "ns3/ipv6-packet-info-tag.h"
#include "ns3/ipv6-route.h"
#include "ns3/log.h"
#include "ns3/output-stream-wrapper.h"

#include <cstring>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Ipv6AddressBlockRouting");
NS_OBJECT_ENSURE_REGISTERED(Ipv6AddressBlockRouting);

namespace
{

// The last 32 bits of `address` (host order) and the 96 bits before them.
uint32_t Low32(const uint8_t bytes[16])
{
    return uint32_t(bytes[12]) << 24 | uint32_t(bytes[13]) << 16 | uint32_t(bytes[14]) << 8 | bytes[15];
}

} // namespace

TypeId
Ipv6AddressBlockRouting::GetTypeId()
{
    static TypeId tid = TypeId("ns3::Ipv6AddressBlockRouting")
                            .SetParent<Ipv6RoutingProtocol>()
                            .SetGroupName("Ntlab")
                            .AddConstructor<Ipv6AddressBlockRouting>();
    return tid;
}

Ipv6AddressBlockRouting::Ipv6AddressBlockRouting() = default;

Ipv6Address
Ipv6AddressBlockRouting::Nth(Ipv6Address first, uint32_t offset)
{
    uint8_t bytes[16];
    first.GetBytes(bytes);
    const uint32_t low = Low32(bytes) + offset;
    for (int i = 0; i < 4; ++i)
    {
        bytes[15 - i] = uint8_t(low >> (8 * i));
    }
    return Ipv6Address(bytes);
}

void
Ipv6AddressBlockRouting::SetBlock(Ipv6Address first, uint32_t count)
{
    m_first = first;
    m_count = count;
}

bool
Ipv6AddressBlockRouting::Contains(Ipv6Address address) const
{
    uint8_t first[16];
    uint8_t other[16];
    m_first.GetBytes(first);
    address.GetBytes(other);
    return std::memcmp(first, other, 12) == 0 && Low32(other) - Low32(first) < m_count;
}

Ptr<Ipv6Route>
Ipv6AddressBlockRouting::RouteOutput(Ptr<Packet> p, const Ipv6Header& header, Ptr<NetDevice> oif,
                                     Socket::SocketErrno& sockerr)
{
    // A reply that names a block address leaves from it (block-source-route.h).
    return RouteFromBlockSource<Ipv6PacketInfoTag, Ipv6Route>(p, header, oif, sockerr, m_ipv6,
                                                          [this](auto address) { return Contains(address); });
}

bool
Ipv6AddressBlockRouting::RouteInput(Ptr<const Packet> p, const Ipv6Header& header, Ptr<const NetDevice> idev,
                                    UnicastForwardCallback, MulticastForwardCallback, LocalDeliverCallback lcb,
                                    ErrorCallback)
{
    return DeliverToBlock(p, header, idev, m_ipv6, lcb, [this](auto address) { return Contains(address); });
}

void
Ipv6AddressBlockRouting::PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit) const
{
    *stream->GetStream() << "Ipv6AddressBlockRouting: local " << m_first << " + " << m_count << " addresses\n";
}

void
Ipv6AddressBlockRouting::DoDispose()
{
    m_ipv6 = nullptr;
    Ipv6RoutingProtocol::DoDispose();
}

} // namespace ns3
