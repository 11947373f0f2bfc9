#include "nat-uplink-capture.h"

#include "ns3/abort.h"
#include "ns3/integer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <pcap/pcap.h>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(NatUplinkCapture);

namespace
{

constexpr uint16_t kPppIpv4 = 0x0021;
constexpr uint8_t kTcp = 6;
constexpr uint8_t kUdp = 17;

uint32_t ReadBe32(const uint8_t* p)
{
    return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
}

uint16_t ReadBe16(const uint8_t* p)
{
    return static_cast<uint16_t>((p[0] << 8) | p[1]);
}

void WriteBe32(uint8_t* p, uint32_t v)
{
    p[0] = v >> 24;
    p[1] = v >> 16;
    p[2] = v >> 8;
    p[3] = v;
}

void WriteBe16(uint8_t* p, uint16_t v)
{
    p[0] = v >> 8;
    p[1] = v & 0xff;
}

} // namespace

TypeId
NatUplinkCapture::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::NatUplinkCapture")
            .SetParent<Object>()
            .SetGroupName("Ntlab")
            .AddConstructor<NatUplinkCapture>()
            .AddAttribute("Directory", "Folder the PCAP files go to.", StringValue("."),
                          MakeStringAccessor(&NatUplinkCapture::m_directory), MakeStringChecker())
            .AddAttribute("PublicAddress", "The NAT's outside address.", Ipv4AddressValue("203.0.113.1"),
                          MakeIpv4AddressAccessor(&NatUplinkCapture::m_public), MakeIpv4AddressChecker())
            .AddAttribute("InsideNetwork", "The network the NAT translates (the LAN).",
                          Ipv4AddressValue("10.0.0.0"), MakeIpv4AddressAccessor(&NatUplinkCapture::m_insideNetwork),
                          MakeIpv4AddressChecker())
            .AddAttribute("InsideMask", "The LAN's mask.", Ipv4MaskValue("255.255.255.0"),
                          MakeIpv4MaskAccessor(&NatUplinkCapture::m_insideMask), MakeIpv4MaskChecker())
            .AddAttribute("FirstPort", "The first public port handed out; then in order, wrapping to it.",
                          UintegerValue(20000), MakeUintegerAccessor(&NatUplinkCapture::m_firstPort),
                          MakeUintegerChecker<uint16_t>(1024))
            .AddAttribute("RotateInterval", "One file per this much capture time.", TimeValue(Seconds(60)),
                          MakeTimeAccessor(&NatUplinkCapture::m_rotate), MakeTimeChecker(Seconds(1)))
            .AddAttribute("EpochStartUs", "Epoch time (microseconds) of simulated time 0.", IntegerValue(0),
                          MakeIntegerAccessor(&NatUplinkCapture::m_epochStartUs), MakeIntegerChecker<int64_t>(0));
    return tid;
}

NatUplinkCapture::NatUplinkCapture() = default;

NatUplinkCapture::~NatUplinkCapture()
{
    Close();
}

void
NatUplinkCapture::DoDispose()
{
    Close();
    Object::DoDispose();
}

void
NatUplinkCapture::Capture(Ptr<NetDevice> uplink)
{
    m_writer = std::make_unique<ntlab::RotatingPcapWriter>(m_directory, m_public.Get(), DLT_RAW, 65535,
                                                           m_rotate.GetMicroSeconds());
    bool ok = uplink->TraceConnectWithoutContext("PromiscSniffer", MakeCallback(&NatUplinkCapture::Write, this));
    NS_ABORT_MSG_UNLESS(ok, "the gateway's uplink has no PromiscSniffer trace source");
}

bool
NatUplinkCapture::Inside(uint32_t address) const
{
    return m_insideMask.IsMatch(Ipv4Address(address), m_insideNetwork);
}

uint16_t
NatUplinkCapture::PublicPort(uint8_t protocol, uint32_t address, uint16_t port)
{
    auto [it, added] = m_publicPorts.emplace(InsideKey{protocol, address, port}, 0);
    if (added)
    {
        const uint32_t span = 65536u - m_firstPort;
        it->second = static_cast<uint16_t>(m_firstPort + m_nextPort++ % span);
    }
    return it->second;
}

void
NatUplinkCapture::Translate(std::vector<uint8_t>& ip)
{
    if (ip.size() < 20 || (ip[0] >> 4) != 4)
    {
        return;
    }
    const std::size_t ihl = std::size_t(ip[0] & 0x0f) * 4;
    const uint8_t protocol = ip[9];
    const bool ports = (protocol == kTcp || protocol == kUdp) && ip.size() >= ihl + 4;
    // Source at offset 12 (port at ihl), destination at 16 (port at ihl + 2).
    for (std::size_t side : {std::size_t(0), std::size_t(1)})
    {
        uint8_t* address = ip.data() + 12 + 4 * side;
        if (!Inside(ReadBe32(address)))
        {
            continue;
        }
        if (ports)
        {
            uint8_t* port = ip.data() + ihl + 2 * side;
            WriteBe16(port, PublicPort(protocol, ReadBe32(address), ReadBe16(port)));
        }
        WriteBe32(address, m_public.Get());
    }
}

void
NatUplinkCapture::Write(Ptr<const Packet> packet)
{
    uint32_t size = packet->GetSize();
    m_buffer.resize(size);
    packet->CopyData(m_buffer.data(), size);
    if (size < 2 || ReadBe16(m_buffer.data()) != kPppIpv4)
    {
        return;
    }
    m_buffer.erase(m_buffer.begin(), m_buffer.begin() + 2);
    Translate(m_buffer);
    m_writer->Write(m_epochStartUs + Simulator::Now().GetMicroSeconds(), m_buffer.data(),
                    static_cast<uint32_t>(m_buffer.size()));
}

const std::vector<std::string>&
NatUplinkCapture::Files() const
{
    static const std::vector<std::string> none;
    return m_writer ? m_writer->Files() : none;
}

void
NatUplinkCapture::Close()
{
    if (m_writer)
    {
        m_writer->Close();
    }
}

} // namespace ns3
