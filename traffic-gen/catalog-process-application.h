// One process of the workload catalog (docs/workload.md) on one host: it starts sessions as a
// non-homogeneous Poisson process (the catalog's hourly profile, through an
// HourlyArrivalRandomVariable), picks each session's protocol from the catalog's mix (TLS, HTTP,
// plain TCP, QUIC-like UDP/443, other UDP, or its own DNS resolver), looks names up through the
// host's DNS Client (svchost.exe) as often as the catalog's dns_lookups_per_session says, keeps
// `long_lived` connections open, and restarts now and then under a new (possibly reused) PID.
// Several instances (PIDs with the same image name) share the sessions. A browser may run child
// processes with the same image name (catalog-process-children.cc, issue 10): Chromium's network
// service owns the sockets, IE's tab processes own theirs, Firefox's parent owns them; renderers
// and tabs come and go under new PIDs. Every socket goes through the host's SocketTable, so the
// truth, the socket log and the events see all of it.
#pragma once

#include "models/never-seen-addresses.h"
#include "models/pid-allocator.h"
#include "models/process-application.h"

#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv6-address.h"
#include "ns3/random-variable-stream.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <array>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace ns3 {

/// A server name the process talks to: its address (what a session without a lookup connects to
/// when the DNS Client's cache holds nothing for the target) and the names its DNS Client lookups
/// ask for; the builder registers them with the DNS server (which may answer each lookup with a
/// different address of the server's block). Distinct names (CDN-shard style) keep the DNS
/// Client's cache from swallowing the lookups the catalog counts: dns_lookups_per_session counts
/// lookups after cache hits.
struct CatalogTarget
{
    std::string name;
    Ipv4Address address;
    std::vector<std::string> lookupNames;
    // A dual-stack name (issue 10, workload.ipv6_share): its sessions but the process's own DNS
    // run over IPv6, to the AAAA answer or, without a lookup, to this address; :: keeps every
    // session on IPv4.
    Ipv6Address ipv6Address = Ipv6Address::GetAny();
};

class CatalogProcessApplication : public ProcessApplication
{
  public:
    /// Protocols of the catalog's `protocols` mix.
    enum Protocol
    {
        DNS,  ///< its own resolver: UDP/53 to the DNS server from the process itself
        TCP,  ///< plain TCP to one of the TCP ports (generic request/response framing)
        TLS,  ///< ClientHello with SNI, then requests (WebClientSession on 443)
        HTTP, ///< HTTP/1.1 on 80 (WebClientSession)
        QUIC, ///< UDP/443: a 1200-byte QUIC v1 Initial, then short-header datagrams
        UDP   ///< other UDP (NTP with real packets on 123; filler elsewhere)
    };
    static constexpr std::size_t kProtocols = 6;
    static const char* ProtocolName(Protocol protocol);

    /// Which processes of a multi-process browser own its sockets (docs/workload.md, "Browsers
    /// with several processes").
    enum ChildModel
    {
        NO_CHILDREN,     ///< one process per instance owns everything (as before)
        PARENT_SOCKETS,  ///< Firefox: the parent owns the sockets; content processes come and go
        NETWORK_SERVICE, ///< Chromium: one network-service child owns them; renderers come and go
        TAB_PROCESSES    ///< IE 8+ (LCIE): each tab process owns its own; tabs come and go
    };

    static TypeId GetTypeId();
    CatalogProcessApplication();
    ~CatalogProcessApplication() override;

    /// Servers for TLS, HTTP and QUIC (the catalog's SNI names).
    void SetWebTargets(const std::vector<CatalogTarget>& targets) { m_webTargets = targets; }
    /// Servers for plain TCP and UDP.
    void SetServiceTargets(const std::vector<CatalogTarget>& targets) { m_serviceTargets = targets; }
    void SetTcpPorts(const std::vector<uint16_t>& ports) { m_tcpPorts = ports; }
    void SetUdpPorts(const std::vector<uint16_t>& ports) { m_udpPorts = ports; }
    /// Fractions of the sessions per protocol (need not be normalised).
    void SetProtocolMix(const std::array<double, kProtocols>& weights) { m_mix = weights; }

    int64_t AssignStreams(int64_t stream);

    uint64_t Sessions() const { return m_sessions; }
    uint64_t Sessions(Protocol protocol) const { return m_byProtocol[protocol]; }
    uint64_t Lookups() const { return m_lookups; }
    uint64_t Restarts() const { return m_restarts; }
    /// The PIDs of the running instances.
    const std::vector<uint32_t>& Pids() const { return m_instances; }

