#include "traffic-gen/ssh-client-application.h"
#include "models/payload-seed.h"
#include "models/socket-close.h"

#include "models/payload/ssh-payload.h"

#include "ns3/address-utils.h"
#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SshClientApplication");
NS_OBJECT_ENSURE_REGISTERED(SshClientApplication);

TypeId
SshClientApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::SshClientApplication")
            .SetParent<Application>()
            .SetGroupName("Ntlab")
            .AddConstructor<SshClientApplication>()
            .AddAttribute("Remote",
                          "Address (InetSocketAddress) of the SSH server.",
                          AddressValue(),
                          MakeAddressAccessor(&SshClientApplication::m_remote),
                          MakeAddressChecker())
            .AddAttribute("Interval",
                          "Seconds between session starts (the first starts one interval after "
                          "the application starts).",
                          StringValue("ns3::ExponentialRandomVariable[Mean=600]"),
                          MakePointerAccessor(&SshClientApplication::m_interval),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("SessionDuration",
                          "Seconds from connection establishment to the client's close.",
                          StringValue("ns3::LogNormalRandomVariable[Mu=4.5|Sigma=1.0]"),
                          MakePointerAccessor(&SshClientApplication::m_sessionDuration),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("Exchanges",
                          "Client packets sent per session after the banners, spread evenly "
                          "over the session.",
                          StringValue("ns3::UniformRandomVariable[Min=5|Max=50]"),
                          MakePointerAccessor(&SshClientApplication::m_exchanges),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("PacketSize",
                          "Requested bytes per client SSH packet (rounded up to the 16-byte "
                          "block, at least 32).",
                          StringValue("ns3::UniformRandomVariable[Min=36|Max=200]"),
                          MakePointerAccessor(&SshClientApplication::m_packetSize),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("Software",
                          "Software version in the client banner (SSH-2.0-<Software>).",
                          StringValue("PuTTY_Release_0.78"),
                          MakeStringAccessor(&SshClientApplication::m_software),
                          MakeStringChecker())
            .AddAttribute("MaxSessions",
                          "Sessions to start in total (0 = no limit).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&SshClientApplication::m_maxSessions),
                          MakeUintegerChecker<uint32_t>())
            .AddTraceSource("SessionStart",
                            "A session's connection was established: local address.",
                            MakeTraceSourceAccessor(&SshClientApplication::m_sessionStartTrace),
                            "ns3::SshClientApplication::SessionTracedCallback")
            .AddTraceSource("SessionEnd",
                            "The client closed a session: local address.",
                            MakeTraceSourceAccessor(&SshClientApplication::m_sessionEndTrace),
                            "ns3::SshClientApplication::SessionTracedCallback")
            .AddTraceSource("Tx",
                            "Bytes handed to a session socket.",
                            MakeTraceSourceAccessor(&SshClientApplication::m_txTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("Rx",
                            "Bytes received on a session socket.",
                            MakeTraceSourceAccessor(&SshClientApplication::m_rxTrace),
                            "ns3::Packet::TracedCallback");
    return tid;
}

SshClientApplication::SshClientApplication()
    : m_seedStream(CreateObject<UniformRandomVariable>()),
      m_maxSessions(0),
      m_started(0),
      m_completed(0)
{
    NS_LOG_FUNCTION(this);
}

SshClientApplication::~SshClientApplication()
{
    NS_LOG_FUNCTION(this);
}

int64_t
SshClientApplication::AssignStreams(int64_t stream)
{
    m_interval->SetStream(stream);
    m_sessionDuration->SetStream(stream + 1);
    m_exchanges->SetStream(stream + 2);
    m_packetSize->SetStream(stream + 3);
    m_seedStream->SetStream(stream + 4);
    return 5;
}

uint64_t
SshClientApplication::GetSessionsStarted() const
{
    return m_started;
}

uint64_t
SshClientApplication::GetSessionsCompleted() const
{
    return m_completed;
}

void
SshClientApplication::DoDispose()
{
    m_sessions.clear();
    Application::DoDispose();
}

uint64_t
SshClientApplication::NextSeed()
{
    return DrawPayloadSeed(*m_seedStream);
}

void
SshClientApplication::StartApplication()
{
    NS_LOG_FUNCTION(this);
    ScheduleNextSession();
}

void
SshClientApplication::StopApplication()
{
    NS_LOG_FUNCTION(this);
    Simulator::Cancel(m_nextSession);
    std::vector<Ptr<Socket>> open;
    for (auto& [socket, s] : m_sessions)
    {
        open.push_back(socket);
    }
    for (auto& socket : open)
    {
        EndSession(socket);
    }
}

void
SshClientApplication::ScheduleNextSession()
{
    if (m_maxSessions != 0 && m_started >= m_maxSessions)
    {
        return;
    }
    m_nextSession = Simulator::Schedule(Seconds(std::max(0.0, m_interval->GetValue())),
                                        &SshClientApplication::StartSession,
                                        this);
}

void
SshClientApplication::StartSession()
{
    NS_LOG_FUNCTION(this);
    ++m_started;
    Ptr<Socket> socket = Socket::CreateSocket(GetNode(), TcpSocketFactory::GetTypeId());
    if (socket->Bind() == -1 || socket->Connect(m_remote) == -1)
    {
        NS_LOG_WARN("SshClientApplication: cannot connect to " << m_remote);
        socket->Close();
    }
    else
    {
        m_sessions[socket];
        socket->SetConnectCallback(MakeCallback(&SshClientApplication::ConnectionSucceeded, this),
                                   MakeCallback(&SshClientApplication::ConnectionFailed, this));
        socket->SetRecvCallback(MakeCallback(&SshClientApplication::HandleRead, this));
        socket->SetCloseCallbacks(MakeCallback(&SshClientApplication::HandlePeerClose, this),
                                  MakeCallback(&SshClientApplication::HandlePeerClose, this));
    }
    ScheduleNextSession();
}

void
SshClientApplication::ConnectionSucceeded(Ptr<Socket> socket)
{
    auto it = m_sessions.find(socket);
    if (it == m_sessions.end())
    {
        return;
    }
    Session& s = it->second;
    socket->GetSockName(s.local);
    m_sessionStartTrace(s.local);
    double duration = std::max(0.0, m_sessionDuration->GetValue());
    s.exchangesLeft = static_cast<uint32_t>(std::max(0.0, m_exchanges->GetValue()));
    s.gap = Seconds(duration / (s.exchangesLeft + 1));
    s.end = Simulator::Schedule(Seconds(duration), &SshClientApplication::EndSession, this, socket);
    // RFC 4253 §4.2: both sides send their identification string right away.
    SendBytes(socket, ntlab::payload::BuildSshBanner(m_software));
}

void
SshClientApplication::ConnectionFailed(Ptr<Socket> socket)
{
    NS_LOG_WARN("SshClientApplication: connection to " << m_remote << " failed");
    Forget(socket);
}

namespace
{

// The key exchange is over once NEWKEYS has been answered: that is when the first exchange is
// scheduled, and nextExchange keeps a real (non-zero) event id from then on, even once expired or
// cancelled. Server bytes after that are opaque and no longer parsed.
bool
KeyExchangeDone(const EventId& nextExchange)
{
    return nextExchange.GetUid() != 0;
}

} // namespace

void
SshClientApplication::HandleRead(Ptr<Socket> socket)
{
    auto it = m_sessions.find(socket);
    Address from;
    while (Ptr<Packet> packet = socket->RecvFrom(from))
    {
        m_rxTrace(packet);
        if (it == m_sessions.end() || KeyExchangeDone(it->second.nextExchange))
        {
            continue; // server packets after NEWKEYS are "encrypted": nothing to parse
        }
        auto& rx = it->second.rx;
        size_t old = rx.size();
        rx.resize(old + packet->GetSize());
        packet->CopyData(rx.data() + old, packet->GetSize());
    }
    if (it == m_sessions.end() || KeyExchangeDone(it->second.nextExchange))
    {
        return;
    }
    Session& s = it->second;
    if (!s.bannerSeen)
    {
        static const uint8_t kCrLf[] = {'\r', '\n'};
        auto eol = std::search(s.rx.begin(), s.rx.end(), kCrLf, kCrLf + 2);
        if (eol == s.rx.end())
        {
            return;
        }
        // Server identification complete: the key exchange begins with our KEXINIT (RFC 4253
        // §7.1), as OpenSSH sends it once it has read the server's banner.
        s.rx.erase(s.rx.begin(), eol + 2);
        s.bannerSeen = true;
        SendBytes(socket, ntlab::payload::BuildSshKexInit(NextSeed(), false));
    }
    // Plaintext key exchange packets from the server: KEXINIT, then KEX_ECDH_REPLY and NEWKEYS.
    while (size_t n = ntlab::payload::SshFramedPacketSize(s.rx.data(), s.rx.size()))
    {
        uint8_t type = n >= 6 ? ntlab::payload::SshPacketMessageType(s.rx.data()) : 0;
        s.rx.erase(s.rx.begin(), s.rx.begin() + n);
        if (type == ntlab::payload::kSshMsgKexInit)
        {
            SendBytes(socket, ntlab::payload::BuildSshKexEcdhInit(NextSeed()));
        }
        else if (type == ntlab::payload::kSshMsgNewKeys)
        {
            // New keys in use both ways: the session proper begins. The first packet goes at once
            // (stands in for the service request), the rest are spread over the session.
            SendBytes(socket, ntlab::payload::BuildSshNewKeys());
            s.rx.clear();
            s.rx.shrink_to_fit();
            s.nextExchange = Simulator::ScheduleNow(&SshClientApplication::SendExchange, this, socket);
            return;
        }
        // KEX_ECDH_REPLY (and anything else) needs no answer of its own: NEWKEYS follows it.
    }
}

void
SshClientApplication::SendExchange(Ptr<Socket> socket)
{
    auto it = m_sessions.find(socket);
    if (it == m_sessions.end())
    {
        return;
    }
    Session& s = it->second;
    size_t size = static_cast<size_t>(std::max(0.0, m_packetSize->GetValue()));
    SendBytes(socket, ntlab::payload::BuildSshEncryptedPacket(size, NextSeed()));
    if (s.exchangesLeft > 0)
    {
        --s.exchangesLeft;
        s.nextExchange =
            Simulator::Schedule(s.gap, &SshClientApplication::SendExchange, this, socket);
    }
}

void
SshClientApplication::SendBytes(Ptr<Socket> socket, const std::vector<uint8_t>& bytes)
{
    // SSH packets are small; if the send buffer is ever full the packet is dropped rather than
    // queued, which only thins out an interactive session.
    Ptr<Packet> packet = Create<Packet>(bytes.data(), bytes.size());
    if (socket->GetTxAvailable() >= bytes.size() && socket->Send(packet) >= 0)
    {
        m_txTrace(packet);
    }
}

void
SshClientApplication::EndSession(Ptr<Socket> socket)
{
    auto it = m_sessions.find(socket);
    if (it == m_sessions.end())
    {
        return;
    }
    NS_LOG_FUNCTION(this << socket);
    ++m_completed;
    m_sessionEndTrace(it->second.local);
    Forget(socket);
    CloseDiscardingInput(socket); // client is the active closer and keeps the TIME_WAIT
}

void
SshClientApplication::HandlePeerClose(Ptr<Socket> socket)
{
    // The server ended the session first (or reset it): close our side and drop the state.
    NS_LOG_FUNCTION(this << socket);
    if (m_sessions.count(socket) != 0)
    {
        Forget(socket);
        CloseDiscardingInput(socket);
    }
}

void
SshClientApplication::Forget(Ptr<Socket> socket)
{
    auto it = m_sessions.find(socket);
    if (it != m_sessions.end())
    {
        Simulator::Cancel(it->second.nextExchange);
        Simulator::Cancel(it->second.end);
        m_sessions.erase(it);
    }
    socket->SetConnectCallback(MakeNullCallback<void, Ptr<Socket>>(),
                               MakeNullCallback<void, Ptr<Socket>>());
    socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
    socket->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                              MakeNullCallback<void, Ptr<Socket>>());
}

} // namespace ns3
