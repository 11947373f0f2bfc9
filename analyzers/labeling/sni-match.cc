#include "analyzers/labeling/sni-match.h"

namespace ntlab {

std::optional<MatchResult> SniMatch::TryMatch(const MatchQuery& q) {
  if (q.session.sni.empty() || q.host >= m_byHost.size()) return std::nullopt;
  const auto& table = m_byHost[q.host];
  auto it = table.find(q.session.sni);
  if (it == table.end()) return std::nullopt;
  auto result = it->second.Dominant(m_config.min_observations, m_config.min_share);
  if (result) result->evidence = "sni_name";
  return result;
}

void SniMatch::Observe(HostId host, const std::string& sni, std::uint32_t pid, const std::string& process,
                       TimeUs ts) {
  if (sni.empty()) return;
  if (host >= m_byHost.size()) m_byHost.resize(host + 1);
  m_byHost[host][sni].Add(process, pid, ts);
}

}  // namespace ntlab
