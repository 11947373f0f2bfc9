#include "models/smtp-server-application.h"

#include "models/socket-close.h"
#include "traffic-gen/payload/smtp-server-dialogue.h"

#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/string.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SmtpServerApplication");
NS_OBJECT_ENSURE_REGISTERED(SmtpServerApplication);

namespace
{
constexpr size_t kMaxSendChunk = 64 * 1024;
}

TypeId
SmtpServerApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::SmtpServerApplication")
            .SetParent<Application>()
            .SetGroupName("Ntlab")
            .AddConstructor<SmtpServerApplication>()
            .AddAttribute("Port", "TCP port to listen on.", UintegerValue(25),
                          MakeUintegerAccessor(&SmtpServerApplication::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("Hostname", "Name in the greeting and the EHLO reply.",
                          StringValue("mx.example.com"),
                          MakeStringAccessor(&SmtpServerApplication::m_hostname),
                          MakeStringChecker())
            .AddTraceSource("Message",
                            "A message was accepted: client, sender, recipients, bytes.",
                            MakeTraceSourceAccessor(&SmtpServerApplication::m_messageTrace),
                            "ns3::SmtpServerApplication::MessageTracedCallback");
    return tid;
}

SmtpServerApplication::SmtpServerApplication()
    : m_port(25)
{
}

SmtpServerApplication::~SmtpServerApplication() = default;

void
SmtpServerApplication::DoDispose()
{
    m_connections.clear();
    m_listener = nullptr;
    Application::DoDispose();
}

void
SmtpServerApplication::StartApplication()
{
    if (m_listener)
    {
        return;
    }
    m_listener = Socket::CreateSocket(GetNode(), TcpSocketFactory::GetTypeId());
    if (m_listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_port)) == -1)
    {
        NS_FATAL_ERROR("SmtpServerApplication: cannot bind TCP port " << m_port);
    }
    m_listener->Listen();
    m_listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                  MakeCallback(&SmtpServerApplication::HandleAccept, this));
}

void
SmtpServerApplication::StopApplication()
{
    if (m_listener)
    {
        m_listener->Close();
        m_listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                      MakeNullCallback<void, Ptr<Socket>, const Address&>());
        m_listener = nullptr;
    }
    std::vector<Ptr<Socket>> open;
    for (auto& [socket, c] : m_connections)
    {
        open.push_back(socket);
    }
    for (auto& socket : open)
    {
        Forget(socket);
        CloseDiscardingInput(socket);
    }
}

void
SmtpServerApplication::HandleAccept(Ptr<Socket> socket, const Address& from)
{
    Connection& c = m_connections[socket];
    c.peer = InetSocketAddress::ConvertFrom(from).GetIpv4();
    c.dialogue = std::make_unique<ntlab::payload::SmtpServerDialogue>(m_hostname);
    socket->SetRecvCallback(MakeCallback(&SmtpServerApplication::HandleRead, this));
    socket->SetSendCallback(MakeCallback(&SmtpServerApplication::HandleSend, this));
    socket->SetCloseCallbacks(MakeCallback(&SmtpServerApplication::HandlePeerClose, this),
                              MakeCallback(&SmtpServerApplication::HandlePeerError, this));
    // SMTP servers speak first.
    c.tx = c.dialogue->Greeting();
    Flush(socket, c);
}

void
SmtpServerApplication::Forget(Ptr<Socket> socket)
{
    socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
    socket->SetSendCallback(MakeNullCallback<void, Ptr<Socket>, uint32_t>());
    socket->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                              MakeNullCallback<void, Ptr<Socket>>());
    m_connections.erase(socket);
}

void
SmtpServerApplication::HandlePeerClose(Ptr<Socket> socket)
{
    Forget(socket);
    CloseDiscardingInput(socket);
}

void
SmtpServerApplication::HandlePeerError(Ptr<Socket> socket)
{
    Forget(socket);
}

void
SmtpServerApplication::HandleRead(Ptr<Socket> socket)
{
    auto it = m_connections.find(socket);
    while (Ptr<Packet> packet = socket->Recv())
    {
        if (it == m_connections.end() || packet->GetSize() == 0)
        {
            continue;
        }
        auto& rx = it->second.rx;
        size_t old = rx.size();
        rx.resize(old + packet->GetSize());
        packet->CopyData(rx.data() + old, packet->GetSize());
    }
    if (it == m_connections.end())
    {
        return;
    }
    Connection& c = it->second;
    std::vector<uint8_t> replies = c.dialogue->Feed(c.rx);
    while (c.accepted < c.dialogue->MessagesAccepted())
    {
        ++c.accepted;
        ++m_messages;
        m_messageTrace(c.peer, c.dialogue->MailFrom(),
                       static_cast<uint32_t>(c.dialogue->Recipients().size()),
                       static_cast<uint32_t>(c.dialogue->LastMessageBytes()));
    }
    if (c.txOffset == c.tx.size())
    {
        c.tx.clear();
        c.txOffset = 0;
    }
    c.tx.insert(c.tx.end(), replies.begin(), replies.end());
    Flush(socket, c);
}

void
SmtpServerApplication::HandleSend(Ptr<Socket> socket, uint32_t)
{
    auto it = m_connections.find(socket);
    if (it != m_connections.end())
    {
        Flush(socket, it->second);
    }
}

void
SmtpServerApplication::Flush(Ptr<Socket> socket, Connection& c)
{
    while (c.txOffset < c.tx.size())
    {
        uint32_t room = socket->GetTxAvailable();
        if (room == 0)
        {
            return;
        }
        size_t n = std::min({size_t(room), c.tx.size() - c.txOffset, kMaxSendChunk});
        int sent = socket->Send(c.tx.data() + c.txOffset, static_cast<uint32_t>(n), 0);
        if (sent <= 0)
        {
            return;
        }
        c.txOffset += static_cast<size_t>(sent);
    }
}

} // namespace ns3
