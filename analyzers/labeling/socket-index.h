// The socket log in memory, shaped for matching: per host, the polls ("snapshots": every row of one
// host with the same ts) in time order, each snapshot's sockets sorted by (proto, local port) so a
// lookup is a binary search. Process names are interned; a socket costs about 32 bytes.
#pragma once

#include "analyzers/formats/records.h"

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace ntlab {

using HostId = std::uint32_t;
using ProcessId = std::uint32_t;  // index into the interned process names (not a Windows PID)
constexpr HostId kNoHost = ~HostId(0);

struct IndexedSocket {
  Ipv4 local_ip = 0;
  Endpoint remote;                 // meaningful only if has_remote
  std::uint32_t pid = 0;
  ProcessId process = 0;
  std::uint16_t local_port = 0;
  Proto proto = Proto::Tcp;
  SocketState state = SocketState::None;
  bool has_remote = false;
};

struct Snapshot {
  TimeUs ts = 0;
  std::uint32_t begin = 0;         // [begin, end) in the host's socket array
  std::uint32_t end = 0;
};

class SocketIndex {
 public:
  /// Reads a socket log (throws InputError on bad rows). Host IPs are learnt from rows with a
  /// specific (non-wildcard, non-loopback) local address; an address seen under two host names is
  /// ambiguous and left out. `explicitHostIps` (host name -> IPs) is added and wins.
  static SocketIndex Load(const std::string& socketLogPath,
                          const std::map<std::string, std::vector<Ipv4>>& explicitHostIps = {});
  /// Same from rows already in memory (tests, other loggers).
  static SocketIndex FromRows(const std::vector<SocketRow>& rows,
                              const std::map<std::string, std::vector<Ipv4>>& explicitHostIps = {});

  std::size_t HostCount() const { return m_hosts.size(); }
  HostId FindHost(const std::string& name) const;
  HostId HostOfIp(Ipv4 ip) const;
  const std::string& HostName(HostId host) const { return m_hosts[host].name; }
  const std::vector<Ipv4>& HostIps(HostId host) const { return m_hosts[host].ips; }
  std::unordered_set<Ipv4> AllHostIps() const;

  std::size_t SnapshotCount(HostId host) const { return m_hosts[host].snapshots.size(); }
  const Snapshot& SnapshotAt(HostId host, std::size_t index) const { return m_hosts[host].snapshots[index]; }
  /// Index of the snapshot whose ts is nearest to `ts` (the earlier on a tie); npos if none.
  std::size_t NearestSnapshot(HostId host, TimeUs ts) const;
  /// The sockets of one snapshot with this proto and local port, as [first, last).
  std::pair<const IndexedSocket*, const IndexedSocket*> Sockets(HostId host, std::size_t snapshot,
                                                                Proto proto, std::uint16_t localPort) const;
  const std::string& ProcessName(ProcessId id) const { return m_processNames[id]; }
  /// The name the socket log gives `pid` on this host (its latest row), or null: the fallback of
  /// the ETW events' PID->name cache.
  const std::string* NameOfPid(HostId host, std::uint32_t pid) const;
  /// Every socket of a host, snapshot after snapshot (full socket-log scan).
  const std::vector<IndexedSocket>& AllSockets(HostId host) const { return m_hosts[host].sockets; }
  std::size_t SocketCount() const;

  static constexpr std::size_t npos = ~std::size_t(0);

 private:
  struct HostSockets {
    std::string name;
    std::vector<Ipv4> ips;
    std::vector<Snapshot> snapshots;
    std::vector<IndexedSocket> sockets;
    std::vector<TimeUs> pending_ts;  // row ts while loading, parallel to sockets
    std::unordered_map<std::uint32_t, ProcessId> pid_names;
  };
  class Builder;

  std::vector<HostSockets> m_hosts;
  std::unordered_map<std::string, HostId> m_hostByName;
  std::unordered_map<Ipv4, HostId> m_hostByIp;
  std::vector<std::string> m_processNames;
};

}  // namespace ntlab
