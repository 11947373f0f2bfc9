// The socket log in memory, shaped for matching. Per host:
//  - the polls ("snapshots", numbered 0..SnapshotCount-1 in time order), stored as runs of equal
//    steps, so a regular logger costs a few bytes however long it ran;
//  - the sockets as intervals: one socket-table row (constant content) over the consecutive polls
//    that saw it, sorted by (proto, local port, first poll, log order). A (proto, port) lookup is a
//    binary search, then an implicit interval tree finds the intervals visible at one snapshot.
// Memory therefore grows with the number of distinct sockets, not with polls. Process names are
// interned; an interval costs about 40 bytes.
#pragma once

#include "analyzers/formats/records.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace ntlab {

using HostId = std::uint32_t;
using ProcessId = std::uint32_t;  // index into the interned process names (not a Windows PID)
constexpr HostId kNoHost = ~HostId(0);

struct IndexedSocket {
  IpAddress local_ip = 0;
  Endpoint remote;                 // meaningful only if has_remote
  std::uint32_t pid = 0;
  ProcessId process = 0;
  std::uint16_t local_port = 0;
  Proto proto = Proto::Tcp;
  SocketState state = SocketState::None;
  bool has_remote = false;

  bool operator==(const IndexedSocket& o) const {
    return local_ip == o.local_ip && pid == o.pid && process == o.process && local_port == o.local_port &&
           proto == o.proto && state == o.state && has_remote == o.has_remote && (!has_remote || remote == o.remote);
  }
};

/// One socket over the snapshots [first_poll, last_poll] of its host.
struct SocketInterval {
  IndexedSocket socket;
  std::uint32_t first_poll = 0;
  std::uint32_t last_poll = 0;

  bool VisibleAt(std::size_t snapshot) const { return first_poll <= snapshot && snapshot <= last_poll; }
};

struct Snapshot {
  TimeUs ts = 0;
};

/// The intervals of one (proto, local port) of a host that a streamed index holds, in creation
/// order, which is (first poll, log order).
struct SocketSlice {
  std::vector<SocketInterval> intervals;
  std::vector<std::uint64_t> seqs;   // each interval's creation number on its host (ascending)
  std::vector<std::uint8_t> open;    // 1 while later rows may still extend it
  std::uint32_t open_count = 0;
  TimeUs last_end_ts = 0;            // the poll that last saw its latest closed interval

  std::size_t IndexOf(std::uint64_t seq) const {
    return std::size_t(std::lower_bound(seqs.begin(), seqs.end(), seq) - seqs.begin());
  }
};

class SocketLogWindow;
class SocketIndex;

/// How SocketIndex::OpenStreamed reads the log (docs/benchmarks.md, "streamed socket log").
struct SocketStreamOptions {
  /// Intervals that ended both more than `lookbehind` (packet time) and more than `polls_back`
  /// polls before the snapshot asked for are dropped: stage A looks back `backtrack` polls, and
  /// packets may come a little out of order. A question further back than what is held rewinds
  /// the log and reads it again (exact, but a pass over the log each time: a new capture group).
  TimeUs lookbehind = 5 * kUsPerSecond;
  std::uint32_t polls_back = 10;
  /// The whole-log consumer (the full socket-log scan): called in the first pass with each run of
  /// one host's (proto, local port) intervals that no later interval can join, because no socket
  /// of it was open for more than `segment_gap` (the full scan's tenancy gap) before the next.
  TimeUs segment_gap = 2 * kUsPerSecond;
  std::function<void(const SocketIndex& schedule, HostId, const SocketInterval*, std::size_t)> segments;
};

class SocketIndex {
 public:
  /// Reads a socket log in either form, told apart by its header (throws InputError on bad rows):
  ///  - snapshot form (`ts,...`, what real loggers write): streamed and merged into intervals;
  ///    each host's rows must come in nondecreasing ts order;
  ///  - interval form (`first_ts,last_ts,...`): needs its poll schedule, `pollsPath` or, when
  ///    empty, the sibling PollRunPathFor(socketLogPath); every first/last_ts must be a poll of its host.
  /// Host IPs are learnt from rows with a specific (non-wildcard, non-loopback) local address; an
  /// address seen under two host names is ambiguous and left out. `explicitHostIps` (host name ->
  /// IPs) is added and wins.
  static SocketIndex Load(const std::string& socketLogPath,
                          const std::map<std::string, std::vector<IpAddress>>& explicitHostIps = {},
                          const std::string& pollsPath = "");
  /// Snapshot-form rows already in memory (tests, other loggers); sorted by ts first.
  static SocketIndex FromRows(const std::vector<SocketRow>& rows,
                              const std::map<std::string, std::vector<IpAddress>>& explicitHostIps = {});
  /// Interval-form rows and their poll schedule already in memory (tests).
  static SocketIndex FromIntervals(const std::vector<SocketIntervalRow>& intervals,
                                   const std::vector<PollRunRow>& polls,
                                   const std::map<std::string, std::vector<IpAddress>>& explicitHostIps = {});
  /// A snapshot-form log read beside the capture instead of loaded: a first pass learns what
  /// needs the whole log (hosts and their IPs, the poll schedule, process names, each PID's
  /// latest name) and hands the intervals to `options.segments` as they settle, keeping none;
  /// VisitSockets then reads the log a second time as far as it is asked, holding only intervals
  /// open or within `options.lookbehind`. Every answer equals Load's. Throws InputError for the
  /// interval form (its size already follows distinct sockets; Load reads it).
  static SocketIndex OpenStreamed(const std::string& socketLogPath,
                                  const std::map<std::string, std::vector<IpAddress>>& explicitHostIps,
                                  SocketStreamOptions options);

