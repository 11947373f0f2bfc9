// Asks a loaded SocketIndex every question the labelling stages ask, for every host, and checks
// the answers agree with each other: the socket-log harnesses share it, since a log that loads
// must also be safe to match against.
#pragma once

#include "analyzers/labeling/socket-index.h"
#include "tests/fuzz/fuzz-support.h"

#include <cstdint>

namespace ntlab::fuzz {

inline void ProbeSnapshots(const SocketIndex& index, HostId host) {
  const std::size_t count = index.SnapshotCount(host);
  if (count == 0) {
    NTLAB_FUZZ_CHECK(index.NearestSnapshot(host, 0) == SocketIndex::npos);
    return;
  }
  const TimeUs first = index.SnapshotAt(host, 0).ts;
  const TimeUs last = index.SnapshotAt(host, count - 1).ts;
  NTLAB_FUZZ_CHECK(first <= last);
  // The snapshots, piece by piece, are count polls in strictly increasing time.
  std::size_t seen = 0;
  TimeUs previous = first;
  index.ForEachPollPiece(host, 0, count - 1, [&](std::size_t from, std::size_t n, TimeUs ts, TimeUs step) {
    NTLAB_FUZZ_CHECK(from == seen && n >= 1 && (n == 1 || step > 0));
    NTLAB_FUZZ_CHECK(seen == 0 || ts > previous);
    seen += n;
    previous = ts + step * TimeUs(n - 1);
  });
  NTLAB_FUZZ_CHECK(seen == count && previous == last);
  for (TimeUs ts : {first - 1, first, first + (last - first) / 2, last, last + 1, -kMaxPacketTs, kMaxPacketTs}) {
    const std::size_t nearest = index.NearestSnapshot(host, ts);
    NTLAB_FUZZ_CHECK(nearest < count);
    const std::size_t before = index.LatestSnapshotAtOrBefore(host, ts);
    NTLAB_FUZZ_CHECK(before == SocketIndex::npos || (before < count && index.SnapshotAt(host, before).ts <= ts));
    if (before + 1 < count && before != SocketIndex::npos) NTLAB_FUZZ_CHECK(index.SnapshotAt(host, before + 1).ts > ts);
  }
}

inline void ProbeSockets(const SocketIndex& index, HostId host) {
  const auto& intervals = index.Intervals(host);
  for (std::size_t i = 0; i < intervals.size() && i < 256; ++i) {
    const SocketInterval& interval = intervals[i];
    NTLAB_FUZZ_CHECK(interval.first_poll <= interval.last_poll && interval.last_poll < index.SnapshotCount(host));
    // Every interval is found at each end of its life by the lookup the stages use.
    for (std::size_t snapshot : {std::size_t(interval.first_poll), std::size_t(interval.last_poll)}) {
      bool found = index.VisitSockets(host, snapshot, interval.socket.proto, interval.socket.local_port,
                                      [&](const IndexedSocket& s) { return &s == &interval.socket; });
      NTLAB_FUZZ_CHECK(found);
    }
    auto [begin, end] = index.PortIntervals(host, interval.socket.proto, interval.socket.local_port);
    NTLAB_FUZZ_CHECK(begin <= &interval && &interval < end);
    if (interval.socket.pid != 0) NTLAB_FUZZ_CHECK(index.NameOfPid(host, interval.socket.pid) != nullptr);
    NTLAB_FUZZ_CHECK(index.ProcessName(interval.socket.process).size() < (1u << 20));
  }
}

/// Every host: its name, its IPs, its snapshots, its sockets.
inline void ProbeIndex(const SocketIndex& index) {
  for (HostId host = 0; host < index.HostCount(); ++host) {
    NTLAB_FUZZ_CHECK(index.FindHost(index.HostName(host)) == host);
    for (const IpAddress& ip : index.HostIps(host)) NTLAB_FUZZ_CHECK(index.HostOfIp(ip) == host);
    ProbeSnapshots(index, host);
    ProbeSockets(index, host);
  }
}

}  // namespace ntlab::fuzz
