// Post-processing stage `full_scan`: the paper's full socket-log scan. The host's whole socket log
// (all polls, all dates) is folded into "tenancies" per (proto, local port): one process holding
// the port over consecutive polls. It is read from the index's intervals, so a stretch of polls
// that changed nothing costs one step, not one per poll. An Unknown session's local port is looked
// up there, which finds owners far outside stage A's 10-snapshot window (a socket logged seconds
// before or after the session, a long-lived UDP socket the nearest polls missed).
//
// Ports change owners (ephemeral ports are reused), so the answer must be unambiguous:
//  1. a tenancy of exactly one process overlaps the session: that process;
//  2. else, among tenancies within `proximity` of the session, the nearest one's process, if it is
//     not tied with another process's tenancy at the same distance and holds a strict majority
//     of the rows (polls) seen on the port within `proximity`;
//  3. else (nothing within `proximity`), over all dates: a process holding at least
//     `all_dates_min_share` of the port's tenancies.
// PID 0 rows (TIME_WAIT) never count: they name no owner.
//
// The ntlab engine's scan (`remote_aware`) keeps, for TCP, the remote end of connected rows: a
// session is compared only with tenancies of rows to its own remote (and, inbound, with LISTEN
// rows), because a connected row to another server cannot be the session's socket
// (trap-sub-poll-session: a port OneDrive.exe held to another server 0.6 s before). UDP rows have
// no remote, so UDP keeps the per-port statistics. Its rule 3 (all dates) is not used on an
// ephemeral local port (`all_dates_on_ephemeral`): a program holds a service port for days, but an
// ephemeral port's owners at other dates are unrelated sockets (paper-001: 312 of 749 such
// answers wrong, all on ephemeral ports).
#pragma once

#include "analyzers/labeling/match-stage.h"

#include <map>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace ntlab {

struct FullSocketScanConfig {
  TimeUs proximity = 60 * kUsPerSecond;
  double all_dates_min_share = 0.9;
  /// Polls of the same pid on the port further apart than this start a new tenancy (the
  /// logger polls every 50 ms; 2 s tolerates missed polls without merging separate sockets).
  TimeUs tenancy_gap = 2 * kUsPerSecond;
  bool remote_aware = false;  // ntlab: TCP sessions see only rows to their own remote (+ LISTEN inbound)
  bool all_dates_on_ephemeral = true;  // ntlab: false, rule 3 only for ports below kFirstEphemeralPort
};

/// Windows' dynamic (ephemeral) port range starts here (IANA's 49152-65535, the Windows default
/// since Vista); the simulated hosts draw their client ports from it too.
inline constexpr std::uint16_t kFirstEphemeralPort = 49152;

struct ScanTenancy {
  TimeUs first_ts = 0;
  TimeUs last_ts = 0;
  std::uint32_t pid = 0;
  ProcessId process = 0;
  std::uint32_t rows = 0;
};

/// The scan's tenancies, folded from a host's (proto, local port) intervals one segment at a
/// time: a segment is every interval of the slice (Load) or a run of them that no later interval
/// can join (a streamed log, SocketStreamOptions::segments). Folding segments in time order gives
/// the lists of folding the whole slice at once. Memory: about 32 bytes per tenancy of the whole
/// log, the one part of labelling that grows with the log's length.
class ScanTenancies {
 public:
  /// `schedule` gives the host's polls (ForEachPollPiece); `group`: the segment, in index order.
  void AddSegment(const SocketIndex& schedule, HostId host, const SocketInterval* group, std::size_t size,
                  const FullSocketScanConfig& config);

 private:
  friend class FullSocketScan;
  struct Created {
    ScanTenancy tenancy;
    std::uint32_t poll = 0;      // snapshot that opened it
    std::uint32_t position = 0;  // the opening socket's place among its port's intervals
  };
  class PidSweep;
  // A TCP port's rows to one remote end (has_remote), or its rows without a remote.
  struct RemoteKey {
    HostId host = 0;
    std::uint16_t port = 0;
    bool has_remote = false;
    Endpoint remote;
    bool operator<(const RemoteKey& o) const {
      return std::tie(host, port, has_remote, remote.ip, remote.port) <
             std::tie(o.host, o.port, o.has_remote, o.remote.ip, o.remote.port);
    }
  };

  static std::vector<ScanTenancy> Fold(const SocketIndex& schedule, HostId host, const SocketInterval* group,
                                       std::size_t size, TimeUs gap);
  void FoldByRemote(const SocketIndex& schedule, HostId host, const SocketInterval* group, std::size_t size,
                    TimeUs gap);
  static std::uint64_t Key(HostId host, Proto proto, std::uint16_t port) {
    return std::uint64_t(host) << 24 | std::uint64_t(static_cast<std::uint8_t>(proto)) << 16 | port;
  }

  std::unordered_map<std::uint64_t, std::vector<ScanTenancy>> m_byPort;
  std::map<RemoteKey, std::vector<ScanTenancy>> m_byRemote;  // remote_aware only
};

class FullSocketScan : public MatchStage {
 public:
  using Tenancy = ScanTenancy;

  /// Folds the index's intervals (a loaded index; a streamed one has none: use the other form).
  FullSocketScan(const SocketIndex& index, FullSocketScanConfig config = {});
  /// Tenancies folded while the log streamed, with the same `config`.
  FullSocketScan(const SocketIndex& index, FullSocketScanConfig config, ScanTenancies tenancies);
  const char* Name() const override { return "full_scan"; }
  /// Uses the whole session ([first_ts, last_ts]); `query.ts` and the snapshot are ignored.
  std::optional<MatchResult> TryMatch(const MatchQuery& query) override;

  /// Tenancies of one host's (proto, local port), in time order; empty if none.
  const std::vector<Tenancy>& Tenancies(HostId host, Proto proto, std::uint16_t port) const;
  const std::string& ProcessName(ProcessId id) const { return m_index.ProcessName(id); }

 private:
  std::vector<Tenancy> RemoteCandidates(HostId host, const Session& session) const;
  std::optional<MatchResult> Decide(const std::vector<Tenancy>& list, const Session& session) const;

  const SocketIndex& m_index;
  FullSocketScanConfig m_config;
  ScanTenancies m_tenancies;
};

}  // namespace ntlab
