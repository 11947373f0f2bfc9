// The Windows DNS Client service (Dnscache, inside svchost.exe): resolves names for every process
// of the host with a cache honouring the answer's TTL. Each lookup uses a fresh UDP socket from a
// random ephemeral port, registered in the socket table under svchost.exe, so DNS sessions in the
// capture belong to svchost.exe as they do on real hosts. A and AAAA answers are looked up and
// cached apart, per (name, type), as Windows does (issue 10, workload.ipv6_share).
#pragma once

#include "process-application.h"

#include "ns3/event-id.h"
#include "ns3/ipv6-address.h"
#include "ns3/socket.h"

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ns3 {

class HostResolver : public ProcessApplication
{
  public:
    static TypeId GetTypeId();
    HostResolver();

    using Done = std::function<void(const std::vector<Ipv4Address>&)>;
    using Done6 = std::function<void(const std::vector<Ipv6Address>&)>;
    void Resolve(const std::string& name, Done done);
    /// An AAAA lookup: what a process that connects over IPv6 asks.
    void Resolve6(const std::string& name, Done6 done);
    /// What the cache holds for `name` now, without a lookup (empty: not cached, expired or a
    /// failed lookup): a client that skips the lookup connects to this.
    std::vector<Ipv4Address> Cached(const std::string& name) const;
    std::vector<Ipv6Address> Cached6(const std::string& name) const;

    /// Puts an answer in the cache as if it had been looked up before the capture started, with
    /// `remaining` of its TTL left: the flows it serves have no answer on the wire.
    void Prime(const std::string& name, const std::vector<Ipv4Address>& addresses, Time remaining);

    int64_t AssignStreams(int64_t stream);

  private:
    void StartApplication() override;
    void StopApplication() override;
    void DoDispose() override;

    /// One cache or lookup entry: (lower-case name, DNS type).
    using Key = std::pair<std::string, uint16_t>;
    struct CacheEntry
    {
        std::vector<Ipv4Address> addresses;
        std::vector<Ipv6Address> addresses6;
        Time expiry;
    };
    using Waiter = std::function<void(const CacheEntry&)>;
    struct Lookup
    {
        std::vector<Waiter> waiting;
        Ptr<Socket> socket;
        uint32_t tableId = 0;
        uint16_t queryId = 0;
        EventId timeout;
    };

    void ResolveKey(const Key& key, Waiter done);
    const CacheEntry* Fresh(const Key& key) const;
    void SendQuery(const Key& key);
    void HandleResponse(Ptr<Socket> socket);
    void Finish(const Key& key, CacheEntry answer, Time ttl);

    Ipv4Address m_server;
    Time m_timeout;
    Time m_negativeTtl;
    Time m_minCacheTime;
    Ptr<UniformRandomVariable> m_idRng;
    std::map<Key, CacheEntry> m_cache;
    std::map<Key, Lookup> m_pending;
    TracedCallback<const std::string&, bool> m_lookupTrace;
};

} // namespace ns3
