#include "analyzers/labeling/event-match.h"

#include <algorithm>
#include <limits>
#include <map>
#include <tuple>

namespace ntlab {

EventMatch EventMatch::Load(const std::string& path, const SocketIndex& index, EventMatchConfig config) {
  return FromRows(ReadAll<EventReader>(path), index, config);
}

EventMatch EventMatch::FromRows(std::vector<EventRow> rows, const SocketIndex& index, EventMatchConfig config) {
  EventMatch m;
  m.m_config = config;
  m.m_stats.events = rows.size();
  // The PID->name cache must see events in time order (a pid can be reused by another image).
  std::stable_sort(rows.begin(), rows.end(), [](const EventRow& a, const EventRow& b) { return a.ts < b.ts; });

  std::unordered_map<std::string, std::uint32_t> nameIds;
  auto intern = [&](const std::string& name) {
    auto [it, inserted] = nameIds.emplace(name, std::uint32_t(m.m_names.size()));
    if (inserted) m.m_names.push_back(name);
    return it->second;
  };
  std::map<std::pair<HostId, std::uint32_t>, std::uint32_t> pidNames;  // the ETW consumer's cache
  // Open windows waiting for their close, by (host, proto, local port, remote).
  using OpenKey = std::tuple<HostId, Proto, std::uint16_t, IpAddress, std::uint16_t>;
  std::map<OpenKey, std::pair<std::uint64_t, std::size_t>> open;

  for (const EventRow& e : rows) {
    HostId host = index.FindHost(e.host);
    if (host == kNoHost) {
      ++m.m_stats.unknown_host;
      continue;
    }
    std::uint32_t process;
    if (!e.process.empty()) {
      process = intern(e.process);
      pidNames[{host, e.pid}] = process;
    } else if (auto it = pidNames.find({host, e.pid}); it != pidNames.end()) {
      process = it->second;
    } else if (const std::string* name = index.NameOfPid(host, e.pid)) {
      process = intern(*name);
    } else {
      ++m.m_stats.unnamed;
      continue;
    }
    Endpoint remote = e.remote.value_or(Endpoint{});
    OpenKey okey{host, e.proto, e.local_port, remote.ip, remote.port};
    std::uint64_t key = Key(host, e.proto, e.local_port);
    auto& windows = m.m_windows[key];
    if (e.event == EventKind::Close) {
      auto it = open.find(okey);
      if (it != open.end()) {
        m.m_windows[it->second.first][it->second.second].close = e.ts;
        open.erase(it);
      } else {  // the open event was lost: cover a short span before the close
        windows.push_back(Window{e.ts - config.close_without_open, e.ts, e.local_ip, remote, e.remote.has_value(),
                                 e.pid, process});
      }
      continue;
    }
    // An open on a key that is still open means its close was lost: end the old window here.
    if (auto it = open.find(okey); it != open.end()) {
      m.m_windows[it->second.first][it->second.second].close = e.ts;
      open.erase(it);
    }
    windows.push_back(Window{e.ts, e.ts + config.open_without_close, e.local_ip, remote, e.remote.has_value(),
                             e.pid, process});
    open[okey] = {key, windows.size() - 1};
  }
  for (auto& [key, windows] : m.m_windows) {
    std::sort(windows.begin(), windows.end(), [](const Window& a, const Window& b) { return a.open < b.open; });
    m.m_stats.windows += windows.size();
  }
  return m;
}

const EventMatch::Window* EventMatch::Best(const MatchQuery& q) const {
  const SessionKey& k = q.session.key;
  auto it = m_windows.find(Key(q.host, k.proto, k.host.port));
  if (it == m_windows.end()) return nullptr;
  const Window* best = nullptr;
  // Rank: exact remote first, then distance from the window (0 = inside), then the later open.
  std::tuple<int, TimeUs, TimeUs> bestRank{2, std::numeric_limits<TimeUs>::max(), 0};
  for (const Window& w : it->second) {
    if (w.open - m_config.slack > q.ts) break;  // sorted by open: the rest start later
    if (w.close + m_config.slack < q.ts) continue;
    if (!w.local_ip.IsUnspecified() && w.local_ip != k.host.ip) continue;
    if (w.has_remote && w.remote != k.remote) continue;
    TimeUs distance = q.ts < w.open ? w.open - q.ts : (q.ts > w.close ? q.ts - w.close : 0);
    std::tuple<int, TimeUs, TimeUs> rank{w.has_remote ? 0 : 1, distance, -w.open};
    if (rank < bestRank) {
      bestRank = rank;
      best = &w;
    }
  }
  return best;
}

std::optional<MatchResult> EventMatch::TryMatch(const MatchQuery& q) {
  const Window* best = Best(q);
  if (!best) return std::nullopt;
  return MatchResult{best->pid, m_names[best->process], 0, best->has_remote ? "event_remote" : "event_port"};
}

std::optional<EventOwner> EventMatch::OwnerAt(const MatchQuery& q) const {
  const Window* best = Best(q);
  if (!best) return std::nullopt;
  return EventOwner{best->pid, m_names[best->process], best->open};
}

}  // namespace ntlab
