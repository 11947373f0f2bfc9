#include "models/never-seen-addresses.h"

#include "ns3/abort.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

namespace ns3 {

NS_OBJECT_ENSURE_REGISTERED(NeverSeenAddresses);

TypeId
NeverSeenAddresses::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::NeverSeenAddresses")
            .SetParent<Object>()
            .AddConstructor<NeverSeenAddresses>()
            .AddAttribute("First", "The block's first address.", Ipv4AddressValue(Ipv4Address("198.19.0.0")),
                          MakeIpv4AddressAccessor(&NeverSeenAddresses::m_first), MakeIpv4AddressChecker())
            .AddAttribute("Count", "Addresses in the block.", UintegerValue(65536),
                          MakeUintegerAccessor(&NeverSeenAddresses::m_count), MakeUintegerChecker<uint32_t>(1))
            .AddTraceSource("Taken", "A fresh destination was handed out.",
                            MakeTraceSourceAccessor(&NeverSeenAddresses::m_takenTrace),
                            "ns3::NeverSeenAddresses::TakenTracedCallback");
    return tid;
}

NeverSeenAddresses::NeverSeenAddresses()
    : m_count(65536)
{
}

NeverSeenAddresses::Destination
NeverSeenAddresses::Take(const std::string& name)
{
    NS_ABORT_MSG_IF(m_taken >= m_count, "never-seen address block exhausted after " << m_taken << " sessions");
    Destination d;
    d.address = Ipv4Address(m_first.Get() + static_cast<uint32_t>(m_taken));
    if (!name.empty())
    {
        d.name = "n" + std::to_string(m_taken) + "." + name;
        if (m_dns)
        {
            m_dns->AddRecord(d.name, d.address);
        }
    }
    ++m_taken;
    m_takenTrace(d.address, d.name);
    return d;
}

void
NeverSeenAddresses::DoDispose()
{
    m_dns = nullptr;
    Object::DoDispose();
}

} // namespace ns3
