#include "host-resolver.h"

#include "models/payload/dns-payload.h"

#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-address.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/udp-socket-factory.h"

#include <algorithm>
#include <cctype>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("HostResolver");
NS_OBJECT_ENSURE_REGISTERED(HostResolver);

TypeId
HostResolver::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::HostResolver")
            .SetParent<ProcessApplication>()
            .SetGroupName("Ntlab")
            .AddConstructor<HostResolver>()
            .AddAttribute("Server",
                          "The DNS server the host is configured with.",
                          Ipv4AddressValue(),
                          MakeIpv4AddressAccessor(&HostResolver::m_server),
                          MakeIpv4AddressChecker())
            .AddAttribute("Timeout",
                          "A lookup with no answer after this long fails.",
                          TimeValue(Seconds(2)),
                          MakeTimeAccessor(&HostResolver::m_timeout),
                          MakeTimeChecker())
            .AddAttribute("NegativeTtl",
                          "How long a failed lookup is cached.",
                          TimeValue(Seconds(5)),
                          MakeTimeAccessor(&HostResolver::m_negativeTtl),
                          MakeTimeChecker())
            .AddAttribute("MinCacheTime",
                          "A positive answer stays cached at least this long, past a shorter TTL "
                          "(browser caches keep answers 15 s to 2 min whatever the TTL says).",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&HostResolver::m_minCacheTime),
                          MakeTimeChecker())
            .AddTraceSource("Lookup",
                            "A query went on the wire (name, answered with addresses).",
                            MakeTraceSourceAccessor(&HostResolver::m_lookupTrace),
                            "ns3::HostResolver::LookupTracedCallback");
    return tid;
}

HostResolver::HostResolver()
    : m_idRng(CreateObject<UniformRandomVariable>())
{
}

int64_t
HostResolver::AssignStreams(int64_t stream)
{
    m_idRng->SetStream(stream);
    return 1;
}

void
HostResolver::StartApplication()
{
}

void
HostResolver::StopApplication()
{
    for (auto& [name, lookup] : m_pending)
    {
        lookup.timeout.Cancel();
        if (lookup.socket)
        {
            lookup.socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
            lookup.socket->Close();
        }
    }
    m_pending.clear();
}

void
HostResolver::DoDispose()
{
    StopApplication();
    ProcessApplication::DoDispose();
}

void
HostResolver::Resolve(const std::string& rawName, Done done)
{
    std::string name = rawName;
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    auto cached = m_cache.find(name);
    if (cached != m_cache.end() && cached->second.expiry > Simulator::Now())
    {
        // Answer asynchronously, like the real API, so callers never re-enter themselves.
        std::vector<Ipv4Address> addresses = cached->second.addresses;
        Simulator::ScheduleNow([done, addresses]() { done(addresses); });
        return;
    }
    auto& lookup = m_pending[name];
    lookup.waiting.push_back(std::move(done));
    if (lookup.waiting.size() == 1)
    {
        SendQuery(name);
    }
}

void
HostResolver::Prime(const std::string& rawName, const std::vector<Ipv4Address>& addresses, Time remaining)
{
    std::string name = rawName;
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    m_cache[name] = {addresses, Simulator::Now() + remaining};
}

std::vector<Ipv4Address>
HostResolver::Cached(const std::string& rawName) const
{
    std::string name = rawName;
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    auto cached = m_cache.find(name);
    if (cached == m_cache.end() || cached->second.expiry <= Simulator::Now())
    {
        return {};
    }
    return cached->second.addresses;
}

void
HostResolver::SendQuery(const std::string& name)
{
    Lookup& lookup = m_pending[name];
    Ptr<SocketTable> table = Table();
    uint16_t port = table->AllocatePort(ntlab::Proto::Udp);
    lookup.socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
    lookup.socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), port));
    lookup.socket->Connect(InetSocketAddress(m_server, 53));
    lookup.socket->SetRecvCallback(MakeCallback(&HostResolver::HandleResponse, this));
    // Windows lists the DNS client's UDP socket bound to 0.0.0.0 with no remote address.
    lookup.tableId = table->Open(ntlab::Proto::Udp, Ipv4Address::GetAny(), port, std::nullopt, ntlab::SocketState::None,
                                 m_pid, m_processName);
    lookup.queryId = static_cast<uint16_t>(m_idRng->GetInteger(0, 65535));
    auto query = ntlab::payload::BuildDnsQuery(lookup.queryId, name);
    lookup.socket->Send(Create<Packet>(query.data(), query.size()));
    lookup.timeout = Simulator::Schedule(m_timeout, [this, name]() {
        m_lookupTrace(name, false);
        Finish(name, {}, m_negativeTtl);
    });
}

void
HostResolver::HandleResponse(Ptr<Socket> socket)
{
    Ptr<Packet> packet;
    while ((packet = socket->Recv()))
    {
        std::vector<uint8_t> bytes(packet->GetSize());
        packet->CopyData(bytes.data(), bytes.size());
        auto answer = ntlab::payload::ParseDnsResponse(bytes.data(), bytes.size());
        if (!answer)
        {
            continue;
        }
        std::string name = answer->name;
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
        auto it = m_pending.find(name);
        if (it == m_pending.end() || it->second.socket != socket || it->second.queryId != answer->id)
        {
            continue;  // late or foreign answer
        }
        std::vector<Ipv4Address> addresses;
        uint32_t ttl = UINT32_MAX;
        for (const auto& record : answer->addresses)
        {
            addresses.emplace_back(record.address);
            ttl = std::min(ttl, record.ttl);
        }
        m_lookupTrace(name, !addresses.empty());
        Finish(name, addresses, addresses.empty() ? m_negativeTtl : std::max(Seconds(ttl), m_minCacheTime));
        return;
    }
}

void
HostResolver::Finish(const std::string& name, const std::vector<Ipv4Address>& addresses, Time ttl)
{
    auto it = m_pending.find(name);
    if (it == m_pending.end())
    {
        return;
    }
    Lookup lookup = std::move(it->second);
    m_pending.erase(it);
    lookup.timeout.Cancel();
    lookup.socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
    lookup.socket->Close();
    Table()->Close(lookup.tableId, false);
    m_cache[name] = {addresses, Simulator::Now() + ttl};
    for (auto& done : lookup.waiting)
    {
        done(addresses);
    }
}

} // namespace ns3
