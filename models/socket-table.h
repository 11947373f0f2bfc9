// The socket table of one Windows-like host, as GetExtendedTcpTable / GetExtendedUdpTable would
// report it. It is the OS-visible view, deliberately kept apart from ns-3's TCP internals: Windows
// keeps TIME_WAIT rows (PID 0) for TcpTimedWaitDelay (120 s), while ns-3 sockets are torn down
// after a short MSL so its linear endpoint lookup stays fast. Processes register their sockets
// here; the SocketLogger polls it; observers of the trace sources record the ground truth.
#pragma once

#include "analyzers/formats/basic-types.h"

#include "ns3/ipv4-address.h"
#include "ns3/ipv6-address.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <map>
#include <optional>
#include <string>

namespace ns3 {

/// The analyzers' address type, which the table's rows carry so an IPv6 socket (issue 10,
/// workload.ipv6_share) is written as an IPv6 row by every recorder.
inline ntlab::IpAddress ToIpAddress(const Ipv4Address& address) { return ntlab::IpAddress(address.Get()); }
inline ntlab::IpAddress ToIpAddress(const Ipv6Address& address)
{
    uint8_t bytes[16];
    address.GetBytes(bytes);
    return ntlab::IpAddress::FromIpv6Bytes(bytes);
}

/// One row of the table (and, with its open/close times, one row of the ground truth).
struct SocketEntry
{
    uint32_t id = 0;
    ntlab::Proto proto = ntlab::Proto::Tcp;
    ntlab::IpAddress localIp;  // 0.0.0.0 (or ::) for wildcard-bound sockets
    uint16_t localPort = 0;
    bool hasRemote = false;    // false for UDP and LISTEN rows
    ntlab::IpAddress remoteIp;
    uint16_t remotePort = 0;
    ntlab::SocketState state = ntlab::SocketState::None;
    uint32_t pid = 0;          // the owner; rows in TIME_WAIT report 0
    uint32_t ownerPid = 0;     // the owner even in TIME_WAIT (truth, never reported)
    std::string process;
    // A kernel-mode socket (issue 10, workload.system_share): the truth has it, but the tables
    // GetExtendedTcpTable / GetExtendedUdpTable return (and so the SocketLogger) do not.
    bool kernel = false;
    Time openTime;
    Time closeTime;            // set once the owner closed it
    Time expiry;               // TIME_WAIT rows disappear at this time
};

class SocketTable : public Object
{
  public:
    static TypeId GetTypeId();
    SocketTable();

    /// A free ephemeral port (not used by any row of this protocol, TIME_WAIT included),
    /// drawn the way Windows 10/11 does (random within the dynamic range) or sequentially.
    uint16_t AllocatePort(ntlab::Proto proto);
    bool IsPortInUse(ntlab::Proto proto, uint16_t port) const;
    /// The row of a live (not TIME_WAIT) socket bound to `port`, as a host firewall looks up the
    /// owner to apply a per-process rule; null if none. Valid until the table changes.
    const SocketEntry* OwnerOfLocalPort(ntlab::Proto proto, uint16_t port) const;

    /// The remote end of a connected socket.
    struct Remote
    {
        ntlab::IpAddress ip;
        uint16_t port = 0;
    };

    /// Registers a socket (complete, so observers of SocketOpened see its whole row); returns
    /// its id.
    uint32_t Open(ntlab::Proto proto,
                  ntlab::IpAddress localIp,
                  uint16_t localPort,
                  std::optional<Remote> remote,
                  ntlab::SocketState state,
                  uint32_t pid,
                  const std::string& process,
                  bool kernel = false);
    /// The same for an IPv4 (usually wildcard) local address.
    uint32_t Open(ntlab::Proto proto,
                  Ipv4Address localIp,
                  uint16_t localPort,
                  std::optional<Remote> remote,
                  ntlab::SocketState state,
                  uint32_t pid,
                  const std::string& process,
                  bool kernel = false)
    {
        return Open(proto, ToIpAddress(localIp), localPort, remote, state, pid, process, kernel);
    }
    void SetState(uint32_t id, ntlab::SocketState state);
    /// The owner closed the socket. An active TCP closer of a connection keeps a TIME_WAIT row
    /// with PID 0 for TimeWaitDelay; every other socket disappears at once.
    void Close(uint32_t id, bool activeClose);

    /// Calls f(const SocketEntry&) for every row the OS would report now, in id order.
    template <typename F>
    void ForEachVisible(F f)
    {
        Purge();
        for (const auto& [id, entry] : m_entries)
        {
            f(entry);
        }
    }
    std::size_t Size() const { return m_entries.size(); }

    int64_t AssignStreams(int64_t stream);
    std::string GetHostName() const { return m_hostName; }

    typedef void (*EntryTracedCallback)(const SocketEntry& entry);
    /// `visible` is false when the row left the table; a TIME_WAIT row leaves at its `expiry`
    /// without a call (the table purges lazily, observers should not see that delay).
    typedef void (*RowTracedCallback)(const SocketEntry& entry, bool visible);

  private:
    void Purge();
    SocketEntry& Get(uint32_t id);
    void Remove(std::map<uint32_t, SocketEntry>::iterator it);

    std::string m_hostName;
    Time m_timeWaitDelay;
    bool m_sequentialPorts;
    uint16_t m_portMin;
    uint16_t m_portMax;
    uint16_t m_nextSequential;
    Ptr<UniformRandomVariable> m_portRng;
    uint32_t m_nextId = 1;
    std::map<uint32_t, SocketEntry> m_entries;
    std::map<std::pair<uint8_t, uint16_t>, uint32_t> m_portUse;  // (proto, port) -> rows
    Time m_nextPurge;
    TracedCallback<const SocketEntry&> m_openedTrace;
    TracedCallback<const SocketEntry&> m_closedTrace;
    TracedCallback<const SocketEntry&, bool> m_rowTrace;
};

} // namespace ns3
