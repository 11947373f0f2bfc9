#include "buddybuddy-server-application.h"

#include "tcp-listener.h"

#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/uinteger.h"

namespace ns3 {

NS_LOG_COMPONENT_DEFINE("BuddyBuddyServerApplication");
NS_OBJECT_ENSURE_REGISTERED(BuddyBuddyServerApplication);

using ntlab::payload::BuddyFields;
using ntlab::payload::BuddyType;
using ntlab::payload::BuildBuddyFrame;

TypeId BuddyBuddyServerApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::BuddyBuddyServerApplication")
            .SetParent<Application>()
            .SetGroupName("Ntlab")
            .AddConstructor<BuddyBuddyServerApplication>()
            .AddAttribute("Port", "The listening port (invented: no public source names one)",
                          UintegerValue(ntlab::payload::kBuddyPort),
                          MakeUintegerAccessor(&BuddyBuddyServerApplication::m_port), MakeUintegerChecker<uint16_t>())
            .AddAttribute("SecondPort", "The fall-back port the client tries next (0 = none)", UintegerValue(80),
                          MakeUintegerAccessor(&BuddyBuddyServerApplication::m_secondPort), MakeUintegerChecker<uint16_t>())
            .AddTraceSource("Frame", "A client request served",
                            MakeTraceSourceAccessor(&BuddyBuddyServerApplication::m_frameTrace),
                            "ns3::BuddyBuddyServerApplication::FrameTracedCallback");
    return tid;
}

BuddyBuddyServerApplication::BuddyBuddyServerApplication()
    : m_port(ntlab::payload::kBuddyPort),
      m_secondPort(80)
{
}

void BuddyBuddyServerApplication::StartApplication()
{
    m_listener = OpenTcpListener(GetNode(), m_port, MakeCallback(&BuddyBuddyServerApplication::HandleAccept, this));
    if (m_secondPort != 0)
        m_secondListener =
            OpenTcpListener(GetNode(), m_secondPort, MakeCallback(&BuddyBuddyServerApplication::HandleAccept, this));
}

void BuddyBuddyServerApplication::StopApplication()
{
    for (Ptr<Socket>* listener : {&m_listener, &m_secondListener})
        if (*listener)
        {
            CloseTcpListener(*listener);
            *listener = nullptr;
        }
    m_online.clear();
    CloseAllStreams(m_connections);
}

void BuddyBuddyServerApplication::DoDispose()
{
    m_connections.clear();
    m_online.clear();
    Application::DoDispose();
}

void BuddyBuddyServerApplication::HandleAccept(Ptr<Socket> socket, const Address& from)
{
    Ptr<BufferedTcpStream> stream = Create<BufferedTcpStream>(64 * 1024);
    Connection& c = m_connections[PeekPointer(stream)];
    c.stream = stream;
    c.peer = InetSocketAddress::ConvertFrom(from).GetIpv4();
    stream->SetDataCallback(MakeCallback(&BuddyBuddyServerApplication::HandleRead, this));
    stream->SetClosedCallback(MakeCallback(&BuddyBuddyServerApplication::HandleClosed, this));
    stream->Attach(socket);
}

void BuddyBuddyServerApplication::HandleRead(Ptr<BufferedTcpStream> stream, uint32_t)
{
    auto it = m_connections.find(PeekPointer(stream));
    if (it == m_connections.end()) return;
    std::vector<uint8_t>& rx = stream->Received();
    std::size_t length = 0;
    while (auto frame = ntlab::payload::ParseBuddyFrame(rx.data(), rx.size(), length))
    {
        if (rx[0] != ntlab::payload::kBuddyMagic0 || rx[1] != ntlab::payload::kBuddyMagic1 || frame->type == 0)
        {
            stream->Close();  // not BuddyBuddy: a real server drops the connection
            return;
        }
        rx.erase(rx.begin(), rx.begin() + std::ptrdiff_t(length));
        Serve(it->second, *frame);
        if (!stream->IsOpen() || stream->IsClosing()) return;
    }
}

