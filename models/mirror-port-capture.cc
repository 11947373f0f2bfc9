#include "mirror-port-capture.h"

#include "analyzers/formats/capture-file-name.h"

#include "ns3/abort.h"
#include "ns3/integer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <pcap/pcap.h>

#include <cstdio>

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
    // PromiscSniffer sees every frame of the port in both directions, with its Ethernet header.
    bool ok = switchPort->TraceConnectWithoutContext("PromiscSniffer",
                                                     MakeCallback(&MirrorPortCapture::Write, this));
    NS_ABORT_MSG_UNLESS(ok, "the mirrored switch port has no PromiscSniffer trace source");
}

void
MirrorPortCapture::OpenFile(int64_t intervalStartUs)
{
    Close();
    m_currentPath = m_directory + "/" + ntlab::FormatCaptureFileName(m_hostAddress.Get(), intervalStartUs);
    if (!m_pcap)
    {
        m_pcap = pcap_open_dead(DLT_EN10MB, static_cast<int>(m_snapLength));
    }
    m_dumper = pcap_dump_open(m_pcap, (m_currentPath + ".part").c_str());
    NS_ABORT_MSG_IF(!m_dumper, "cannot create " << m_currentPath << ".part: " << pcap_geterr(m_pcap));
    m_intervalStartUs = intervalStartUs;
}

void
MirrorPortCapture::Write(Ptr<const Packet> packet)
{
    int64_t nowUs = m_epochStartUs + Simulator::Now().GetMicroSeconds();
    int64_t rotateUs = m_rotate.GetMicroSeconds();
    int64_t intervalStart = nowUs - nowUs % rotateUs;  // aligned to wall-clock minutes, like -G 60
    if (!m_dumper || intervalStart != m_intervalStartUs)
    {
        OpenFile(intervalStart);
    }
    uint32_t size = packet->GetSize();
    m_buffer.resize(size);
    packet->CopyData(m_buffer.data(), size);
    pcap_pkthdr header{};
    header.ts.tv_sec = nowUs / 1000000;
    header.ts.tv_usec = nowUs % 1000000;
    header.len = size;
    header.caplen = std::min(size, m_snapLength);
    pcap_dump(reinterpret_cast<u_char*>(m_dumper), &header, m_buffer.data());
    ++m_packets;
}

void
MirrorPortCapture::Close()
{
    if (m_dumper)
    {
        pcap_dump_close(m_dumper);
        m_dumper = nullptr;
        NS_ABORT_MSG_IF(std::rename((m_currentPath + ".part").c_str(), m_currentPath.c_str()) != 0,
                        "cannot rename " << m_currentPath << ".part");
        m_files.push_back(m_currentPath);
    }
    if (m_pcap)
    {
        pcap_close(m_pcap);
        m_pcap = nullptr;
    }
}

} // namespace ns3
