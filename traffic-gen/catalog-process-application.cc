#include "traffic-gen/catalog-process-application.h"
#include "models/payload-seed.h"

#include "models/host-resolver.h"

#include "models/payload/dns-payload.h"
#include "models/payload/generic-stream-payload.h"
#include "models/payload/ntp-payload.h"
#include "models/payload/quic-payload.h"
#include "traffic-gen/web-client-session.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/integer.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <memory>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CatalogProcessApplication");
NS_OBJECT_ENSURE_REGISTERED(CatalogProcessApplication);

namespace
{
constexpr uint16_t kDefaultTcpPort = 8443;  // no TCP port in the catalog entry (assumption)
constexpr uint16_t kDefaultUdpPort = 3478;  // no UDP port in the catalog entry (assumption)
constexpr uint32_t kMaxRequests = 1000;     // TLS/HTTP requests per connection at most
// TCP connections exchange something at least this often, as push channels and keep-alives do,
// so a session on the wire lasts as long as its socket (the sessionizer's TCP idle timeout is
// 300 s).
const Time kTcpKeepAlive = Seconds(120);
constexpr uint32_t kMaxDatagrams = 5000;    // data datagrams per UDP session at most

/// One UDP session (QUIC-like, NTP or generic): a socket whose row lives for the lifetime.
struct UdpSession
{
    Ptr<Socket> socket;
    uint32_t tableId = 0;
    bool quic = false;
    bool ntp = false;
    uint64_t connection = 0;  // QUIC connection-id seed
    std::string sni;          // QUIC: the name its Initial's ClientHello carries
    uint32_t dataLeft = 0;    // datagrams still to carry data
    size_t size = 0;          // bytes per data datagram
    Time gap;
    Time end;
    EventId next;
    EventId close;
    bool initialSent = false;
    bool closed = false;
};
} // namespace

const char*
CatalogProcessApplication::ProtocolName(Protocol protocol)
{
    switch (protocol)
    {
    case DNS: return "dns";
    case TCP: return "tcp";
    case TLS: return "tls";
    case HTTP: return "http";
    case QUIC: return "quic";
    case UDP: return "udp";
    }
    return "?";
}

