#include "models/web-server-application.h"
#include "models/socket-close.h"

#include "traffic-gen/payload/http-payload.h"
#include "traffic-gen/payload/tls-payload.h"

#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/pointer.h"
#include "ns3/string.h"
#include "ns3/tcp-socket-factory.h"
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
    m_connections.clear();
    m_httpListener = nullptr;
    m_tlsListener = nullptr;
    Application::DoDispose();
}

uint64_t
WebServerApplication::NextSeed()
{
    // Payload seeds come from an ns-3 stream so that RngRun/AssignStreams fix the bytes.
    uint64_t hi = m_seedStream->GetInteger(0, 0xffffffffU);
    uint64_t lo = m_seedStream->GetInteger(0, 0xffffffffU);
    return (hi << 32) | lo;
}

Ptr<Socket>
WebServerApplication::Listen(uint16_t port, bool tls)
{
    Ptr<Socket> socket = Socket::CreateSocket(GetNode(), TcpSocketFactory::GetTypeId());
    if (socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), port)) == -1)
    {
        NS_FATAL_ERROR("WebServerApplication: cannot bind TCP port " << port);
    }
    socket->Listen();
    socket->SetAcceptCallback(
        MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
        tls ? MakeCallback(&WebServerApplication::HandleAcceptTls, this)
            : MakeCallback(&WebServerApplication::HandleAcceptHttp, this));
    return socket;
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
}

void
WebServerApplication::StopApplication()
{
    NS_LOG_FUNCTION(this);
    for (auto listener : {m_httpListener, m_tlsListener})
    {
        if (listener)
        {
            listener->Close();
            listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                        MakeNullCallback<void, Ptr<Socket>, const Address&>());
        }
    }
    m_httpListener = nullptr;
    m_tlsListener = nullptr;
    // Copy the keys first: Forget() erases from the map.
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
    socket->SetRecvCallback(MakeCallback(&WebServerApplication::HandleRead, this));
    socket->SetSendCallback(MakeCallback(&WebServerApplication::HandleSend, this));
    socket->SetCloseCallbacks(MakeCallback(&WebServerApplication::HandlePeerClose, this),
                              MakeCallback(&WebServerApplication::HandlePeerError, this));
}

void
WebServerApplication::Forget(Ptr<Socket> socket)
{
    // Per-socket state goes as soon as the application is done with the socket; the socket
    // itself lingers in ns-3 (FIN exchange, TIME_WAIT) without calling back into us.
    socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
    socket->SetSendCallback(MakeNullCallback<void, Ptr<Socket>, uint32_t>());
    socket->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                              MakeNullCallback<void, Ptr<Socket>>());
    m_connections.erase(socket);
}

void
WebServerApplication::HandlePeerClose(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    // The client closed first (normal HTTP keep-alive end): close our side too, which sends our
    // FIN after any data still buffered in the socket.
    Forget(socket);
    CloseDiscardingInput(socket);
}

void
WebServerApplication::HandlePeerError(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    Forget(socket);
}

void
WebServerApplication::HandleRead(Ptr<Socket> socket)
{
    auto it = m_connections.find(socket);
    Address from;
    while (Ptr<Packet> packet = socket->RecvFrom(from))
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
    if (c.tls)
    {
        ProcessTls(socket, c);
    }
    else
    {
        ProcessHttp(socket, c);
    }
}

void
WebServerApplication::ProcessHttp(Ptr<Socket> socket, Connection& c)
{
    size_t used = 0;
    while (!c.closeWhenSent)
    {
        auto length = ntlab::payload::CompleteHttpMessageLength(c.rx.data() + used, c.rx.size() - used);
        if (!length)
        {
            break;
        }
        const uint8_t* request = c.rx.data() + used;
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
        Queue(c, response);
        used += *length;
    }
    c.rx.erase(c.rx.begin(), c.rx.begin() + used);
    Flush(socket, c);
}

void
WebServerApplication::ProcessTls(Ptr<Socket> socket, Connection& c)
{
    using namespace ntlab::payload;
    size_t used = 0;
    while (auto header = PeekTlsRecord(c.rx.data() + used, c.rx.size() - used))
    {
        const uint8_t* record = c.rx.data() + used;
        size_t recordSize = kTlsRecordHeaderSize + header->length;
        if ((header->version >> 8) != 3 || header->content_type < kTlsChangeCipherSpec ||
            header->content_type > kTlsApplicationData)
        {
            // Not TLS at all: drop the connection like a real server would after an alert.
            NS_LOG_WARN("non-TLS bytes from " << c.peer << "; closing");
            Forget(socket);
            CloseDiscardingInput(socket);
            return;
        }
        if (!c.helloDone)
        {
            if (IsTlsClientHelloRecord(record, recordSize))
            {
                c.helloDone = true;
                Queue(c, BuildTlsServerFlight(NextSeed(), m_certificateSize, m_serverName));
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
                Queue(c, BuildTlsApplicationData(bytes, NextSeed()));
            }
        }
        used += recordSize;
    }
    c.rx.erase(c.rx.begin(), c.rx.begin() + used);
    Flush(socket, c);
}

void
WebServerApplication::Queue(Connection& c, const std::vector<uint8_t>& bytes)
{
    if (c.txOffset == c.tx.size())
    {
        c.tx.clear();
        c.txOffset = 0;
    }
    c.tx.insert(c.tx.end(), bytes.begin(), bytes.end());
}

void
WebServerApplication::HandleSend(Ptr<Socket> socket, uint32_t /*available*/)
{
    auto it = m_connections.find(socket);
    if (it != m_connections.end())
    {
        Flush(socket, it->second);
    }
}

void
WebServerApplication::Flush(Ptr<Socket> socket, Connection& c)
{
    // Hand the socket only what fits in its send buffer; the rest goes from HandleSend when
    // buffer space frees up, so large responses never fail with ERROR_MSGSIZE.
    while (c.txOffset < c.tx.size())
    {
        uint32_t room = socket->GetTxAvailable();
        if (room == 0)
        {
            return;
        }
        size_t n = std::min({c.tx.size() - c.txOffset, static_cast<size_t>(room), kMaxSendChunk});
        int sent = socket->Send(Create<Packet>(c.tx.data() + c.txOffset, n));
        if (sent <= 0)
        {
            return;
        }
        c.txOffset += static_cast<size_t>(sent);
    }
    c.tx.clear();
    c.txOffset = 0;
    if (c.closeWhenSent)
    {
        // Everything is in the socket; Close() sends FIN after it, making the server the active
        // closer.
        Forget(socket);
        CloseDiscardingInput(socket);
    }
}

} // namespace ns3
