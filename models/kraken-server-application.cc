#include "models/kraken-server-application.h"
#include "models/payload-seed.h"
#include "models/tcp-listener.h"

#include "models/payload/http-payload.h"
#include "models/payload/kraken-protocol.h"
#include "models/payload/split-mix64.h"

#include "ns3/boolean.h"
#include "ns3/enum.h"
#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/pointer.h"
#include "ns3/string.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("KrakenServerApplication");
NS_OBJECT_ENSURE_REGISTERED(KrakenServerApplication);

namespace
{
constexpr size_t kMaxSendChunk = 64 * 1024;
constexpr size_t kMaxRequest = 64 * 1024;  // nothing a bot sends is larger

using namespace ntlab::payload;

std::vector<std::string>
SplitList(const std::string& text)
{
    std::vector<std::string> out;
    std::stringstream ss(text);
    std::string item;
    while (std::getline(ss, item, ','))
    {
        item.erase(0, item.find_first_not_of(' '));
        item.erase(item.find_last_not_of(' ') + 1);
        if (!item.empty())
        {
            out.push_back(item);
        }
    }
    return out;
}

// The Content-Type a web server would give the file the URL pretends to fetch.
std::string
ContentTypeFor(const std::string& uri)
{
    std::string path = uri.substr(0, uri.find('?'));
    std::string ext = path.substr(path.rfind('.') == std::string::npos ? path.size() : path.rfind('.'));
    static const std::map<std::string, std::string> types{
        {".jpg", "image/jpeg"}, {".jpeg", "image/jpeg"}, {".gif", "image/gif"},
        {".png", "image/png"},  {".avi", "video/x-msvideo"}, {".mpg", "video/mpeg"},
        {".mp3", "audio/mpeg"}, {".wav", "audio/x-wav"}, {".html", "text/html"},
        {".htm", "text/html"}};
    auto it = types.find(ext);
    return it == types.end() ? "application/octet-stream" : it->second;
}

uint32_t
DrawBytes(Ptr<RandomVariableStream> rv)
{
    return static_cast<uint32_t>(std::max(1.0, std::round(rv->GetValue())));
}
} // namespace

