// The poll stage of paper 001's SocketLogger on Linux: one snapshot of the kernel's TCP and UDP
// socket tables, read as `ss -tuap` reads them. NETLINK_SOCK_DIAG dumps every socket with its inode
// (inet_diag_req_v2, one dump per family and protocol); /proc/<pid>/fd maps inodes to the processes
// holding them, and /proc/<pid>/comm names the process. No ns-3, no libraries: Linux only.
//
// IPv6 sockets are written with their IPv6 addresses (docs/formats.md). A dual-stack socket (not
// IPV6_V6ONLY) bound to :: is written as 0.0.0.0, since it takes IPv4 connections too (the
// labeler treats both wildcards alike); an IPv4-mapped address (::ffff:a.b.c.d) is written as the
// IPv4 address it is, as the packets of its connection carry it.
#pragma once

#include "analyzers/formats/records.h"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace ntlab {

/// Thrown when the kernel refuses the sock_diag dump (no NETLINK_SOCK_DIAG, or not Linux).
class SockDiagUnavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// What one poll saw, beside its rows.
struct SocketPollCounts {
  std::uint64_t sockets = 0;        // sockets the kernel reported (IPv4 and IPv6, TCP and UDP)
  std::uint64_t unowned = 0;        // sockets no process holds (TIME_WAIT, orphans): pid 0
  std::uint64_t proc_scans = 0;     // full /proc/<pid>/fd scans this poll needed (0 or 1)
};

/// Maps socket inodes to their owner through /proc, as `ss -p` does. The map is kept between
/// polls and /proc is scanned again only when a poll shows an inode it has never seen.
class SocketOwnerMap {
 public:
  struct Owner {
    std::uint32_t pid = 0;
    std::string process;
  };
  /// The owner of `inode`; pid 0 and an empty name when no process holds it. Sets `scanned`
  /// when it had to scan /proc.
  const Owner& Find(std::uint32_t inode, bool& scanned);
  /// Drops the inodes not in `live`, so that a reused inode number is looked up again.
  void Retain(const std::unordered_set<std::uint32_t>& live);

 private:
  void Scan();
  std::unordered_map<std::uint32_t, Owner> m_owners;      // inode -> owner (lowest PID of its holders)
  std::unordered_set<std::uint32_t> m_ownerless;          // inodes a scan found no holder for
  Owner m_none;
};

class SocketTablePoller {
 public:
  /// `host` names the rows. Throws SockDiagUnavailable when the netlink socket cannot be opened.
  explicit SocketTablePoller(std::string host);
  ~SocketTablePoller();
  SocketTablePoller(const SocketTablePoller&) = delete;
  SocketTablePoller& operator=(const SocketTablePoller&) = delete;

  /// One snapshot: every IPv4-expressible TCP and UDP socket as a row with `ts`, in the kernel's
  /// order (SocketChangeLog sorts them and merges sockets of identical content).
  std::vector<SocketRow> Poll(TimeUs ts, SocketPollCounts& counts);

 private:
  struct KernelSocket;
  void Dump(std::uint8_t family, std::uint8_t protocol, std::vector<KernelSocket>& out);
  int m_fd = -1;
  std::string m_host;
  SocketOwnerMap m_owners;
};

/// Linux TCP state number (include/net/tcp_states.h) as the log's MIB_TCP_STATE name.
SocketState LinuxTcpState(std::uint8_t state);

}  // namespace ntlab
