#include "analyzers/labeling/full-socket-scan.h"

#include <algorithm>
#include <climits>
#include <functional>
#include <map>
#include <queue>
#include <set>
#include <stdexcept>

namespace ntlab {
namespace {

// A later segment's tenancies all come after an earlier one's: appending keeps the time order.
void Append(std::vector<ScanTenancy>& to, const std::vector<ScanTenancy>& more) {
  to.insert(to.end(), more.begin(), more.end());
}

}  // namespace

// Folds the intervals of one (proto, port, pid) into tenancies, poll by poll as a scan of the
// snapshots would (same process and gap <= tenancy_gap extends the current tenancy), but a stretch
// of polls where the visible sockets do not change is handled at once.
class ScanTenancies::PidSweep {
 public:
  PidSweep(const SocketIndex& index, HostId host, const SocketInterval* group, TimeUs gap,
           std::vector<Created>& made)
      : m_index(index), m_host(host), m_group(group), m_gap(gap), m_made(made) {}

  /// `positions`: the pid's intervals in the group, in group order (first poll, log order).
  void Run(const std::vector<std::uint32_t>& positions) {
    // Ends as (last_poll + 1, position), earliest first.
    using End = std::pair<std::uint64_t, std::uint32_t>;
    std::priority_queue<End, std::vector<End>, std::greater<End>> ends;
    std::size_t next = 0;
    std::uint64_t at = m_group[positions[0]].first_poll;
    for (;;) {
      while (!ends.empty() && ends.top().first == at) {
        Remove(ends.top().second);
        ends.pop();
      }
      for (; next < positions.size() && m_group[positions[next]].first_poll == at; ++next) {
        std::uint32_t pos = positions[next];
        m_active.insert(pos);
        ++m_processes[m_group[pos].socket.process];
        ends.push({std::uint64_t(m_group[pos].last_poll) + 1, pos});
      }
      std::uint64_t until = ends.empty() ? ~std::uint64_t(0) : ends.top().first;
      if (next < positions.size()) until = std::min<std::uint64_t>(until, m_group[positions[next]].first_poll);
      if (!m_active.empty()) Stretch(at, until - 1);
      if (until == ~std::uint64_t(0)) break;
      at = until;
    }
  }

 private:
  void Remove(std::uint32_t pos) {
    m_active.erase(pos);
    auto it = m_processes.find(m_group[pos].socket.process);
    if (--it->second == 0) m_processes.erase(it);
  }

  // Polls [first, last], over which the visible sockets of the pid stay the same.
  void Stretch(std::size_t first, std::size_t last) {
    if (m_processes.size() == 1) {
      std::uint32_t creator = *m_active.begin();
      ProcessId process = m_processes.begin()->first;
      m_index.ForEachPollPiece(m_host, first, last, [&](std::size_t from, std::size_t count, TimeUs ts, TimeUs step) {
        See(from, ts, process, creator);
        if (count == 1) return;
        if (step <= m_gap) {  // every later poll of the piece extends the tenancy
          ScanTenancy& t = m_made[m_current].tenancy;
          t.last_ts = ts + step * TimeUs(count - 1);
          t.rows += std::uint32_t(count - 1);
          return;
        }
        for (std::size_t k = 1; k < count; ++k) See(from + k, ts + step * TimeUs(k), process, creator);
      });
      return;
    }
    // One pid under several names on the port at once: replay each poll socket by socket.
    m_index.ForEachPollPiece(m_host, first, last, [&](std::size_t from, std::size_t count, TimeUs ts, TimeUs step) {
      for (std::size_t k = 0; k < count; ++k)
        for (std::uint32_t pos : m_active) See(from + k, ts + step * TimeUs(k), m_group[pos].socket.process, pos);
    });
  }