  SocketIndex();
  SocketIndex(SocketIndex&&) noexcept;
  SocketIndex& operator=(SocketIndex&&) noexcept;
  ~SocketIndex();

  bool Streamed() const { return m_stream != nullptr; }
  /// Streamed: intervals held now, and the most held at once (memory check, tests, bench).
  std::size_t IntervalsHeld() const;
  std::size_t IntervalsHeldMax() const;
  /// Streamed: times the second pass started the log over (a question older than what it held).
  std::size_t Rewinds() const;

  std::size_t HostCount() const { return m_hosts.size(); }
  HostId FindHost(const std::string& name) const;
  HostId HostOfIp(IpAddress ip) const;
  const std::string& HostName(HostId host) const { return m_hosts[host].name; }
  const std::vector<IpAddress>& HostIps(HostId host) const { return m_hosts[host].ips; }
  std::unordered_set<IpAddress> AllHostIps() const;

  std::size_t SnapshotCount(HostId host) const { return m_hosts[host].poll_count; }
  Snapshot SnapshotAt(HostId host, std::size_t index) const;
  /// Index of the snapshot whose ts is nearest to `ts` (the earlier on a tie); npos if none.
  std::size_t NearestSnapshot(HostId host, TimeUs ts) const;
  /// Index of the latest snapshot with ts <= `ts`; npos if none.
  std::size_t LatestSnapshotAtOrBefore(HostId host, TimeUs ts) const;
  /// Runs of equally spaced polls that hold the host's snapshots (memory check, tests).
  std::size_t PollRunCount(HostId host) const { return m_hosts[host].runs.size(); }
  /// Calls `piece(firstSnapshot, count, firstTs, step)` for the equally spaced pieces of the
  /// snapshots [first, last] in order (step 0 when count is 1).
  template <typename Piece>
  void ForEachPollPiece(HostId host, std::size_t first, std::size_t last, Piece&& piece) const;

  /// Calls `visit(const IndexedSocket&)` for each socket of `snapshot` with this proto and local
  /// port, in (first poll, log order), until it returns true; returns whether one did.
  template <typename Visit>
  bool VisitSockets(HostId host, std::size_t snapshot, Proto proto, std::uint16_t localPort, Visit&& visit) const;
  /// Every interval of a host with this proto and local port (all snapshots), as [first, last).
  std::pair<const SocketInterval*, const SocketInterval*> PortIntervals(HostId host, Proto proto,
                                                                        std::uint16_t localPort) const;
  /// Every interval of a host, sorted by (proto, local port, first poll, log order); empty when
  /// streamed (the whole-log consumers get them from SocketStreamOptions::segments).
  const std::vector<SocketInterval>& Intervals(HostId host) const { return m_hosts[host].intervals; }

  const std::string& ProcessName(ProcessId id) const { return m_processNames[id]; }
  /// The name the socket log gives `pid` on this host (its latest interval), or null: the
  /// fallback of the ETW events' PID->name cache.
  const std::string* NameOfPid(HostId host, std::uint32_t pid) const;
  /// Number of intervals (distinct socket rows over consecutive polls) of all hosts.
  std::size_t SocketCount() const;

  static constexpr std::size_t npos = ~std::size_t(0);

  // Orders like the intervals' (proto, local port) sort.
  static std::uint32_t SliceKey(Proto proto, std::uint16_t port) {
    return std::uint32_t(static_cast<std::uint8_t>(proto)) << 16 | port;
  }