void BuddyBuddyServerApplication::Serve(Connection& c, const ntlab::payload::BuddyFrame& frame)
{
    const char* name = ntlab::payload::BuddyTypeName(frame.type);
    m_frameTrace(c.peer, name ? name : "?");
    const std::vector<std::string> fields = ntlab::payload::SplitBuddyFields(frame.body);
    const auto type = BuddyType(frame.type);
    if (type == BuddyType::Login) return Login(c, frame.sequence, fields[0]);
    if (type == BuddyType::Alive) return c.stream->Send(BuildBuddyFrame(BuddyType::AliveOk, frame.sequence, frame.body));
    if (c.account.empty()) return;  // nothing else before a login
    if (type == BuddyType::Buddies) return c.stream->Send(BuildBuddyFrame(BuddyType::BuddyList, frame.sequence, BuddyList()));
    if (type == BuddyType::Chat && fields.size() >= 2)
    {
        const bool delivered = Push(fields[0], BuddyType::ChatFrom, BuddyFields({c.account, fields[1]}));
        c.stream->Send(BuildBuddyFrame(BuddyType::ChatAck, frame.sequence, BuddyFields({delivered ? "1" : "0"})));
    }
    else if (type == BuddyType::FileSend && fields.size() >= 4)
    {
        const bool offered = Push(fields[0], BuddyType::FileOffer, BuddyFields({c.account, fields[1], fields[2], fields[3]}));
        if (offered) m_transfers[{c.account, std::strtoul(fields[3].c_str(), nullptr, 10)}] = fields[0];
        c.stream->Send(BuildBuddyFrame(BuddyType::FileAck, frame.sequence, BuddyFields({fields[3], offered ? "1" : "0"})));
    }
    else if (type == BuddyType::FileData && frame.body.size() >= 4)
    {
        // A data frame names no receiver: its transfer id does, from the offer.
        const uint32_t id = uint32_t(frame.body[0]) << 24 | uint32_t(frame.body[1]) << 16 | uint32_t(frame.body[2]) << 8 | frame.body[3];
        auto transfer = m_transfers.find({c.account, id});
        if (transfer != m_transfers.end()) Push(transfer->second, BuddyType::FileDataFrom, frame.body);
    }
    else if (type == BuddyType::FileReceived && fields.size() >= 2)
    {
        m_transfers.erase({fields[1], std::strtoul(fields[0].c_str(), nullptr, 10)});
        Push(fields[1], BuddyType::FileDone, BuddyFields({fields[0]}));
    }
}

ntlab::payload::Bytes BuddyBuddyServerApplication::BuddyList() const
{
    std::vector<std::string> fields;
    for (const auto& [account, stream] : m_online)
    {
        fields.push_back(account);
        fields.push_back("online");
    }
    return BuddyFields(fields);
}

void BuddyBuddyServerApplication::Login(Connection& c, uint16_t sequence, const std::string& account)
{
    if (account.empty())
    {
        c.stream->Send(BuildBuddyFrame(BuddyType::LoginFail, sequence, BuddyFields({"no account"})));
        c.stream->CloseWhenSent();
        return;
    }
    c.account = account;
    m_online[account] = PeekPointer(c.stream);  // a second login replaces the first
    c.stream->Send(BuildBuddyFrame(BuddyType::LoginOk, sequence, BuddyFields({account, "k" + std::to_string(m_online.size())})));
    c.stream->Send(BuildBuddyFrame(BuddyType::BuddyList, 0, BuddyList()));
    PushPresence(account, "online");
}

bool BuddyBuddyServerApplication::Push(const std::string& account, BuddyType type, const ntlab::payload::Bytes& body)
{
    auto online = m_online.find(account);
    if (online == m_online.end()) return false;
    auto c = m_connections.find(online->second);
    if (c == m_connections.end() || !c->second.stream->IsOpen()) return false;
    c->second.stream->Send(BuildBuddyFrame(type, 0, body));
    return true;
}

void BuddyBuddyServerApplication::PushPresence(const std::string& account, const std::string& state)
{
    for (const auto& [other, stream] : m_online)
        if (other != account) Push(other, BuddyType::Presence, BuddyFields({account, state}));
}

void BuddyBuddyServerApplication::HandleClosed(Ptr<BufferedTcpStream> stream, BufferedTcpStream::CloseCause)
{
    auto it = m_connections.find(PeekPointer(stream));
    if (it == m_connections.end()) return;
    const std::string account = it->second.account;
    m_connections.erase(it);
    auto online = m_online.find(account);
    if (online == m_online.end() || online->second != PeekPointer(stream)) return;
    m_online.erase(online);
    PushPresence(account, "offline");
}

} // namespace ns3
