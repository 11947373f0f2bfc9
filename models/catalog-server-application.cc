#include "models/catalog-server-application.h"
#include "models/payload-seed.h"

#include "models/tcp-listener.h"
#include "models/payload/generic-stream-payload.h"
#include "models/payload/ntp-payload.h"
#include "models/payload/quic-payload.h"

#include "ns3/boolean.h"
#include "ns3/abort.h"
#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/ipv6-packet-info-tag.h"
#include "ns3/integer.h"
#include "ns3/ipv4-packet-info-tag.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CatalogServerApplication");
NS_OBJECT_ENSURE_REGISTERED(CatalogServerApplication);

namespace
{
// Largest chunk handed to Socket::Send at once (as the web server does).
constexpr size_t kMaxSendChunk = 64 * 1024;
} // namespace

std::vector<uint16_t>
ParsePortList(const std::string& text)
{
    std::vector<uint16_t> ports;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
    {
        item.erase(0, item.find_first_not_of(' '));
        if (item.empty())
        {
            continue;
        }
        unsigned long port = std::stoul(item);
        NS_ABORT_MSG_IF(port == 0 || port > 65535, "not a port: " << item);
        ports.push_back(static_cast<uint16_t>(port));
    }
    return ports;
}

TypeId
CatalogServerApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::CatalogServerApplication")
            .SetParent<Application>()
            .SetGroupName("Ntlab")
            .AddConstructor<CatalogServerApplication>()
            .AddAttribute("TcpPorts", "Comma-separated TCP ports answered with the generic framing.",
                          StringValue(""), MakeStringAccessor(&CatalogServerApplication::m_tcpPortList),
                          MakeStringChecker())
            .AddAttribute("UdpPorts", "Comma-separated UDP ports (443: QUIC, 123: NTP, others: same-size reply).",
                          StringValue("443"), MakeStringAccessor(&CatalogServerApplication::m_udpPortList),
                          MakeStringChecker())
            .AddAttribute("ListenIpv6", "Also listen on [::] for the TCP and UDP ports (dual stack, issue 10 "
                          "workload.ipv6_share).",
                          BooleanValue(false), MakeBooleanAccessor(&CatalogServerApplication::m_listenIpv6),
                          MakeBooleanChecker())
            .AddAttribute("EpochStartUs", "Epoch microseconds of simulated t = 0 (NTP timestamps).",
                          IntegerValue(0), MakeIntegerAccessor(&CatalogServerApplication::m_epochStartUs),
                          MakeIntegerChecker<int64_t>())
            .AddAttribute("MaxDatagram", "Largest UDP reply in bytes.", UintegerValue(1400),
                          MakeUintegerAccessor(&CatalogServerApplication::m_maxDatagram),
                          MakeUintegerChecker<uint32_t>(64, 65000))
            .AddTraceSource("Datagram", "A datagram arrived: local port, bytes.",
                            MakeTraceSourceAccessor(&CatalogServerApplication::m_datagramTrace),
                            "ns3::CatalogServerApplication::DatagramTracedCallback");
    return tid;
}

CatalogServerApplication::CatalogServerApplication()
    : m_epochStartUs(0),
      m_maxDatagram(1400),
      m_seed(CreateObject<UniformRandomVariable>())
{
}

CatalogServerApplication::~CatalogServerApplication() = default;

int64_t
CatalogServerApplication::AssignStreams(int64_t stream)
{
    m_seed->SetStream(stream);
    return 1;
}

uint64_t
CatalogServerApplication::NextSeed()
{
    return DrawPayloadSeed(*m_seed);
}

void
CatalogServerApplication::DoDispose()
{
    m_connections.clear();
    m_tcpListeners.clear();
    m_udpSockets.clear();
    Application::DoDispose();
}

void
CatalogServerApplication::StartApplication()
{
    for (uint16_t port : ParsePortList(m_tcpPortList))
    {
        m_tcpListeners.push_back(
            OpenTcpListener(GetNode(), port, MakeCallback(&CatalogServerApplication::HandleAccept, this)));
        if (m_listenIpv6)
        {
            m_tcpListeners.push_back(
                OpenTcpListener(GetNode(), port, MakeCallback(&CatalogServerApplication::HandleAccept, this), true));
        }
    }
    for (uint16_t port : ParsePortList(m_udpPortList))
    {
        OpenUdp(InetSocketAddress(Ipv4Address::GetAny(), port), port);
        if (m_listenIpv6)
        {
            OpenUdp(Inet6SocketAddress(Ipv6Address::GetAny(), port), port);
        }
    }
}

void
CatalogServerApplication::OpenUdp(const Address& any, uint16_t port)
{
    Ptr<Socket> socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
    NS_ABORT_MSG_IF(socket->Bind(any) != 0, "node " << GetNode()->GetId() << ": cannot bind UDP port " << port);
    // Each datagram carries the address it was sent to (Ipv4/Ipv6PacketInfoTag); the reply hands
    // it back so that (Ipv6)AddressBlockRouting sends it from there (one 5-tuple per exchange).
    socket->SetRecvPktInfo(true);
    socket->SetRecvCallback(MakeCallback(&CatalogServerApplication::HandleDatagram, this));
    m_udpSockets[socket] = port;
}