 private:
  // `count` polls at first_ts + k*step, snapshots first_index..first_index+count-1.
  struct PollRun {
    TimeUs first_ts = 0;
    std::uint32_t first_index = 0;
    std::uint32_t step = 0;        // 0 when count is 1
    std::uint32_t count = 0;
    TimeUs LastTs() const { return first_ts + TimeUs(step) * (count - 1); }
  };
  struct HostSockets {
    std::string name;
    std::vector<IpAddress> ips;
    std::vector<PollRun> runs;
    std::size_t poll_count = 0;
    std::vector<SocketInterval> intervals;
    // Implicit interval tree over each (proto, port) slice of `intervals`: the largest last_poll
    // in the subtree rooted at each position (see BuildTree).
    std::vector<std::uint32_t> subtree_last;
    // The (proto, port) slices of `intervals`: their SliceKey, sorted, and where each begins.
    std::vector<std::uint32_t> slice_keys;
    std::vector<std::uint32_t> slice_begin;
    std::unordered_map<std::uint32_t, ProcessId> pid_names;
  };
  class Builder;
  class SnapshotMerger;
  struct Stream;
  class StreamFirstPass;

  /// Streamed: the slice with the intervals visible at `snapshot`, read that far (null if none).
  const SocketSlice* StreamedSlice(HostId host, std::size_t snapshot, Proto proto, std::uint16_t port) const;
  static std::size_t RunOf(const HostSockets& h, std::size_t snapshot);
  static std::size_t LowerBound(const HostSockets& h, TimeUs ts);   // first snapshot at or after ts
  static std::size_t PollIndexOf(const HostSockets& h, TimeUs ts);  // the snapshot at exactly ts, or npos
  std::pair<std::size_t, std::size_t> PortRange(const HostSockets& h, Proto proto, std::uint16_t port) const;

  std::vector<HostSockets> m_hosts;
  std::unordered_map<std::string, HostId> m_hostByName;
  std::unordered_map<IpAddress, HostId> m_hostByIp;
  std::vector<std::string> m_processNames;
  std::size_t m_streamedIntervals = 0;
  // The second pass's reading state: logically const (the log does not change under it).
  std::unique_ptr<Stream> m_stream;
};

template <typename Piece>
void SocketIndex::ForEachPollPiece(HostId host, std::size_t first, std::size_t last, Piece&& piece) const {
  const HostSockets& h = m_hosts[host];
  if (first > last || last >= h.poll_count) return;
  for (std::size_t r = RunOf(h, first); r < h.runs.size() && h.runs[r].first_index <= last; ++r) {
    const PollRun& run = h.runs[r];
    std::size_t from = std::max<std::size_t>(first, run.first_index);
    std::size_t to = std::min<std::size_t>(last, run.first_index + run.count - 1);
    std::size_t count = to - from + 1;
    piece(from, count, run.first_ts + TimeUs(run.step) * TimeUs(from - run.first_index),
          count == 1 ? TimeUs(0) : TimeUs(run.step));
  }
}

template <typename Visit>
bool SocketIndex::VisitSockets(HostId host, std::size_t snapshot, Proto proto, std::uint16_t localPort,
                               Visit&& visit) const {
  if (m_stream) {
    const SocketSlice* slice = StreamedSlice(host, snapshot, proto, localPort);
    if (!slice) return false;
    for (const SocketInterval& i : slice->intervals) {
      if (i.first_poll > snapshot) break;
      if (i.last_poll >= snapshot && visit(i.socket)) return true;
    }
    return false;
  }
  const HostSockets& h = m_hosts[host];
  auto [begin, end] = PortRange(h, proto, localPort);
  const SocketInterval* a = h.intervals.data() + begin;
  const std::uint32_t* subtreeLast = h.subtree_last.data() + begin;
  const std::size_t n = end - begin;
  if (n == 0) return false;
  // In-order walk of the implicit tree (node x at level k: the k low bits of x are 1; children
  // x -/+ 2^(k-1)), which visits in array order. A subtree whose last polls all end before the
  // snapshot is skipped; small subtrees are scanned.
  int top = 0;
  while ((std::size_t(2) << top) <= n) ++top;
  struct Frame {
    std::size_t x;
    int k;
    bool left_done;
  };
  Frame stack[2 * 64];
  int t = 0;
  stack[t++] = Frame{(std::size_t(1) << top) - 1, top, false};
  while (t > 0) {
    Frame z = stack[--t];
    if (z.k <= 3) {
      std::size_t i0 = z.x >> z.k << z.k;
      std::size_t i1 = std::min(n, i0 + (std::size_t(2) << z.k) - 1);
      for (std::size_t i = i0; i < i1 && a[i].first_poll <= snapshot; ++i)
        if (a[i].last_poll >= snapshot && visit(a[i].socket)) return true;
    } else if (!z.left_done) {
      stack[t++] = Frame{z.x, z.k, true};
      std::size_t y = z.x - (std::size_t(1) << (z.k - 1));
      if (y >= n || subtreeLast[y] >= snapshot) stack[t++] = Frame{y, z.k - 1, false};
    } else if (z.x < n && a[z.x].first_poll <= snapshot) {
      if (a[z.x].last_poll >= snapshot && visit(a[z.x].socket)) return true;
      stack[t++] = Frame{z.x + (std::size_t(1) << (z.k - 1)), z.k - 1, false};
    }
  }
  return false;
}

}  // namespace ntlab
