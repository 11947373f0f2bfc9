#include "models/isolation-leak-counter.h"

#include "ns3/csma-net-device.h"
#include "ns3/nstime.h"
#include "ns3/simulator.h"

namespace ns3 {

NS_OBJECT_ENSURE_REGISTERED(IsolationLeakCounter);

TypeId
IsolationLeakCounter::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::IsolationLeakCounter")
            .SetParent<Object>()
            .AddConstructor<IsolationLeakCounter>()
            .AddAttribute("HostAddress", "The moved host's own address.", Ipv4AddressValue(),
                          MakeIpv4AddressAccessor(&IsolationLeakCounter::m_hostAddress), MakeIpv4AddressChecker())
            .AddAttribute("InstanceAddress", "The moved host's address in the isolation subnet.", Ipv4AddressValue(),
                          MakeIpv4AddressAccessor(&IsolationLeakCounter::m_instanceAddress),
                          MakeIpv4AddressChecker())
            .AddAttribute("From", "Simulated time of the move; earlier frames are the host's normal traffic.",
                          TimeValue(Seconds(0)), MakeTimeAccessor(&IsolationLeakCounter::m_from), MakeTimeChecker());
    return tid;
}

IsolationLeakCounter::IsolationLeakCounter() = default;

void
IsolationLeakCounter::Watch(Ptr<Node> node, const std::string& name)
{
    m_perNode[name];  // a node that sees nothing is listed with 0
    for (uint32_t d = 0; d < node->GetNDevices(); ++d)
    {
        Ptr<NetDevice> device = node->GetDevice(d);
        bool ethernet = DynamicCast<CsmaNetDevice>(device) != nullptr;  // else point-to-point (PPP)
        // Bridges and loopbacks have no PromiscSniffer: their ports are watched instead.
        device->TraceConnectWithoutContext("PromiscSniffer",
                                           MakeCallback(&IsolationLeakCounter::Sniff, this).Bind(name, ethernet));
    }
}

void
IsolationLeakCounter::Sniff(std::string name, bool ethernet, Ptr<const Packet> frame)
{
    if (Simulator::Now() < m_from)
    {
        return;
    }
    const size_t ipAt = ethernet ? 14 : 2;
    m_head.resize(ipAt + 20);
    if (frame->CopyData(m_head.data(), m_head.size()) < m_head.size())
    {
        return;
    }
    const bool ipv4 = ethernet ? (m_head[12] == 0x08 && m_head[13] == 0x00) : (m_head[0] == 0x00 && m_head[1] == 0x21);
    if (!ipv4)
    {
        return;
    }
    const uint8_t* s = &m_head[ipAt + 12];
    Ipv4Address source(uint32_t(s[0]) << 24 | uint32_t(s[1]) << 16 | uint32_t(s[2]) << 8 | s[3]);
    if (source == m_hostAddress || source == m_instanceAddress)
    {
        ++m_perNode[name];
        m_uids.insert(frame->GetUid());
    }
}

} // namespace ns3
