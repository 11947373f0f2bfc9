#include "models/web-server-application.h"
#include "models/payload-seed.h"
#include "models/tcp-listener.h"

#include "models/payload/http-payload.h"
#include "models/payload/tls-payload.h"

#include "ns3/boolean.h"
#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/pointer.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cctype>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("WebServerApplication");
NS_OBJECT_ENSURE_REGISTERED(WebServerApplication);

namespace
{
// Largest chunk handed to Socket::Send at once; keeps packets small when the buffer is large.
constexpr size_t kMaxSendChunk = 64 * 1024;
} // namespace

TypeId
WebServerApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::WebServerApplication")
            .SetParent<Application>()
            .SetGroupName("Ntlab")
            .AddConstructor<WebServerApplication>()
            .AddAttribute("HttpPort",
                          "TCP port for plain HTTP/1.1 (0 disables it).",
                          UintegerValue(80),
                          MakeUintegerAccessor(&WebServerApplication::m_httpPort),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("TlsPort",
                          "TCP port for TLS (0 disables it).",
                          UintegerValue(443),
                          MakeUintegerAccessor(&WebServerApplication::m_tlsPort),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("ListenIpv6",
                          "Also listen on [::] (a dual-stack server, issue 10 workload.ipv6_share).",
                          BooleanValue(false),
                          MakeBooleanAccessor(&WebServerApplication::m_listenIpv6),
                          MakeBooleanChecker())
            .AddAttribute("ResponseSize",
                          "Bytes of each response: HTTP body length, or TLS application-data "
                          "payload length.",
                          StringValue("ns3::ConstantRandomVariable[Constant=10000]"),
                          MakePointerAccessor(&WebServerApplication::m_responseSize),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("CertificateSize",
                          "Bytes of the certificate in the TLS server flight.",
                          UintegerValue(3000),
                          MakeUintegerAccessor(&WebServerApplication::m_certificateSize),
                          MakeUintegerChecker<uint32_t>(0, 16000))
            .AddAttribute("ServerName",
                          "Value of the HTTP Server header, and the certificate subject CN.",
                          StringValue("nginx"),
                          MakeStringAccessor(&WebServerApplication::m_serverName),
                          MakeStringChecker())
            .AddTraceSource("Request",
                            "A complete request was received: peer address and bytes.",
                            MakeTraceSourceAccessor(&WebServerApplication::m_requestTrace),
                            "ns3::WebServerApplication::MessageTracedCallback")
            .AddTraceSource("Response",
                            "A response was queued for sending: peer address and bytes.",
                            MakeTraceSourceAccessor(&WebServerApplication::m_responseTrace),
                            "ns3::WebServerApplication::MessageTracedCallback");
    return tid;
}

WebServerApplication::WebServerApplication()
    : m_httpPort(80),
      m_tlsPort(443),
      m_seedStream(CreateObject<UniformRandomVariable>()),
      m_certificateSize(3000),
      m_accepted(0)
{
    NS_LOG_FUNCTION(this);
}

WebServerApplication::~WebServerApplication()
{
    NS_LOG_FUNCTION(this);
}

int64_t
WebServerApplication::AssignStreams(int64_t stream)
{
    m_responseSize->SetStream(stream);
    m_seedStream->SetStream(stream + 1);
    return 2;
}

size_t
WebServerApplication::GetOpenConnections() const
{
    return m_connections.size();
}

uint64_t
WebServerApplication::GetAcceptedConnections() const
{
    return m_accepted;
}

void
WebServerApplication::DoDispose()
{
    m_ipv6Listeners.clear();
    m_connections.clear();
    m_httpListener = nullptr;
    m_tlsListener = nullptr;
    Application::DoDispose();
}

uint64_t
WebServerApplication::NextSeed()
{
    return DrawPayloadSeed(*m_seedStream);
}

Ptr<Socket>
WebServerApplication::Listen(uint16_t port, bool tls, bool ipv6)
{
    return OpenTcpListener(GetNode(), port,
                           tls ? MakeCallback(&WebServerApplication::HandleAcceptTls, this)
                               : MakeCallback(&WebServerApplication::HandleAcceptHttp, this),
                           ipv6);
}

void
WebServerApplication::StartApplication()
{
    NS_LOG_FUNCTION(this);
    if (m_httpPort != 0 && !m_httpListener)
    {
        m_httpListener = Listen(m_httpPort, false);
    }
    if (m_tlsPort != 0 && !m_tlsListener)
    {
        m_tlsListener = Listen(m_tlsPort, true);
    }
    if (m_listenIpv6 && m_ipv6Listeners.empty())
    {
        for (auto [port, tls] : {std::pair<uint16_t, bool>{m_httpPort, false}, {m_tlsPort, true}})
        {
            if (port != 0)
            {
                m_ipv6Listeners.push_back(Listen(port, tls, true));
            }
        }
    }
}

void
WebServerApplication::StopApplication()
{
    NS_LOG_FUNCTION(this);
    for (auto listener : {m_httpListener, m_tlsListener})
    {
        if (listener)
        {
            CloseTcpListener(listener);
        }
    }
    m_httpListener = nullptr;
    m_tlsListener = nullptr;
    for (auto listener : m_ipv6Listeners)
    {
        CloseTcpListener(listener);
    }
    m_ipv6Listeners.clear();
    CloseAllStreams(m_connections);
}

void
WebServerApplication::HandleAcceptHttp(Ptr<Socket> socket, const Address& from)
{
    Accept(socket, from, false);
}

void
WebServerApplication::HandleAcceptTls(Ptr<Socket> socket, const Address& from)
{
    Accept(socket, from, true);
}

void
WebServerApplication::Accept(Ptr<Socket> socket, const Address& from, bool tls)
{
    NS_LOG_FUNCTION(this << socket << from << tls);
    ++m_accepted;
    Connection& c = m_connections[socket];
    c.tls = tls;
    c.peer = from;
    c.stream = Create<BufferedTcpStream>(kMaxSendChunk);
    c.stream->SetDataCallback(MakeCallback(&WebServerApplication::HandleRead, this));
    c.stream->SetClosedCallback(MakeCallback(&WebServerApplication::HandleClosed, this));
    c.stream->Attach(socket);
}

void
WebServerApplication::HandleClosed(Ptr<BufferedTcpStream> stream,
                                   BufferedTcpStream::CloseCause /*cause*/)
{
    NS_LOG_FUNCTION(this << stream->GetSocket());
    // Per-socket state goes as soon as the application is done with the socket; the socket
    // itself lingers in ns-3 (FIN exchange, TIME_WAIT) without calling back into us. When the
    // client closed first (normal HTTP keep-alive end) the stream closed our side too, which
    // sends our FIN after any data still buffered in the socket.
    m_connections.erase(stream->GetSocket());
}

void
WebServerApplication::HandleRead(Ptr<BufferedTcpStream> stream, uint32_t /*added*/)
{
    auto it = m_connections.find(stream->GetSocket());
    if (it == m_connections.end())
    {
        return;
    }
    Connection& c = it->second;
    if (c.tls)
    {
        ProcessTls(c);
    }
    else
    {
        ProcessHttp(c);
    }
}

void
WebServerApplication::ProcessHttp(Connection& c)
{
    Ptr<BufferedTcpStream> stream = c.stream;
    std::vector<uint8_t>& rx = stream->Received();
    size_t used = 0;
    while (!c.closeWhenSent)
    {
        auto length = ntlab::payload::CompleteHttpMessageLength(rx.data() + used, rx.size() - used);
        if (!length)
        {
            break;
        }
        const uint8_t* request = rx.data() + used;
        auto connection = ntlab::payload::FindHttpHeader(request, *length, "Connection");
        if (connection)
        {
            std::string v = *connection;
            std::transform(v.begin(), v.end(), v.begin(), [](unsigned char ch) {
                return static_cast<char>(std::tolower(ch));
            });
            c.closeWhenSent = v == "close";
        }
        m_requestTrace(c.peer, static_cast<uint32_t>(*length));
        uint32_t body = m_responseSize->GetInteger();
        ntlab::payload::HttpHeaders headers{{"Server", m_serverName}};
        if (c.closeWhenSent)
        {
            headers.emplace_back("Connection", "close");
        }
        auto response =
            ntlab::payload::BuildHttpResponse(200, "OK", "text/html", body, NextSeed(), headers);
        m_responseTrace(c.peer, static_cast<uint32_t>(response.size()));
        stream->Queue(response);
        used += *length;
    }
    rx.erase(rx.begin(), rx.begin() + used);
    if (c.closeWhenSent)
    {
        // Once everything is in the socket, Close() sends FIN after it, making the server the
        // active closer.
        stream->CloseWhenSent();
    }
    stream->Flush();
}

void
WebServerApplication::ProcessTls(Connection& c)
{
    using namespace ntlab::payload;
    Ptr<BufferedTcpStream> stream = c.stream;
    std::vector<uint8_t>& rx = stream->Received();
    size_t used = 0;
    while (auto header = PeekTlsRecord(rx.data() + used, rx.size() - used))
    {
        const uint8_t* record = rx.data() + used;
        size_t recordSize = kTlsRecordHeaderSize + header->length;
        if ((header->version >> 8) != 3 || header->content_type < kTlsChangeCipherSpec ||
            header->content_type > kTlsApplicationData)
        {
            // Not TLS at all: drop the connection like a real server would after an alert.
            NS_LOG_WARN("non-TLS bytes from " << c.peer << "; closing");
            stream->Close();
            return;
        }
        if (!c.helloDone)
        {
            if (IsTlsClientHelloRecord(record, recordSize))
            {
                c.helloDone = true;
                stream->Queue(BuildTlsServerFlight(NextSeed(), m_certificateSize, m_serverName));
            }
        }
        else if (header->content_type == kTlsChangeCipherSpec)
        {
            c.expectFinished = true;
        }
        else if (header->content_type == kTlsApplicationData)
        {
            if (c.expectFinished)
            {
                c.expectFinished = false; // the client's Finished, not a request
            }
            else
            {
                m_requestTrace(c.peer, header->length);
                uint32_t bytes = m_responseSize->GetInteger();
                m_responseTrace(c.peer, bytes);
                stream->Queue(BuildTlsApplicationData(bytes, NextSeed()));
            }
        }
        used += recordSize;
    }
    rx.erase(rx.begin(), rx.begin() + used);
    stream->Flush();
}

} // namespace ns3