TypeId
CatalogProcessApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::CatalogProcessApplication")
            .SetParent<ProcessApplication>()
            .SetGroupName("Ntlab")
            .AddConstructor<CatalogProcessApplication>()
            .AddAttribute("Arrival", "Seconds from one session arrival to the next (an HourlyArrivalRandomVariable "
                          "gives the catalog's hourly profile).",
                          StringValue("ns3::ExponentialRandomVariable[Mean=60]"),
                          MakePointerAccessor(&CatalogProcessApplication::m_arrival),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("Lifetime", "Seconds a connection lives (from established; UDP: from the first datagram).",
                          StringValue("ns3::LogNormalRandomVariable[Mu=-0.9|Sigma=2.3]"),
                          MakePointerAccessor(&CatalogProcessApplication::m_lifetime),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("Bytes", "Bytes per session, both directions (before BytesCap).",
                          StringValue("ns3::LogNormalRandomVariable[Mu=8|Sigma=1.5]"),
                          MakePointerAccessor(&CatalogProcessApplication::m_bytes),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("BytesCap", "Bytes per session at most (0 = no cap).", UintegerValue(262144),
                          MakeUintegerAccessor(&CatalogProcessApplication::m_bytesCap),
                          MakeUintegerChecker<uint64_t>())
            .AddAttribute("DnsLookups", "Mean DNS Client lookups per session (on the wire, after cache hits).",
                          DoubleValue(0), MakeDoubleAccessor(&CatalogProcessApplication::m_dnsLookups),
                          MakeDoubleChecker<double>(0, 10))
            .AddAttribute("DnsServer", "Server of the process's own resolver (protocol dns).", Ipv4AddressValue(),
                          MakeIpv4AddressAccessor(&CatalogProcessApplication::m_dnsServer),
                          MakeIpv4AddressChecker())
            .AddAttribute("LongLived", "Connections kept open at all times (re-opened when they end).",
                          UintegerValue(0), MakeUintegerAccessor(&CatalogProcessApplication::m_longLivedCount),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("LongLivedLifetime", "Seconds a long-lived connection lives.",
                          StringValue("ns3::LogNormalRandomVariable[Mu=8.2|Sigma=0.5]"),
                          MakePointerAccessor(&CatalogProcessApplication::m_longLivedLifetime),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("LongLivedStagger", "The long-lived connections open within this time after the start.",
                          TimeValue(Seconds(30)), MakeTimeAccessor(&CatalogProcessApplication::m_longLivedStagger),
                          MakeTimeChecker())
            .AddAttribute("RestartInterval", "Seconds between restarts of one of the instances (new PID).",
                          StringValue("ns3::ConstantRandomVariable[Constant=0]"),
                          MakePointerAccessor(&CatalogProcessApplication::m_restartGap),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("ReleasePidAtExit",
                          "A restart frees the old PID at once, while the exited instance's connections "
                          "linger in the socket table under it (Windows: rows whose owner is gone); "
                          "false: the PID is freed when its last socket is gone.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&CatalogProcessApplication::m_releasePidAtExit),
                          MakeBooleanChecker())
            .AddAttribute("PidReuse", "Chance that a restart gets a PID another process freed recently.",
                          DoubleValue(0), MakeDoubleAccessor(&CatalogProcessApplication::m_pidReuse),
                          MakeDoubleChecker<double>(0, 1))
            .AddAttribute("PidAllocator", "The host's PID allocator (needed for Instances > 1 and restarts).",
                          PointerValue(), MakePointerAccessor(&CatalogProcessApplication::m_pids),
                          MakePointerChecker<PidAllocator>())
            .AddAttribute("Instances", "Processes with this name; each session picks one.", UintegerValue(1),
                          MakeUintegerAccessor(&CatalogProcessApplication::m_instanceCount),
                          MakeUintegerChecker<uint32_t>(1, 64))
            .AddAttribute("MeanResponseBytes", "Mean response of the web servers: TLS/HTTP sessions make "
                          "bytes / this many requests.",
                          DoubleValue(5000), MakeDoubleAccessor(&CatalogProcessApplication::m_meanResponseBytes),
                          MakeDoubleChecker<double>(1))
            .AddAttribute("EpochStartUs", "Epoch microseconds of simulated t = 0 (NTP timestamps).",
                          IntegerValue(0), MakeIntegerAccessor(&CatalogProcessApplication::m_epochStartUs),
                          MakeIntegerChecker<int64_t>())
            .AddAttribute("KeepAlive", "UDP/QUIC sessions send at least one datagram this often (so a session on "
                          "the wire lasts as long as its socket).",
                          TimeValue(Seconds(20)), MakeTimeAccessor(&CatalogProcessApplication::m_keepAlive),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("NeverSeenShare", "Chance that a session (not the process's own DNS) goes to a "
                          "fresh address from NeverSeen, no other session's destination (issue 10).",
                          DoubleValue(0), MakeDoubleAccessor(&CatalogProcessApplication::m_neverSeenShare),
                          MakeDoubleChecker<double>(0, 1))
            .AddAttribute("NeverSeen", "The run's never-seen destinations (needed when NeverSeenShare > 0).",
                          PointerValue(), MakePointerAccessor(&CatalogProcessApplication::m_neverSeen),
                          MakePointerChecker<NeverSeenAddresses>())
            .AddAttribute("KernelSockets", "The sockets are kernel-mode (System's): the truth and ETW see them, "
                          "the socket tables the logger reads do not.",
                          BooleanValue(false), MakeBooleanAccessor(&CatalogProcessApplication::m_kernelSockets),
                          MakeBooleanChecker())
            .AddAttribute("ChildModel", "Which processes of a multi-process browser own its sockets (issue 10).",
                          EnumValue(NO_CHILDREN), MakeEnumAccessor(&CatalogProcessApplication::m_childModel),
                          MakeEnumChecker(NO_CHILDREN, "none", PARENT_SOCKETS, "parent-sockets",
                                          NETWORK_SERVICE, "network-service", TAB_PROCESSES, "tab-processes"))
            .AddAttribute("Children", "Renderer, content or tab processes per instance that come and go "
                          "(with a ChildModel other than none).",
                          UintegerValue(0), MakeUintegerAccessor(&CatalogProcessApplication::m_childCount),
                          MakeUintegerChecker<uint32_t>(0, 64))
            .AddAttribute("ChildLifetime", "Mean life of such a child (exponential); it then exits and a new "
                          "one starts under a new (possibly reused) PID.",
                          TimeValue(Seconds(300)), MakeTimeAccessor(&CatalogProcessApplication::m_childLifetime),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddTraceSource("SessionStarted", "A session started: protocol, pid, long-lived.",
                            MakeTraceSourceAccessor(&CatalogProcessApplication::m_sessionTrace),
                            "ns3::CatalogProcessApplication::SessionTracedCallback")
            .AddTraceSource("Restarted", "An instance restarted: old pid, new pid.",
                            MakeTraceSourceAccessor(&CatalogProcessApplication::m_restartTrace),
                            "ns3::CatalogProcessApplication::RestartTracedCallback")
            .AddTraceSource("ChildReplaced", "A child process exited and another took its place: old pid, new pid.",
                            MakeTraceSourceAccessor(&CatalogProcessApplication::m_childTrace),
                            "ns3::CatalogProcessApplication::RestartTracedCallback");
    return tid;
}

CatalogProcessApplication::CatalogProcessApplication()
    : m_pick(CreateObject<UniformRandomVariable>()),
      m_dnsLookups(0),
      m_bytesCap(262144),
      m_longLivedCount(0),
      m_pidReuse(0),
      m_instanceCount(1),
      m_meanResponseBytes(5000),
      m_epochStartUs(0)
{
    m_mix.fill(0);
    m_mix[TLS] = 1;
}

CatalogProcessApplication::~CatalogProcessApplication() = default;

int64_t
CatalogProcessApplication::AssignStreams(int64_t stream)
{
    int64_t s = stream;
    for (auto rv : {m_arrival, m_lifetime, m_bytes, m_longLivedLifetime, m_restartGap})
    {
        rv->SetStream(s++);
    }
    m_pick->SetStream(s++);
    return s - stream;
}

void
CatalogProcessApplication::DoDispose()
{
    m_pids = nullptr;
    m_neverSeen = nullptr;
    ProcessApplication::DoDispose();
}

void
CatalogProcessApplication::StartApplication()
{
    m_running = true;
    m_instances = {m_pid};
    NS_ABORT_MSG_IF(m_instanceCount > 1 && !m_pids, m_processName << ": Instances > 1 needs a PidAllocator");
    for (uint32_t i = 1; i < m_instanceCount; ++i)
    {
        m_instances.push_back(m_pids->Allocate());
    }
    StartChildren();
    ScheduleArrival();
    for (uint32_t i = 0; i < m_longLivedCount; ++i)
    {
        Simulator::Schedule(Seconds(m_pick->GetValue(0, m_longLivedStagger.GetSeconds())),
                            &CatalogProcessApplication::StartSession, this, true);
    }
    ScheduleRestart();
}

void
CatalogProcessApplication::StopApplication()
{
    m_running = false;
    m_nextArrival.Cancel();
    m_nextRestart.Cancel();
}

void
CatalogProcessApplication::ScheduleArrival()
{
    double gap = m_arrival->GetValue();
    if (gap < 1e11)
    {
        m_nextArrival = Simulator::Schedule(Seconds(std::max(0.0, gap)), &CatalogProcessApplication::Arrival, this);
    }
}

void
CatalogProcessApplication::Arrival()
{
    if (!m_running)
    {
        return;
    }
    StartSession(false);
    ScheduleArrival();
}

CatalogProcessApplication::Protocol
CatalogProcessApplication::PickProtocol(bool longLived)
{
    std::array<double, kProtocols> w = m_mix;
    if (longLived)
    {
        w[DNS] = 0;  // a resolver query is never a standing connection
    }
    double total = 0;
    for (double x : w)
    {
        total += x;
    }
    if (!(total > 0))
    {
        return TCP;
    }
    double u = m_pick->GetValue(0, total);
    for (std::size_t p = 0; p < kProtocols; ++p)
    {
        if (u < w[p])
        {
            return static_cast<Protocol>(p);
        }
        u -= w[p];
    }
    for (std::size_t p = kProtocols; p-- > 0;)
    {
        if (w[p] > 0)
        {
            return static_cast<Protocol>(p);
        }
    }
    return TCP;
}

uint32_t
CatalogProcessApplication::LookupCount()
{
    // floor(mean) lookups, one more with the fractional chance: the mean is exact, the spread small.
    double whole = std::floor(m_dnsLookups);
    return static_cast<uint32_t>(whole) + (m_pick->GetValue() < m_dnsLookups - whole ? 1 : 0);
}

Ipv4Address
CatalogProcessApplication::KnownAddress(const CatalogTarget& target)
{
    // A session without a lookup connects to what the DNS Client's cache holds: the answer to
    // this target's latest lookup while its TTL lasts, else the target's fixed address.
    auto cursor = m_lookupCursor.find(&target);
    if (m_resolver && cursor != m_lookupCursor.end() && cursor->second > 0)
    {
        auto cached = m_resolver->Cached(target.lookupNames[(cursor->second - 1) % target.lookupNames.size()]);
        if (!cached.empty())
        {
            return cached.front();
        }
    }
    return target.address;
}

Ipv6Address
CatalogProcessApplication::KnownAddress6(const CatalogTarget& target)
{
    // As KnownAddress, from the AAAA side of the cache.
    auto cursor = m_lookupCursor.find(&target);
    if (m_resolver && cursor != m_lookupCursor.end() && cursor->second > 0)
    {
        auto cached = m_resolver->Cached6(target.lookupNames[(cursor->second - 1) % target.lookupNames.size()]);
        if (!cached.empty())
        {
            return cached.front();
        }
    }
    return target.ipv6Address;
}

NeverSeenAddresses::Destination
CatalogProcessApplication::TakeNeverSeen(const std::string& name)
{
    NS_ABORT_MSG_IF(!m_neverSeen, m_processName << ": NeverSeenShare > 0 needs the NeverSeen attribute");
    return m_neverSeen->Take(name);
}

uint64_t
CatalogProcessApplication::NextSeed()
{
    return DrawPayloadSeed(*m_pick, 0xFFFFFFFEu);
}

void
CatalogProcessApplication::StartSession(bool longLived)
{
    if (!m_running)
    {
        return;
    }
    SessionPlan plan;
    plan.protocol = PickProtocol(longLived);
    plan.longLived = longLived;
    plan.pid = PickOwner();
    bool web = plan.protocol == TLS || plan.protocol == HTTP || plan.protocol == QUIC || plan.protocol == DNS;
    const std::vector<CatalogTarget>& targets =
        (web && !m_webTargets.empty()) || m_serviceTargets.empty() ? m_webTargets : m_serviceTargets;
    NS_ABORT_MSG_IF(targets.empty(), m_processName << " has no targets");
    plan.target = &targets[targets.size() == 1 ? 0 : m_pick->GetInteger(0, targets.size() - 1)];
    plan.address = KnownAddress(*plan.target);
    // Drawn only when the knob is on, so runs without it keep their random sequence.
    const bool neverSeen = m_neverSeenShare > 0 && plan.protocol != DNS && m_pick->GetValue() < m_neverSeenShare;
    auto pickPort = [this](const std::vector<uint16_t>& ports, uint16_t fallback) {
        return ports.empty() ? fallback : ports[ports.size() == 1 ? 0 : m_pick->GetInteger(0, ports.size() - 1)];
    };
    switch (plan.protocol)
    {
    case DNS: plan.port = 53; break;
    case TCP: plan.port = pickPort(m_tcpPorts, kDefaultTcpPort); break;
    case TLS: plan.port = 443; break;
    case HTTP: plan.port = 80; break;
    case QUIC: plan.port = 443; break;
    case UDP: plan.port = pickPort(m_udpPorts, kDefaultUdpPort); break;
    }
    // A dual-stack target's sessions run over IPv6 but the process's own DNS exchange (to the
    // enterprise resolver, IPv4) and a never-seen session (a fresh IPv4 address).
    plan.ipv6 = !neverSeen && !plan.target->ipv6Address.IsAny() && plan.protocol != DNS;
    if (plan.ipv6)
    {
        plan.address6 = KnownAddress6(*plan.target);
    }
    plan.lifetime = Seconds(std::max(0.0, (longLived ? m_longLivedLifetime : m_lifetime)->GetValue()));
    double bytes = std::max(1.0, m_bytes->GetValue());
    plan.bytes = static_cast<uint64_t>(m_bytesCap > 0 ? std::min(bytes, double(m_bytesCap)) : bytes);

    ++m_sessions;
    ++m_byProtocol[plan.protocol];
    ++m_openByPid[plan.pid];
    m_sessionTrace(plan.protocol, plan.pid, longLived);

    uint32_t lookups = plan.target->lookupNames.empty() ? 0 : LookupCount();
    if (lookups == 0)
    {
        if (neverSeen)
        {
            plan.address = TakeNeverSeen(std::string()).address;
        }
        Open(plan);  // the answer was cached: no DNS packet, no DNS Client socket
        return;
    }
    m_lookups += lookups;
    for (uint32_t k = 0; k < lookups; ++k)
    {
        // Round robin over the target's names: each lookup asks a name not in the cache. A
        // never-seen session's first lookup asks a fresh name the DNS server answers with its
        // fresh address.
        uint32_t& cursor = m_lookupCursor[plan.target];
        std::string name = plan.target->lookupNames[cursor++ % plan.target->lookupNames.size()];
        if (k == 0 && neverSeen)
        {
            name = TakeNeverSeen(name).name;
        }
        if (k > 0)
        {
            Resolve(name, [](const std::vector<Ipv4Address>&) {});
            continue;
        }
        if (plan.ipv6)
        {
            // A session over IPv6 asks for the name's AAAA record (issue 10).
            Resolve6(name, [this, plan](const std::vector<Ipv6Address>& addresses) mutable {
                if (!addresses.empty())
                {
                    plan.address6 = addresses.front();
                }
                OpenIfRunning(plan);
            });
            continue;
        }
        Resolve(name, [this, plan](const std::vector<Ipv4Address>& addresses) mutable {
            if (!addresses.empty())
            {
                plan.address = addresses.front();
            }
            OpenIfRunning(plan);
        });
    }
}

void
CatalogProcessApplication::OpenIfRunning(const SessionPlan& plan)
{
    if (!m_running)
    {
        SessionEnded(plan.pid, false);
        return;
    }
    Open(plan);
}

void
CatalogProcessApplication::Open(SessionPlan plan)
{
    switch (plan.protocol)
    {
    case TLS:
    case HTTP: OpenWeb(plan); break;
    case TCP: OpenTcp(plan); break;
    case QUIC:
    case UDP: OpenUdp(plan); break;
    case DNS: OpenOwnDns(plan); break;
    }
}

void
CatalogProcessApplication::OpenWeb(const SessionPlan& plan)
{
    WebSessionPlan web;
    web.tls = plan.protocol == TLS;
    web.host = plan.target->name;
    web.server = plan.address;
    if (plan.ipv6)
    {
        web.serverIpv6 = plan.address6;
    }
    web.lifetime = plan.lifetime;
    // Bytes become requests (each answered with a mean response), spread over the lifetime.
    double requests = std::max(std::round(double(plan.bytes) / m_meanResponseBytes),
                               std::ceil(plan.lifetime.GetSeconds() / kTcpKeepAlive.GetSeconds()));
    web.maxRequests = static_cast<uint32_t>(std::clamp(requests, 1.0, double(kMaxRequests)));
    Time gap = std::max(MilliSeconds(1), plan.lifetime / web.maxRequests);
    web.nextGap = [gap]() { return gap; };
    web.seed = [this]() { return NextSeed(); };
    web.requestBytes = [this]() { return m_pick->GetInteger(200, 900); };
    Ptr<TrackedTcpConnection> connection = Create<TrackedTcpConnection>(GetNode(), Table(), ProcessIdentity{plan.pid, m_processName, m_kernelSockets});
    Ptr<WebClientSession> session = Create<WebClientSession>(connection, std::move(web));
    uint32_t pid = plan.pid;
    bool longLived = plan.longLived;
    session->onFinished = [this, pid, longLived]() { SessionEnded(pid, longLived); };
    session->Start();
}

void
CatalogProcessApplication::OpenTcp(const SessionPlan& plan)
{
    Ptr<TrackedTcpConnection> connection = Create<TrackedTcpConnection>(GetNode(), Table(), ProcessIdentity{plan.pid, m_processName, m_kernelSockets});
    // A quarter of the bytes goes up (at least a header's worth), the rest comes back.
    auto up = static_cast<uint32_t>(std::max<uint64_t>(plan.bytes / 4, 64));
    auto down = static_cast<uint32_t>(plan.bytes > up ? plan.bytes - up : 0);
    uint64_t seed = NextSeed();
    auto closeEvent = std::make_shared<EventId>();
    Time lifetime = plan.lifetime;
    // The callbacks hold the connection; TrackedTcpConnection drops them when it closes.
    // keepAlive sends one small exchange and re-arms itself; it is cleared when the session ends.
    auto keepAlive = std::make_shared<std::function<void()>>();
    auto arm = [keepAlive]() {
        Simulator::Schedule(kTcpKeepAlive, [keepAlive]() {
            if (*keepAlive)
            {
                (*keepAlive)();
            }
        });
    };
    *keepAlive = [connection, seed, arm]() {
        if (connection->IsOpen())
        {
            connection->Send(ntlab::payload::BuildGenericRequest(64, 64, seed));
            arm();
        }
    };
    connection->onConnected = Callback<void>([connection, up, down, seed, lifetime, closeEvent, keepAlive, arm]() {
        connection->Send(ntlab::payload::BuildGenericRequest(up, down, seed));
        *closeEvent = Simulator::Schedule(lifetime, [connection]() { connection->Close(); });
        if (lifetime > kTcpKeepAlive)
        {
            arm();
        }
    });
    connection->onData = Callback<void>([connection]() { connection->Received().clear(); });
    uint32_t pid = plan.pid;
    bool longLived = plan.longLived;
    connection->onClosed = Callback<void>([this, pid, longLived, closeEvent, keepAlive]() {
        closeEvent->Cancel();
        // Not at once: this may run inside a keep-alive's own Send.
        Simulator::ScheduleNow([keepAlive]() { *keepAlive = nullptr; });
        SessionEnded(pid, longLived);
    });
    if (plan.ipv6)
    {
        connection->Connect(plan.address6, plan.port);
        return;
    }
    connection->Connect(plan.address, plan.port);
}

void
CatalogProcessApplication::OpenUdp(const SessionPlan& plan)
{
    namespace payload = ntlab::payload;
    Ptr<SocketTable> table = Table();
    auto s = std::make_shared<UdpSession>();
    uint16_t localPort = table->AllocatePort(ntlab::Proto::Udp);
    s->socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
    // Windows lists UDP sockets without a remote, bound to 0.0.0.0 (or [::] over IPv6).
    ntlab::IpAddress anyLocal = ToIpAddress(Ipv4Address::GetAny());
    if (plan.ipv6)
    {
        s->socket->Bind(Inet6SocketAddress(Ipv6Address::GetAny(), localPort));
        s->socket->Connect(Inet6SocketAddress(plan.address6, plan.port));
        anyLocal = ToIpAddress(Ipv6Address::GetAny());
    }
    else
    {
        s->socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), localPort));
        s->socket->Connect(InetSocketAddress(plan.address, plan.port));
    }
    s->tableId = table->Open(ntlab::Proto::Udp, anyLocal, localPort, std::nullopt, ntlab::SocketState::None,
                             plan.pid, m_processName, m_kernelSockets);
    s->quic = plan.protocol == QUIC;
    s->sni = s->quic && plan.target ? plan.target->name : std::string();
    s->ntp = !s->quic && plan.port == 123;
    s->connection = (uint64_t(HostAddress().Get()) << 16) | localPort;
    s->size = s->quic ? payload::kQuicMinInitialSize : std::clamp<size_t>(plan.bytes / 2, 32, 512);
    s->dataLeft = s->ntp ? 1
                         : static_cast<uint32_t>(std::clamp<uint64_t>((plan.bytes + 2 * s->size - 1) / (2 * s->size), 1,
                                                                      kMaxDatagrams));
    s->gap = std::min(m_keepAlive, plan.lifetime / s->dataLeft);
    s->end = Simulator::Now() + plan.lifetime;
    s->socket->SetRecvCallback(Callback<void, Ptr<Socket>>([](Ptr<Socket> socket) {
        while (socket->Recv())
        {
        }
    }));

    std::weak_ptr<UdpSession> weak = s;
    auto send = std::make_shared<std::function<void()>>();
    *send = [this, weak, send]() {
        auto s = weak.lock();
        if (!s || s->closed)
        {
            return;
        }
        payload::Bytes bytes;
        size_t size = s->dataLeft > 0 ? s->size : 40;  // data, or a keep-alive
        if (s->ntp)
        {
            bytes = payload::BuildNtpRequest(
                payload::NtpTimestampFromUnixMicros(m_epochStartUs + Simulator::Now().GetMicroSeconds()));
        }
        else if (s->quic && !s->initialSent)
        {
            // A real, decryptable client Initial (RFC 9001 5.2), as a browser's first flight: an
            // observer reads its SNI as on a real capture; the rest of the session stays opaque.
            s->initialSent = true;
            auto initials = payload::BuildQuicClientInitials(s->sni, s->connection, NextSeed());
            for (size_t i = 0; i + 1 < initials.size(); ++i)
            {
                s->socket->Send(Create<Packet>(initials[i].data(), initials[i].size()));
            }
            bytes = std::move(initials.back());
        }
        else if (s->quic)
        {
            bytes = payload::BuildQuicShort(s->connection, false, size, NextSeed());
        }
        else
        {
            bytes = payload::BuildFiller(size, NextSeed());
        }
        s->socket->Send(Create<Packet>(bytes.data(), bytes.size()));
        if (s->dataLeft > 0)
        {
            --s->dataLeft;
        }
        Time at = Simulator::Now() + s->gap;
        if (!s->ntp && at < s->end && s->gap.IsStrictlyPositive())
        {
            s->next = Simulator::Schedule(s->gap, [send]() { (*send)(); });
        }
    };
    uint32_t pid = plan.pid;
    bool longLived = plan.longLived;
    s->close = Simulator::Schedule(plan.lifetime, [this, s, table, pid, longLived, send]() {
        s->closed = true;
        s->next.Cancel();
        s->socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        s->socket->Close();
        table->Close(s->tableId, false);
        *send = nullptr;  // breaks the function's reference to itself
        SessionEnded(pid, longLived);
    });
    (*send)();
}

void
CatalogProcessApplication::OpenOwnDns(const SessionPlan& plan)
{
    // The process's own resolver (Chrome's async DNS): its own UDP socket, a real query for one
    // of its names, closed when the answer arrives (or after 2 s).
    Ptr<SocketTable> table = Table();
    uint16_t localPort = table->AllocatePort(ntlab::Proto::Udp);
    Ptr<Socket> socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
    socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), localPort));
    socket->Connect(InetSocketAddress(m_dnsServer, 53));
    uint32_t tableId = table->Open(ntlab::Proto::Udp, Ipv4Address::GetAny(), localPort, std::nullopt,
                                   ntlab::SocketState::None, plan.pid, m_processName, m_kernelSockets);
    auto done = std::make_shared<bool>(false);
    auto timeout = std::make_shared<EventId>();
    uint32_t pid = plan.pid;
    auto finish = [this, socket, table, tableId, pid, done, timeout]() {
        if (*done)
        {
            return;
        }
        *done = true;
        timeout->Cancel();
        socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        socket->Close();
        table->Close(tableId, false);
        SessionEnded(pid, false);
    };
    socket->SetRecvCallback(Callback<void, Ptr<Socket>>([finish](Ptr<Socket> s) {
        while (s->Recv())
        {
        }
        // Closing inside the socket's own callback is safe for UDP, but defer it to be tidy.
        Simulator::ScheduleNow(finish);
    }));
    auto query = ntlab::payload::BuildDnsQuery(static_cast<uint16_t>(m_pick->GetInteger(0, 65535)), plan.target->name);
    socket->Send(Create<Packet>(query.data(), query.size()));
    *timeout = Simulator::Schedule(Seconds(2), finish);
}

void
CatalogProcessApplication::SessionEnded(uint32_t pid, bool longLived)
{
    auto it = m_openByPid.find(pid);
    if (it != m_openByPid.end() && --it->second == 0)
    {
        m_openByPid.erase(it);
        if (m_retired.erase(pid) && m_pids)
        {
            m_pids->Release(pid, m_processName);  // the exited instance's last socket is gone
        }
    }
    if (longLived && m_running)
    {
        Simulator::Schedule(Seconds(m_pick->GetValue(0.1, 2.0)), &CatalogProcessApplication::StartSession, this, true);
    }
}

uint32_t
CatalogProcessApplication::ReplacePid(uint32_t old)
{
    uint32_t fresh = m_pick->GetValue() < m_pidReuse ? m_pids->AllocateReused(m_processName) : m_pids->Allocate();
    // The old PID is free once its sockets are gone (an exited process's sockets close with it;
    // here its sessions run out and no new ones start under it).
    if (m_openByPid.count(old) && !m_releasePidAtExit)
    {
        m_retired.insert(old);
    }
    else
    {
        m_pids->Release(old, m_processName);
    }
    return fresh;
}

void
CatalogProcessApplication::ScheduleRestart()
{
    double gap = m_restartGap->GetValue();
    if (gap > 0 && m_pids)
    {
        m_nextRestart = Simulator::Schedule(Seconds(gap), &CatalogProcessApplication::Restart, this);
    }
}

void
CatalogProcessApplication::Restart()
{
    if (!m_running)
    {
        return;
    }
    std::size_t i = m_instances.size() == 1 ? 0 : m_pick->GetInteger(0, m_instances.size() - 1);
    uint32_t old = m_instances[i];
    uint32_t fresh = ReplacePid(old);
    m_instances[i] = fresh;
    if (i == 0)
    {
        m_pid = fresh;
    }
    RestartChildren(i);  // a browser's processes exit with it
    ++m_restarts;
    m_restartTrace(old, fresh);
    ScheduleRestart();
}

} // namespace ns3
