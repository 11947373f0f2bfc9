#include "analyzers/labeling/sni-match.h"

#include <algorithm>

namespace ntlab {

std::optional<MatchResult> SniMatch::TryMatch(const MatchQuery& q) {
  if (q.session.sni.empty() || q.host >= m_byHost.size()) return std::nullopt;
  const auto& table = m_byHost[q.host];
  auto it = table.find(q.session.sni);
  if (it == table.end() || it->second.total < m_config.min_observations) return std::nullopt;
  const Stats& s = it->second;
  const Count* best = &s.counts.front();
  for (const Count& c : s.counts)
    if (c.n > best->n) best = &c;
  if (double(best->n) < m_config.min_share * double(s.total)) return std::nullopt;
  return MatchResult{best->pid, best->process, s.last_ts};
}

void SniMatch::Observe(HostId host, const std::string& sni, std::uint32_t pid, const std::string& process,
                       TimeUs ts) {
  if (sni.empty()) return;
  if (host >= m_byHost.size()) m_byHost.resize(host + 1);
  Stats& s = m_byHost[host][sni];
  ++s.total;
  s.last_ts = std::max(s.last_ts, ts);
  for (Count& c : s.counts) {
    if (c.process == process) {
      ++c.n;
      c.pid = pid;
      return;
    }
  }
  s.counts.push_back(Count{process, pid, 1});
}

}  // namespace ntlab