TypeId
KrakenServerApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::KrakenServerApplication")
            .SetParent<Application>()
            .SetGroupName("Ntlab")
            .AddConstructor<KrakenServerApplication>()
            .AddAttribute("Role", "Which of the three Kraken server kinds this is (paper 003).",
                          EnumValue(KrakenServerApplication::LOAD_BALANCE),
                          MakeEnumAccessor(&KrakenServerApplication::m_role),
                          MakeEnumChecker(KrakenServerApplication::LOAD_BALANCE, "load-balance",
                                          KrakenServerApplication::UPDATE, "update",
                                          KrakenServerApplication::COMMAND, "command"))
            .AddAttribute("Port", "UDP and TCP port of the C&C protocol (447, ET wiki/Arbor).",
                          UintegerValue(447),
                          MakeUintegerAccessor(&KrakenServerApplication::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("HttpPort", "Herder HTTP port (command role).", UintegerValue(80),
                          MakeUintegerAccessor(&KrakenServerApplication::m_httpPort),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("RawPort", "Herder encrypted non-TLS port (command role).",
                          UintegerValue(443),
                          MakeUintegerAccessor(&KrakenServerApplication::m_rawPort),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("EncryptionKey", "64-bit key shared with the bots (ET wiki: a 64-bit key).",
                          UintegerValue(kKrakenDefaultKey),
                          MakeUintegerAccessor(&KrakenServerApplication::m_key),
                          MakeUintegerChecker<uint64_t>())
            .AddAttribute("SealedMessages",
                          "Whether the bots seal their messages (nonce + everything encrypted, "
                          "kraken-protocol.h); the servers then read and answer in that form.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&KrakenServerApplication::m_sealed),
                          MakeBooleanChecker())
            .AddAttribute("UpdateServers",
                          "Comma-separated IPv4 addresses a load-balancer hands out (paper: 5).",
                          StringValue(""),
                          MakeStringAccessor(&KrakenServerApplication::m_updateServers),
                          MakeStringChecker())
            .AddAttribute("ModuleVersion", "Latest module an update server offers.",
                          UintegerValue(317),
                          MakeUintegerAccessor(&KrakenServerApplication::m_moduleVersion),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("Herder", "Command server address an update server tells the bots.",
                          Ipv4AddressValue(Ipv4Address::GetAny()),
                          MakeIpv4AddressAccessor(&KrakenServerApplication::m_herder),
                          MakeIpv4AddressChecker())
            .AddAttribute("SpamDomains",
                          "Comma-separated recipient domains the herder sends on 443.",
                          StringValue("example.com,example.net,example.org"),
                          MakeStringAccessor(&KrakenServerApplication::m_spamDomains),
                          MakeStringChecker())
            .AddAttribute("ServerName", "Server header of the herder's HTTP replies.",
                          StringValue("Apache/2.2.8 (Unix)"),
                          MakeStringAccessor(&KrakenServerApplication::m_serverName),
                          MakeStringChecker())
            .AddAttribute("ModuleSize", "Bytes of a module update over TCP 447 (McAfee: 100-200 KB).",
                          StringValue("ns3::UniformRandomVariable[Min=100000|Max=200000]"),
                          MakePointerAccessor(&KrakenServerApplication::m_moduleSize),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("UpdateContentSize",
                          "Bytes of the update content every herder HTTP reply carries (assumption).",
                          StringValue("ns3::UniformRandomVariable[Min=2000|Max=8000]"),
                          MakePointerAccessor(&KrakenServerApplication::m_updateContentSize),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("TemplateSize",
                          "Bytes of spam template padding in a 443 reply (assumption).",
                          StringValue("ns3::UniformRandomVariable[Min=1000|Max=4000]"),
                          MakePointerAccessor(&KrakenServerApplication::m_templateSize),
                          MakePointerChecker<RandomVariableStream>())
            .AddTraceSource("Message",
                            "A request was answered: peer, port, type received, answer bytes.",
                            MakeTraceSourceAccessor(&KrakenServerApplication::m_messageTrace),
                            "ns3::KrakenServerApplication::MessageTracedCallback");
    return tid;
}

KrakenServerApplication::KrakenServerApplication()
    : m_role(LOAD_BALANCE),
      m_port(447),
      m_httpPort(80),
      m_rawPort(443),
      m_key(kKrakenDefaultKey),
      m_sealed(false),
      m_moduleVersion(317),
      m_seedStream(CreateObject<UniformRandomVariable>())
{
}

KrakenServerApplication::~KrakenServerApplication() = default;

int64_t
KrakenServerApplication::AssignStreams(int64_t stream)
{
    int64_t s = stream;
    for (auto rv : {m_moduleSize, m_updateContentSize, m_templateSize})
    {
        rv->SetStream(s++);
    }
    m_seedStream->SetStream(s++);
    return s - stream;
}

uint64_t
KrakenServerApplication::NextSeed()
{
    return DrawPayloadSeed(*m_seedStream);
}

KrakenWire
KrakenServerApplication::Wire() const
{
    return m_sealed ? KrakenWire::Sealed : KrakenWire::Plain;
}

uint32_t
KrakenServerApplication::Nonce()
{
    // Drawn only for sealed messages, so plain runs keep their streams as before.
    return m_sealed ? static_cast<uint32_t>(NextSeed()) : 0;
}

void
KrakenServerApplication::DoDispose()
{
    m_connections.clear();
    m_listeners.clear();
    m_udp = nullptr;
    Application::DoDispose();
}

Ptr<Socket>
KrakenServerApplication::Listen(uint16_t port)
{
    Ptr<Socket> listener = OpenTcpListener(GetNode(), port, MakeCallback(&KrakenServerApplication::HandleAccept, this));
    m_listeners.push_back(listener);
    return listener;
}

void
KrakenServerApplication::StartApplication()
{
    if (m_udp || !m_listeners.empty())
    {
        return;
    }
    if (m_role == COMMAND)
    {
        // One update content for the whole run: every herder reply carries the same bytes.
        uint32_t size = DrawBytes(m_updateContentSize);
        m_updateContent.resize(size);
        SplitMix64(NextSeed()).Fill(m_updateContent.data(), size);
        Listen(m_httpPort);
        Listen(m_rawPort);
        return;
    }
    m_module = DrawBytes(m_moduleSize);
    m_udp = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
    if (m_udp->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_port)) == -1)
    {
        NS_FATAL_ERROR("KrakenServerApplication: cannot bind UDP port " << m_port);
    }
    m_udp->SetRecvCallback(MakeCallback(&KrakenServerApplication::HandleUdp, this));
    if (m_role == UPDATE)
    {
        Listen(m_port);
    }
}

void
KrakenServerApplication::StopApplication()
{
    if (m_udp)
    {
        m_udp->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_udp->Close();
        m_udp = nullptr;
    }
    for (auto& listener : m_listeners)
    {
        CloseTcpListener(listener);
    }
    m_listeners.clear();
    CloseAllStreams(m_connections);
}

void
KrakenServerApplication::HandleUdp(Ptr<Socket> socket)
{
    Address from;
    while (Ptr<Packet> packet = socket->RecvFrom(from))
    {
        std::vector<uint8_t> bytes(packet->GetSize());
        packet->CopyData(bytes.data(), bytes.size());
        auto message = DecodeKrakenWire(bytes.data(), bytes.size(), m_key, Wire());
        if (!message)
        {
            continue;  // not ours; real C&C servers stay silent to scanners
        }
        Ipv4Address peer = InetSocketAddress::ConvertFrom(from).GetIpv4();
        KrakenMessage answer{KrakenType::Ack, message->bot_id, {}};
        bool reply = true;
        switch (message->type)
        {
        case KrakenType::Register:
            answer.type = KrakenType::IpList;
            if (m_role == LOAD_BALANCE)
            {
                std::vector<KrakenPeer> peers;
                for (const auto& ip : SplitList(m_updateServers))
                {
                    peers.push_back({Ipv4Address(ip.c_str()).Get(), m_port});
                }
                answer.body = EncodeKrakenIpList(peers);
            }
            else
            {
                answer.body = EncodeKrakenIpList({});  // "you reached an update server"
            }
            break;
        case KrakenType::HostInfo: {
            auto fields = DecodeKrakenFields(message->body);
            if (m_role == UPDATE && fields && fields->count("kind") && fields->at("kind") == "modules")
            {
                answer.body = EncodeKrakenModuleOffer(
                    {static_cast<uint16_t>(m_moduleVersion), m_module, m_herder.Get()});
            }
            break;
        }
        default:
            reply = false;
            break;
        }
        uint32_t sent = 0;
        if (reply)
        {
            auto wire = EncodeKrakenWire(answer, m_key, Wire(), Nonce());
            sent = static_cast<uint32_t>(wire.size());
            socket->SendTo(Create<Packet>(wire.data(), wire.size()), 0, from);
        }
        m_messageTrace(peer, m_port, static_cast<uint8_t>(message->type), sent);
    }
}

void
KrakenServerApplication::HandleAccept(Ptr<Socket> socket, const Address& from)
{
    Connection& c = m_connections[socket];
    c.peer = InetSocketAddress::ConvertFrom(from).GetIpv4();
    Address local;
    socket->GetSockName(local);
    c.service = InetSocketAddress::ConvertFrom(local).GetPort();
    c.stream = Create<BufferedTcpStream>(kMaxSendChunk);
    c.stream->SetDataCallback(MakeCallback(&KrakenServerApplication::HandleRead, this));
    c.stream->SetClosedCallback(MakeCallback(&KrakenServerApplication::HandleClosed, this));
    c.stream->Attach(socket);
}

void
KrakenServerApplication::HandleClosed(Ptr<BufferedTcpStream> stream,
                                      BufferedTcpStream::CloseCause /*cause*/)
{
    // The bot closes once it has the whole answer; the stream answered with our FIN.
    m_connections.erase(stream->GetSocket());
}

void
KrakenServerApplication::HandleRead(Ptr<BufferedTcpStream> stream, uint32_t /*added*/)
{
    auto it = m_connections.find(stream->GetSocket());
    if (it == m_connections.end())
    {
        return;
    }
    Serve(it->second);
    std::vector<uint8_t>& rx = stream->Received();
    if (rx.size() > kMaxRequest)
    {
        rx.clear();  // garbage; drop it rather than grow
    }
    // Only what fits in the send buffer goes now; the stream continues (the module is
    // 100-200 KB).
    stream->Flush();
}

std::vector<uint8_t>
KrakenServerApplication::Templates(uint32_t botId)
{
    // Spam templates and the MX (target domain) list, encrypted with the bot's keystream: the
    // paper's "own encryption, not SSL".
    std::string text = "domains=" + m_spamDomains + "\ntemplate=";
    uint32_t pad = DrawBytes(m_templateSize);
    SplitMix64 rng(NextSeed());
    for (uint32_t i = 0; i < pad; ++i)
    {
        text.push_back(static_cast<char>('a' + rng.Below(26)));
    }
    text += "\n";
    std::vector<uint8_t> blob(text.begin(), text.end());
    KrakenCrypt(blob.data(), blob.size(), m_key, botId);
    return FrameKrakenBlobWire(blob, m_key, Wire(), Nonce());
}

void
KrakenServerApplication::Serve(Connection& c)
{
    std::vector<uint8_t>& rx = c.stream->Received();
    std::vector<uint8_t> answer;
    uint8_t type = 0;
    if (c.service == m_httpPort && m_role == COMMAND)
    {
        auto length = CompleteHttpMessageLength(rx.data(), rx.size());
        if (!length)
        {
            return;
        }
        std::string head(rx.begin(), rx.begin() + std::min<size_t>(*length, 2048));
        head = head.substr(0, head.find("\r\n"));
        size_t sp1 = head.find(' ');
        size_t sp2 = head.find(' ', sp1 == std::string::npos ? 0 : sp1 + 1);
        std::string uri = sp2 == std::string::npos ? "/" : head.substr(sp1 + 1, sp2 - sp1 - 1);
        rx.erase(rx.begin(), rx.begin() + *length);
        // Same content whatever the URL pretends to be.
        answer = BuildHttpResponse(200, "OK", ContentTypeFor(uri), m_updateContent.size(), 0,
                                   {{"Server", m_serverName}});
        std::copy(m_updateContent.begin(), m_updateContent.end(),
                  answer.end() - m_updateContent.size());
    }
    else
    {
        // 447 module download or 443 templates: one framed Kraken request.
        auto length = KrakenRequestLength(rx.data(), rx.size(), m_key, Wire());
        if (!length || rx.size() < *length)
        {
            return;
        }
        auto message = DecodeKrakenWire(rx.data(), *length, m_key, Wire());
        rx.erase(rx.begin(), rx.begin() + *length);
        if (!message)
        {
            return;
        }
        type = static_cast<uint8_t>(message->type);
        if (c.service == m_port && m_role == UPDATE)
        {
            std::vector<uint8_t> module(m_module);
            SplitMix64(NextSeed()).Fill(module.data(), module.size());
            answer = FrameKrakenBlobWire(module, m_key, Wire(), Nonce());
        }
        else if (c.service == m_rawPort && m_role == COMMAND)
        {
            answer = Templates(message->bot_id);
        }
    }
    m_messageTrace(c.peer, c.service, type, static_cast<uint32_t>(answer.size()));
    c.stream->Queue(answer);
}

} // namespace ns3
