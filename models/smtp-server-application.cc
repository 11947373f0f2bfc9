#include "models/smtp-server-application.h"
#include "models/tcp-listener.h"

#include "models/payload/smtp-server-dialogue.h"

#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/string.h"
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
    m_listener = OpenTcpListener(GetNode(), m_port, MakeCallback(&SmtpServerApplication::HandleAccept, this));
}

void
SmtpServerApplication::StopApplication()
{
    if (m_listener)
    {
        CloseTcpListener(m_listener);
        m_listener = nullptr;
    }
    CloseAllStreams(m_connections);
}

void
SmtpServerApplication::HandleAccept(Ptr<Socket> socket, const Address& from)
{
    Connection& c = m_connections[socket];
    c.peer = InetSocketAddress::ConvertFrom(from).GetIpv4();
    c.dialogue = std::make_unique<ntlab::payload::SmtpServerDialogue>(m_hostname);
    c.stream = Create<BufferedTcpStream>(kMaxSendChunk);
    c.stream->SetDataCallback(MakeCallback(&SmtpServerApplication::HandleRead, this));
    c.stream->SetClosedCallback(MakeCallback(&SmtpServerApplication::HandleClosed, this));
    c.stream->Attach(socket);
    // SMTP servers speak first.
    c.stream->Send(c.dialogue->Greeting());
}

void
SmtpServerApplication::HandleClosed(Ptr<BufferedTcpStream> stream,
                                    BufferedTcpStream::CloseCause /*cause*/)
{
    m_connections.erase(stream->GetSocket());
}

void
SmtpServerApplication::HandleRead(Ptr<BufferedTcpStream> stream, uint32_t /*added*/)
{
    auto it = m_connections.find(stream->GetSocket());
    if (it == m_connections.end())
    {
        return;
    }
    Connection& c = it->second;
    std::vector<uint8_t> replies = c.dialogue->Feed(stream->Received());
    while (c.accepted < c.dialogue->MessagesAccepted())
    {
        ++c.accepted;
        ++m_messages;
        m_messageTrace(c.peer, c.dialogue->MailFrom(),
                       static_cast<uint32_t>(c.dialogue->Recipients().size()),
                       static_cast<uint32_t>(c.dialogue->LastMessageBytes()));
    }
    stream->Send(replies);
}

} // namespace ns3