void
CatalogServerApplication::StopApplication()
{
    for (auto& listener : m_tcpListeners)
    {
        CloseTcpListener(listener);
    }
    m_tcpListeners.clear();
    for (auto& [socket, port] : m_udpSockets)
    {
        socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        socket->Close();
    }
    m_udpSockets.clear();
    std::vector<Ptr<BufferedTcpStream>> open;
    for (auto& entry : m_connections)
    {
        open.push_back(entry.second);
    }
    for (auto& stream : open)
    {
        stream->Close();
    }
}

void
CatalogServerApplication::HandleAccept(Ptr<Socket> socket, const Address&)
{
    ++m_accepted;
    Ptr<BufferedTcpStream> stream = Create<BufferedTcpStream>(kMaxSendChunk);
    stream->SetDataCallback(MakeCallback(&CatalogServerApplication::HandleRead, this));
    stream->SetClosedCallback(MakeCallback(&CatalogServerApplication::HandleClosed, this));
    m_connections[socket] = stream;
    stream->Attach(socket);
}

void
CatalogServerApplication::HandleRead(Ptr<BufferedTcpStream> stream, uint32_t)
{
    auto& rx = stream->Received();
    size_t used = 0;
    while (auto request = ntlab::payload::PeekGenericRequest(rx.data() + used, rx.size() - used))
    {
        used += request->length;
        stream->Queue(ntlab::payload::BuildFiller(request->response_bytes, NextSeed()));
    }
    rx.erase(rx.begin(), rx.begin() + used);
    stream->Flush();
}

void
CatalogServerApplication::HandleClosed(Ptr<BufferedTcpStream> stream, BufferedTcpStream::CloseCause)
{
    // The client closes first (it holds TIME_WAIT); the stream already closed our side.
    m_connections.erase(stream->GetSocket());
}

uint64_t
CatalogServerApplication::QuicConnectionOf(const Address& from)
{
    if (Inet6SocketAddress::IsMatchingType(from))
    {
        // An IPv6 client: the low 32 bits of its address (the host part of fd00:0:0:1::<n>).
        Inet6SocketAddress peer = Inet6SocketAddress::ConvertFrom(from);
        uint8_t bytes[16];
        peer.GetIpv6().GetBytes(bytes);
        uint32_t low = uint32_t(bytes[12]) << 24 | uint32_t(bytes[13]) << 16 | uint32_t(bytes[14]) << 8 | bytes[15];
        return (uint64_t(low) << 16) | peer.GetPort();
    }
    InetSocketAddress peer = InetSocketAddress::ConvertFrom(from);
    return (uint64_t(peer.GetIpv4().Get()) << 16) | peer.GetPort();
}

void
CatalogServerApplication::HandleDatagram(Ptr<Socket> socket)
{
    namespace payload = ntlab::payload;
    uint16_t port = m_udpSockets[socket];
    Address from;
    while (Ptr<Packet> packet = socket->RecvFrom(from))
    {
        ++m_datagrams;
        m_datagramTrace(port, packet->GetSize());
        std::vector<uint8_t> in(packet->GetSize());
        packet->CopyData(in.data(), in.size());
        size_t size = std::min<size_t>(std::max<size_t>(in.size(), 16), m_maxDatagram);
        payload::Bytes reply;
        if (port == 123)
        {
            int64_t nowUs = m_epochStartUs + Simulator::Now().GetMicroSeconds();
            reply = payload::BuildNtpResponse(in.data(), in.size(), payload::NtpTimestampFromUnixMicros(nowUs));
        }
        else if (port == 443)
        {
            // The connection is keyed by the client's address: its ids stay the same throughout.
            uint64_t connection = QuicConnectionOf(from);
            reply = payload::IsQuicLongHeader(in.data(), in.size())
                        ? payload::BuildQuicInitial(connection, true, payload::kQuicMinInitialSize, NextSeed())
                        : payload::BuildQuicShort(connection, true, size, NextSeed());
        }
        else
        {
            reply = payload::BuildFiller(size, NextSeed());
        }
        Ptr<Packet> out = Create<Packet>(reply.data(), reply.size());
        Ipv4PacketInfoTag contacted;
        if (packet->PeekPacketTag(contacted))
        {
            Ipv4PacketInfoTag source;
            source.SetAddress(contacted.GetAddress());
            out->AddPacketTag(source);
        }
        Ipv6PacketInfoTag contacted6;
        if (packet->PeekPacketTag(contacted6))
        {
            Ipv6PacketInfoTag source;
            source.SetAddress(contacted6.GetAddress());
            out->AddPacketTag(source);
        }
        socket->SendTo(out, 0, from);
    }
}

} // namespace ns3
