#include "mirror-port-capture.h"

#include "ns3/abort.h"
#include "ns3/integer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <pcap/pcap.h>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(MirrorPortCapture);

TypeId
MirrorPortCapture::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::MirrorPortCapture")
            .SetParent<Object>()
            .SetGroupName("Ntlab")
            .AddConstructor<MirrorPortCapture>()
            .AddAttribute("Directory", "Folder the PCAP files go to.", StringValue("."),
                          MakeStringAccessor(&MirrorPortCapture::m_directory), MakeStringChecker())
            .AddAttribute("HostAddress", "IPv4 address of the mirrored host (file names).",
                          Ipv4AddressValue(), MakeIpv4AddressAccessor(&MirrorPortCapture::m_hostAddress),
                          MakeIpv4AddressChecker())
            .AddAttribute("RotateInterval", "One file per this much capture time.", TimeValue(Seconds(60)),
                          MakeTimeAccessor(&MirrorPortCapture::m_rotate), MakeTimeChecker(Seconds(1)))
            .AddAttribute("EpochStartUs", "Epoch time (microseconds) of simulated time 0.",
                          IntegerValue(0), MakeIntegerAccessor(&MirrorPortCapture::m_epochStartUs),
                          MakeIntegerChecker<int64_t>(0))
            .AddAttribute("SnapLength", "Bytes kept of each frame.", UintegerValue(65535),
                          MakeUintegerAccessor(&MirrorPortCapture::m_snapLength),
                          MakeUintegerChecker<uint32_t>(64));
    return tid;
}

MirrorPortCapture::MirrorPortCapture() = default;

MirrorPortCapture::~MirrorPortCapture()
{
    Close();
}

void
MirrorPortCapture::DoDispose()
{
    Close();
    Object::DoDispose();
}

void
MirrorPortCapture::Mirror(Ptr<NetDevice> switchPort)
{
    // Aligned to wall-clock minutes, like tcpdump -G 60.
    m_writer = std::make_unique<ntlab::RotatingPcapWriter>(m_directory, m_hostAddress.Get(), DLT_EN10MB, m_snapLength,
                                                           m_rotate.GetMicroSeconds());
    // PromiscSniffer sees every frame of the port in both directions, with its Ethernet header.
    bool ok = switchPort->TraceConnectWithoutContext("PromiscSniffer",
                                                     MakeCallback(&MirrorPortCapture::Write, this));
    NS_ABORT_MSG_UNLESS(ok, "the mirrored switch port has no PromiscSniffer trace source");
}

void
MirrorPortCapture::Write(Ptr<const Packet> packet)
{
    uint32_t size = packet->GetSize();
    m_buffer.resize(size);
    packet->CopyData(m_buffer.data(), size);
    m_writer->Write(m_epochStartUs + Simulator::Now().GetMicroSeconds(), m_buffer.data(), size);
}

const std::vector<std::string>&
MirrorPortCapture::Files() const
{
    static const std::vector<std::string> none;
    return m_writer ? m_writer->Files() : none;
}

void
MirrorPortCapture::Close()
{
    if (m_writer)
    {
        m_writer->Close();
    }
}

} // namespace ns3
