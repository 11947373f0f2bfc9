#include "analyzers/labeling/full-socket-scan.h"

#include <algorithm>
#include <map>

namespace ntlab {

FullSocketScan::FullSocketScan(const SocketIndex& index, FullSocketScanConfig config)
    : m_index(index), m_config(config) {
  for (HostId host = 0; host < index.HostCount(); ++host) {
    const auto& sockets = index.AllSockets(host);
    // (proto, port, pid) of this host -> the tenancy being extended, as an index into its list.
    std::unordered_map<std::uint64_t, std::size_t> current;
    for (std::size_t snap = 0; snap < index.SnapshotCount(host); ++snap) {
      const Snapshot& s = index.SnapshotAt(host, snap);
      for (std::uint32_t i = s.begin; i < s.end; ++i) {
        const IndexedSocket& sock = sockets[i];
        if (sock.pid == 0) continue;
        std::uint64_t key = Key(host, sock.proto, sock.local_port);
        auto& list = m_tenancies[key];
        std::uint64_t ckey = std::uint64_t(static_cast<std::uint8_t>(sock.proto)) << 48 |
                             std::uint64_t(sock.local_port) << 32 | sock.pid;
        auto it = current.find(ckey);
        if (it != current.end()) {
          Tenancy& t = list[it->second];
          if (t.process == sock.process && s.ts - t.last_ts <= m_config.tenancy_gap) {
            if (t.last_ts != s.ts) ++t.rows;  // several sockets of one poll count once
            t.last_ts = s.ts;
            continue;
          }
        }
        list.push_back(Tenancy{s.ts, s.ts, sock.pid, sock.process, 1});
        current[ckey] = list.size() - 1;
      }
    }
  }
}

const std::vector<FullSocketScan::Tenancy>& FullSocketScan::Tenancies(HostId host, Proto proto,
                                                                      std::uint16_t port) const {
  static const std::vector<Tenancy> kNone;
  auto it = m_tenancies.find(Key(host, proto, port));
  return it == m_tenancies.end() ? kNone : it->second;
}

std::optional<MatchResult> FullSocketScan::TryMatch(const MatchQuery& q) {
  const Session& s = q.session;
  const auto& list = Tenancies(q.host, s.key.proto, s.key.host.port);
  if (list.empty()) return std::nullopt;
  auto distance = [&](const Tenancy& t) {
    if (t.last_ts < s.first_ts) return s.first_ts - t.last_ts;
    if (t.first_ts > s.last_ts) return t.first_ts - s.last_ts;
    return TimeUs(0);
  };
  auto answer = [&](const Tenancy& t) {
    return MatchResult{t.pid, m_index.ProcessName(t.process), distance(t) == 0 ? s.first_ts : t.last_ts};
  };

  // 1 and 2: tenancies near the session.
  const Tenancy* nearest = nullptr;
  bool tied = false;
  std::map<ProcessId, std::uint64_t> rowsNear;
  std::uint64_t totalNear = 0;
  for (const Tenancy& t : list) {
    TimeUs d = distance(t);
    if (d > m_config.proximity) continue;
    rowsNear[t.process] += t.rows;
    totalNear += t.rows;
    if (!nearest || d < distance(*nearest)) {
      nearest = &t;
      tied = false;
    } else if (d == distance(*nearest) && t.process != nearest->process) {
      tied = true;
    }
  }
  if (nearest) {
    if (tied) return std::nullopt;
    if (distance(*nearest) == 0) return answer(*nearest);
    if (2 * rowsNear[nearest->process] > totalNear) return answer(*nearest);
    return std::nullopt;
  }

  // 3: all dates.
  std::map<ProcessId, std::pair<std::uint64_t, const Tenancy*>> byProcess;
  for (const Tenancy& t : list) {
    auto& entry = byProcess[t.process];
    ++entry.first;
    entry.second = &t;  // the latest tenancy gives the pid
  }
  for (const auto& [process, entry] : byProcess)
    if (double(entry.first) >= m_config.all_dates_min_share * double(list.size())) return answer(*entry.second);
  return std::nullopt;
}

}  // namespace ntlab