  // One socket of the pid seen at a poll.
  void See(std::size_t poll, TimeUs ts, ProcessId process, std::uint32_t pos) {
    if (m_current != kNone) {
      ScanTenancy& t = m_made[m_current].tenancy;
      if (t.process == process && ts - t.last_ts <= m_gap) {
        if (t.last_ts != ts) ++t.rows;  // several sockets of one poll count once
        t.last_ts = ts;
        return;
      }
    }
    std::uint32_t pid = m_group[pos].socket.pid;
    m_made.push_back(Created{ScanTenancy{ts, ts, pid, process, 1}, std::uint32_t(poll), pos});
    m_current = m_made.size() - 1;
  }

  static constexpr std::size_t kNone = ~std::size_t(0);
  const SocketIndex& m_index;
  HostId m_host;
  const SocketInterval* m_group;
  TimeUs m_gap;
  std::vector<Created>& m_made;
  std::set<std::uint32_t> m_active;           // visible intervals, in snapshot order
  std::map<ProcessId, std::uint32_t> m_processes;  // their names, with counts
  std::size_t m_current = kNone;
};

std::vector<ScanTenancy> ScanTenancies::Fold(const SocketIndex& schedule, HostId host, const SocketInterval* group,
                                             std::size_t size, TimeUs gap) {
  std::map<std::uint32_t, std::vector<std::uint32_t>> byPid;
  for (std::uint32_t pos = 0; pos < size; ++pos)
    if (group[pos].socket.pid != 0) byPid[group[pos].socket.pid].push_back(pos);
  std::vector<Created> made;
  for (const auto& [pid, positions] : byPid) PidSweep(schedule, host, group, gap, made).Run(positions);
  // Creation order of a scan of the snapshots: by poll, then by the creating socket's place in it.
  std::stable_sort(made.begin(), made.end(), [](const Created& a, const Created& b) {
    return a.poll != b.poll ? a.poll < b.poll : a.position < b.position;
  });
  std::vector<ScanTenancy> list;
  list.reserve(made.size());
  for (const Created& c : made) list.push_back(c.tenancy);
  return list;
}

// The remote-aware scan's tenancies of one TCP port: one list per remote end of its connected
// rows, and one (kNoRemote) for its rows without a remote (LISTEN).
void ScanTenancies::FoldByRemote(const SocketIndex& schedule, HostId host, const SocketInterval* group,
                                 std::size_t size, TimeUs gap) {
  std::map<RemoteKey, std::vector<SocketInterval>> byRemote;
  for (std::size_t i = 0; i < size; ++i) {
    const IndexedSocket& s = group[i].socket;
    byRemote[RemoteKey{host, s.local_port, s.has_remote, s.has_remote ? s.remote : Endpoint{}}].push_back(group[i]);
  }
  for (const auto& [key, intervals] : byRemote) {
    auto list = Fold(schedule, host, intervals.data(), intervals.size(), gap);
    if (!list.empty()) Append(m_byRemote[key], list);
  }
}

void ScanTenancies::AddSegment(const SocketIndex& schedule, HostId host, const SocketInterval* group,
                               std::size_t size, const FullSocketScanConfig& config) {
  for (std::size_t begin = 0, end = 0; begin < size; begin = end) {
    const IndexedSocket& first = group[begin].socket;
    while (end < size && group[end].socket.proto == first.proto && group[end].socket.local_port == first.local_port)
      ++end;
    auto list = Fold(schedule, host, group + begin, end - begin, config.tenancy_gap);
    if (!list.empty()) Append(m_byPort[Key(host, first.proto, first.local_port)], list);
    if (config.remote_aware && first.proto == Proto::Tcp)
      FoldByRemote(schedule, host, group + begin, end - begin, config.tenancy_gap);
  }
}

FullSocketScan::FullSocketScan(const SocketIndex& index, FullSocketScanConfig config)
    : m_index(index), m_config(config) {
  if (index.Streamed())
    throw std::logic_error("FullSocketScan: a streamed socket index holds no whole-log intervals; fold them "
                           "with SocketStreamOptions::segments");
  for (HostId host = 0; host < index.HostCount(); ++host) {
    const auto& intervals = index.Intervals(host);
    m_tenancies.AddSegment(index, host, intervals.data(), intervals.size(), m_config);
  }
}

FullSocketScan::FullSocketScan(const SocketIndex& index, FullSocketScanConfig config, ScanTenancies tenancies)
    : m_index(index), m_config(config), m_tenancies(std::move(tenancies)) {}

const std::vector<FullSocketScan::Tenancy>& FullSocketScan::Tenancies(HostId host, Proto proto,
                                                                      std::uint16_t port) const {
  static const std::vector<Tenancy> kNone;
  auto it = m_tenancies.m_byPort.find(ScanTenancies::Key(host, proto, port));
  return it == m_tenancies.m_byPort.end() ? kNone : it->second;
}

std::vector<FullSocketScan::Tenancy> FullSocketScan::RemoteCandidates(HostId host, const Session& s) const {
  std::vector<Tenancy> list;
  auto add = [&](const ScanTenancies::RemoteKey& key) {
    auto it = m_tenancies.m_byRemote.find(key);
    if (it != m_tenancies.m_byRemote.end()) list.insert(list.end(), it->second.begin(), it->second.end());
  };
  add(ScanTenancies::RemoteKey{host, s.key.host.port, true, s.key.remote});
  // A LISTEN row owns inbound connections only (as in stage A).
  if (s.direction == Direction::Inbound) add(ScanTenancies::RemoteKey{host, s.key.host.port, false, Endpoint{}});
  std::stable_sort(list.begin(), list.end(),
                   [](const Tenancy& a, const Tenancy& b) { return a.first_ts < b.first_ts; });
  return list;
}

std::optional<MatchResult> FullSocketScan::TryMatch(const MatchQuery& q) {
  const Session& s = q.session;
  if (m_config.remote_aware && s.key.proto == Proto::Tcp) return Decide(RemoteCandidates(q.host, s), s);
  return Decide(Tenancies(q.host, s.key.proto, s.key.host.port), s);
}

std::optional<MatchResult> FullSocketScan::Decide(const std::vector<Tenancy>& list, const Session& s) const {
  if (list.empty()) return std::nullopt;
  auto distance = [&](const Tenancy& t) {
    if (t.last_ts < s.first_ts) return s.first_ts - t.last_ts;
    if (t.first_ts > s.last_ts) return t.first_ts - s.last_ts;
    return TimeUs(0);
  };
  auto answer = [&](const Tenancy& t, const char* evidence, std::uint64_t own, std::uint64_t all) {
    return MatchResult{t.pid, m_index.ProcessName(t.process), distance(t) == 0 ? s.first_ts : t.last_ts, evidence,
                       std::uint32_t(std::min<std::uint64_t>(all, UINT32_MAX)), double(own) / double(all)};
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
    std::uint64_t own = rowsNear[nearest->process];
    if (distance(*nearest) == 0) return answer(*nearest, "scan_overlap", own, totalNear);
    if (2 * own > totalNear) return answer(*nearest, "scan_near", own, totalNear);
    return std::nullopt;
  }

  // 3: all dates.
  if (!m_config.all_dates_on_ephemeral && s.key.host.port >= kFirstEphemeralPort) return std::nullopt;
  std::map<ProcessId, std::pair<std::uint64_t, const Tenancy*>> byProcess;
  for (const Tenancy& t : list) {
    auto& entry = byProcess[t.process];
    ++entry.first;
    entry.second = &t;  // the latest tenancy gives the pid
  }
  for (const auto& [process, entry] : byProcess)
    if (double(entry.first) >= m_config.all_dates_min_share * double(list.size()))
      return answer(*entry.second, "scan_all_dates", entry.first, list.size());
  return std::nullopt;
}

}  // namespace ntlab
