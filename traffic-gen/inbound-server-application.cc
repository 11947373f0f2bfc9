#include "inbound-server-application.h"

#include "traffic-gen/payload/ssh-payload.h"

#include "ns3/inet-socket-address.h"
#include "ns3/pointer.h"
#include "ns3/string.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <memory>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(InboundServerApplication);

TypeId
InboundServerApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::InboundServerApplication")
            .SetParent<ProcessApplication>()
            .SetGroupName("Ntlab")
            .AddConstructor<InboundServerApplication>()
            .AddAttribute("Port", "Listening port.", UintegerValue(22),
                          MakeUintegerAccessor(&InboundServerApplication::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("Banner", "Identification string sent first.",
                          StringValue("SSH-2.0-OpenSSH_for_Windows_8.6"),
                          MakeStringAccessor(&InboundServerApplication::m_banner), MakeStringChecker())
            .AddAttribute("ReplyBytes", "Payload bytes of each reply packet.",
                          StringValue("ns3::UniformRandomVariable[Min=32|Max=600]"),
                          MakePointerAccessor(&InboundServerApplication::m_replyBytes),
                          MakePointerChecker<RandomVariableStream>());
    return tid;
}

InboundServerApplication::InboundServerApplication()
    : m_port(22),
      m_seed(CreateObject<UniformRandomVariable>())
{
}

int64_t
InboundServerApplication::AssignStreams(int64_t stream)
{
    m_replyBytes->SetStream(stream);
    m_seed->SetStream(stream + 1);
    return 2;
}

void
InboundServerApplication::StartApplication()
{
    m_listener = Socket::CreateSocket(GetNode(), TcpSocketFactory::GetTypeId());
    m_listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_port));
    m_listener->Listen();
    m_listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                  MakeCallback(&InboundServerApplication::HandleAccept, this));
    m_listenRow = Table()->Open(ntlab::Proto::Tcp, Ipv4Address::GetAny(), m_port, std::nullopt, ntlab::SocketState::Listen,
                                m_pid, m_processName);
}

void
InboundServerApplication::StopApplication()
{
    if (m_listener)
    {
        m_listener->Close();
        m_listener = nullptr;
        Table()->Close(m_listenRow, false);
    }
}

void
InboundServerApplication::HandleAccept(Ptr<Socket> socket, const Address& from)
{
    ++m_accepted;
    Ptr<TrackedTcpConnection> connection = NewConnection();
    connection->Adopt(socket, from);
    auto bannerSeen = std::make_shared<bool>(false);
    // The callback holds the connection; TrackedTcpConnection drops its callbacks when it closes.
    connection->onData = Callback<void>([this, connection, bannerSeen]() { Serve(connection, bannerSeen); });
    connection->Send(ntlab::payload::BuildSshBanner(m_banner));
}

void
InboundServerApplication::Serve(Ptr<TrackedTcpConnection> connection, std::shared_ptr<bool> bannerSeen)
{
    auto& rx = connection->Received();
    if (!*bannerSeen)
    {
        auto eol = std::find(rx.begin(), rx.end(), '\n');
        if (eol == rx.end())
        {
            return;
        }
        rx.erase(rx.begin(), eol + 1);
        *bannerSeen = true;
    }
    // RFC 4253 binary packets: uint32 packet_length, then that many bytes (MAC-less framing).
    while (rx.size() >= 4)
    {
        uint32_t length = (uint32_t(rx[0]) << 24) | (uint32_t(rx[1]) << 16) | (uint32_t(rx[2]) << 8) | rx[3];
        if (rx.size() < 4 + std::size_t(length))
        {
            return;
        }
        rx.erase(rx.begin(), rx.begin() + 4 + length);
        uint64_t seed = (uint64_t(m_seed->GetInteger(0, 0xFFFFFFFEu)) << 32) | m_seed->GetInteger(0, 0xFFFFFFFEu);
        connection->Send(ntlab::payload::BuildSshBinaryPacket(static_cast<size_t>(m_replyBytes->GetValue()), seed));
    }
}

} // namespace ns3