    /// Signature of "SessionStarted": protocol, pid, long-lived.
    typedef void (*SessionTracedCallback)(uint32_t protocol, uint32_t pid, bool longLived);
    /// Signature of "Restarted" and "ChildReplaced": old pid, new pid.
    typedef void (*RestartTracedCallback)(uint32_t oldPid, uint32_t newPid);
    /// The PIDs of instance `instance`'s child processes now (empty without children).
    std::vector<uint32_t> ChildPids(std::size_t instance) const;
    uint64_t ChildExits() const { return m_childExits; }

  protected:
    void DoDispose() override;

  private:
    struct SessionPlan
    {
        Protocol protocol = TCP;
        uint32_t pid = 0;
        bool longLived = false;
        const CatalogTarget* target = nullptr;
        Ipv4Address address;
        bool ipv6 = false;  // the session runs over IPv6 to `address6` instead of `address`
        Ipv6Address address6;
        uint16_t port = 0;
        Time lifetime;
        uint64_t bytes = 0;
    };

    void StartApplication() override;
    void StopApplication() override;
    void ScheduleArrival();
    void Arrival();
    void StartSession(bool longLived);
    void Open(SessionPlan plan);
    void OpenIfRunning(const SessionPlan& plan);  // after a lookup: the process may have stopped
    void OpenWeb(const SessionPlan& plan);
    void OpenTcp(const SessionPlan& plan);
    void OpenUdp(const SessionPlan& plan);
    void OpenOwnDns(const SessionPlan& plan);
    void SessionEnded(uint32_t pid, bool longLived);
    void ScheduleRestart();
    void Restart();
    uint32_t ReplacePid(uint32_t old);
    uint32_t PickOwner();
    // Child processes (catalog-process-children.cc).
    struct ChildSlot
    {
        uint32_t pid = 0;
        bool ownsSockets = false;
        bool comesAndGoes = false;
    };
    void StartChildren();
    void ScheduleChildExit(uint32_t pid);
    void ChildExit(uint32_t pid);
    void RestartChildren(std::size_t instance);
    Protocol PickProtocol(bool longLived);
    uint64_t NextSeed();
    uint32_t LookupCount();
    Ipv4Address KnownAddress(const CatalogTarget& target);
    Ipv6Address KnownAddress6(const CatalogTarget& target);
    NeverSeenAddresses::Destination TakeNeverSeen(const std::string& name);

    std::vector<CatalogTarget> m_webTargets;
    std::vector<CatalogTarget> m_serviceTargets;
    std::vector<uint16_t> m_tcpPorts;
    std::vector<uint16_t> m_udpPorts;
    std::array<double, kProtocols> m_mix{};
    Ipv4Address m_dnsServer;
    Ptr<PidAllocator> m_pids;
    Ptr<NeverSeenAddresses> m_neverSeen;
    double m_neverSeenShare = 0;
    bool m_kernelSockets = false;

    Ptr<RandomVariableStream> m_arrival;
    Ptr<RandomVariableStream> m_lifetime;
    Ptr<RandomVariableStream> m_bytes;
    Ptr<RandomVariableStream> m_longLivedLifetime;
    Ptr<RandomVariableStream> m_restartGap;
    Ptr<UniformRandomVariable> m_pick;
    double m_dnsLookups;
    uint64_t m_bytesCap;
    uint32_t m_longLivedCount;
    double m_pidReuse;
    bool m_releasePidAtExit = false;
    uint32_t m_instanceCount;
    double m_meanResponseBytes;
    int64_t m_epochStartUs;
    Time m_keepAlive;
    Time m_longLivedStagger;
    ChildModel m_childModel = NO_CHILDREN;
    uint32_t m_childCount = 0;
    Time m_childLifetime;

    bool m_running = false;
    EventId m_nextArrival;
    EventId m_nextRestart;
    std::vector<uint32_t> m_instances;
    std::vector<std::vector<ChildSlot>> m_children;  // per instance
    uint64_t m_childExits = 0;
    std::map<uint32_t, uint32_t> m_openByPid;  // sessions still open per PID
    std::set<uint32_t> m_retired;              // PIDs of exited instances with sessions still open
    std::map<const CatalogTarget*, uint32_t> m_lookupCursor;
    uint64_t m_sessions = 0;
    std::array<uint64_t, kProtocols> m_byProtocol{};
    uint64_t m_lookups = 0;
    uint64_t m_restarts = 0;
    TracedCallback<uint32_t, uint32_t, bool> m_sessionTrace;
    TracedCallback<uint32_t, uint32_t> m_restartTrace;
    TracedCallback<uint32_t, uint32_t> m_childTrace;
};

} // namespace ns3
