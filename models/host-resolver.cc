#include "host-resolver.h"

#include "models/payload/dns-payload.h"

#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-address.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/udp-socket-factory.h"

#include <algorithm>
#include <array>
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

namespace
{

std::string LowerCase(std::string name)
{
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    return name;
}

} // namespace

void
HostResolver::Resolve(const std::string& name, Done done)
{
    ResolveKey({LowerCase(name), ntlab::payload::kDnsTypeA},
               [done = std::move(done)](const CacheEntry& answer) { done(answer.addresses); });
}

void
HostResolver::Resolve6(const std::string& name, Done6 done)
{
    ResolveKey({LowerCase(name), ntlab::payload::kDnsTypeAaaa},
               [done = std::move(done)](const CacheEntry& answer) { done(answer.addresses6); });
}

void
HostResolver::ResolveKey(const Key& key, Waiter done)
{
    if (const CacheEntry* cached = Fresh(key))
    {
        // Answer asynchronously, like the real API, so callers never re-enter themselves.
        CacheEntry answer = *cached;
        Simulator::ScheduleNow([done, answer]() { done(answer); });
        return;
    }
    auto& lookup = m_pending[key];
    lookup.waiting.push_back(std::move(done));
    if (lookup.waiting.size() == 1)
    {
        SendQuery(key);
    }
}

void
HostResolver::Prime(const std::string& name, const std::vector<Ipv4Address>& addresses, Time remaining)
{
    m_cache[{LowerCase(name), ntlab::payload::kDnsTypeA}] = {addresses, {}, Simulator::Now() + remaining};
}

const HostResolver::CacheEntry*
HostResolver::Fresh(const Key& key) const
{
    auto cached = m_cache.find(key);
    return cached == m_cache.end() || cached->second.expiry <= Simulator::Now() ? nullptr : &cached->second;
}

std::vector<Ipv4Address>
HostResolver::Cached(const std::string& name) const
{
    const CacheEntry* cached = Fresh({LowerCase(name), ntlab::payload::kDnsTypeA});
    return cached ? cached->addresses : std::vector<Ipv4Address>{};
}

std::vector<Ipv6Address>
HostResolver::Cached6(const std::string& name) const
{
    const CacheEntry* cached = Fresh({LowerCase(name), ntlab::payload::kDnsTypeAaaa});
    return cached ? cached->addresses6 : std::vector<Ipv6Address>{};
}

void
HostResolver::SendQuery(const Key& key)
{
    Lookup& lookup = m_pending[key];
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
    auto query = ntlab::payload::BuildDnsQuery(lookup.queryId, key.first, key.second);
    lookup.socket->Send(Create<Packet>(query.data(), query.size()));
    lookup.timeout = Simulator::Schedule(m_timeout, [this, key]() {
        m_lookupTrace(key.first, false);
        Finish(key, {}, m_negativeTtl);
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
        const Key key{LowerCase(answer->name), answer->qtype};
        auto it = m_pending.find(key);
        if (it == m_pending.end() || it->second.socket != socket || it->second.queryId != answer->id)
        {
            continue;  // late or foreign answer
        }
        CacheEntry entry;
        uint32_t ttl = UINT32_MAX;
        for (const auto& record : answer->addresses)
        {
            entry.addresses.emplace_back(record.address);
            ttl = std::min(ttl, record.ttl);
        }
        for (const auto& record : answer->addresses6)
        {
            std::array<uint8_t, 16> address = record.address;  // Ipv6Address takes a mutable array
            entry.addresses6.emplace_back(address.data());
            ttl = std::min(ttl, record.ttl);
        }
        const bool found = !entry.addresses.empty() || !entry.addresses6.empty();
        m_lookupTrace(key.first, found);
        Finish(key, std::move(entry), found ? std::max(Seconds(ttl), m_minCacheTime) : m_negativeTtl);
        return;
    }
}

void
HostResolver::Finish(const Key& key, CacheEntry answer, Time ttl)
{
    auto it = m_pending.find(key);
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
    answer.expiry = Simulator::Now() + ttl;
    m_cache[key] = answer;
    for (auto& done : lookup.waiting)
    {
        done(answer);
    }
}

} // namespace ns3
