#ifndef NTLAB_MODELS_DNS_SERVER_APPLICATION_H
#define NTLAB_MODELS_DNS_SERVER_APPLICATION_H

// An authoritative-style DNS server for the simulated Internet and enterprise resolvers: answers
// A, AAAA and MX queries over UDP from an in-memory zone, NXDOMAIN for names it does not hold, so DGA
// lookups by bots produce the NXDOMAIN bursts labellers see in real traffic. Names are matched
// case-insensitively (clients may randomise case) and echoed as asked.

#include "models/payload/dns-payload.h"

#include "ns3/application.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv6-address.h"
#include "ns3/nstime.h"
#include "ns3/random-variable-stream.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

class DnsServerApplication : public Application
{
  public:
    static TypeId GetTypeId();
    DnsServerApplication();
    ~DnsServerApplication() override;

    /// Adds an A record; several addresses for one name are all returned, in insertion order.
    void AddRecord(const std::string& name, Ipv4Address address);
    void AddMxRecord(const std::string& name, uint16_t preference, const std::string& exchange);
    /// Makes `name` answer from a pool (a CDN front end): every A query that reaches the server
    /// gets one address drawn uniformly from the `count` addresses from `first` on. Resolvers
    /// cache the answer for the TTL, so each cache miss may land on a different address.
    void AddPool(const std::string& name, Ipv4Address first, uint32_t count);
    /// The AAAA twin of AddPool (a dual-stack name, workload.ipv6_share): every AAAA query gets
    /// one of the `count` addresses from `first` on (Ipv6AddressBlockRouting::Nth), drawn from
    /// the same stream as the A pools.
    void AddPool6(const std::string& name, Ipv6Address first, uint32_t count);
    /// The A records `name` holds (empty for unknown names and pools): what a host cache primed
    /// before the capture, or an application with a hard-coded address, would hold.
    std::vector<Ipv4Address> Addresses(const std::string& name) const;
    /// The TTL put on every answer.
    Time AnswerTtl() const { return Seconds(m_ttl); }
    /// Stream of the pool draws; returns the number of streams used (1).
    int64_t AssignStreams(int64_t stream);
    /// Number of queries answered so far (any rcode).
    uint64_t GetQueriesAnswered() const;

    /// Signature of the "Query" trace source: the question name as asked, and whether the zone
    /// held an answer of the asked type (false for NXDOMAIN and NODATA).
    typedef void (*QueryTracedCallback)(const std::string& name, bool found);

  protected:
    void DoDispose() override;

  private:
    struct ZoneEntry
    {
        std::vector<Ipv4Address> addresses;
        std::vector<std::pair<uint16_t, std::string>> exchanges;
        uint32_t poolFirst = 0;
        uint32_t poolCount = 0; ///< > 0: answer one pool address instead of `addresses`
        Ipv6Address pool6First;
        uint32_t pool6Count = 0; ///< > 0: AAAA queries answer one address of this pool
    };

    void StartApplication() override;
    void StopApplication() override;
    void HandleRead(Ptr<Socket> socket);
    void CreatePoolRng();
    /// The answer to `question` from `entry`; `found` says whether it held the asked type.
    std::vector<uint8_t> Answer(const ntlab::payload::DnsQuestion& question, const ZoneEntry& entry, bool& found);
    static std::string Canonical(const std::string& name);

    uint16_t m_port;
    uint32_t m_ttl;
    Ptr<Socket> m_socket;
    std::map<std::string, ZoneEntry> m_zone; ///< key: lower-case name without trailing dot
    uint64_t m_answered;
    // Created on first use only: a random variable takes an automatic ns-3 stream number when
    // constructed, and scenarios without pools must keep their streams (byte-identical runs).
    Ptr<UniformRandomVariable> m_poolRng;
    int64_t m_poolStream = -1;
    TracedCallback<const std::string&, bool> m_queryTrace;
};

} // namespace ns3

#endif
