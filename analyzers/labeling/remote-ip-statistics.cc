#include "analyzers/labeling/remote-ip-statistics.h"

#include <algorithm>

namespace ntlab {

std::optional<MatchResult> RemoteIpStatistics::TryMatch(const MatchQuery& q) {
  if (q.host >= m_byHost.size()) return std::nullopt;
  const auto& byIp = m_byHost[q.host];
  auto it = byIp.find(q.session.key.remote.ip);
  if (it == byIp.end()) return std::nullopt;
  const Stats& s = it->second;
  if (s.total < m_config.min_observations) return std::nullopt;
  const Count* best = nullptr;
  for (const Count& c : s.counts)
    if (!best || c.n > best->n) best = &c;
  if (double(best->n) < m_config.min_share * double(s.total)) return std::nullopt;
  return MatchResult{best->pid, best->process, s.last_ts};
}

void RemoteIpStatistics::Learn(const MatchQuery& q, const MatchResult& result, const char* stage) {
  if (!IsDirectEvidence(stage)) return;
  if (q.host >= m_byHost.size()) m_byHost.resize(q.host + 1);
  Stats& s = m_byHost[q.host][q.session.key.remote.ip];
  ++s.total;
  s.last_ts = std::max(s.last_ts, q.ts);
  for (Count& c : s.counts) {
    if (c.process == result.process) {
      ++c.n;
      c.pid = result.pid;
      return;
    }
  }
  s.counts.push_back(Count{std::string(result.process), result.pid, 1});
}

std::size_t RemoteIpStatistics::ProcessesOf(HostId host, Ipv4 remote) const {
  if (host >= m_byHost.size()) return 0;
  auto it = m_byHost[host].find(remote);
  return it == m_byHost[host].end() ? 0 : it->second.counts.size();
}

}  // namespace ntlab
