#include "analyzers/labeling/rule-store-match.h"

#include "analyzers/labeling/shared-service-ports.h"

#include <algorithm>

namespace ntlab {

AddressKey RuleStoreMatch::Key(const MatchQuery& q) {
  const SessionKey& k = q.session.key;
  return {k.remote.ip, std::uint32_t(k.remote.port) << 8 | static_cast<std::uint8_t>(k.proto)};
}

std::optional<MatchResult> RuleStoreMatch::TryMatch(const MatchQuery& q) {
  if (q.host >= m_byHost.size()) return std::nullopt;
  const auto& rules = m_byHost[q.host];
  auto it = rules.find(Key(q));
  if (it == rules.end()) return std::nullopt;
  const Rule& r = it->second;
  if (r.hits < m_config.min_hits) return std::nullopt;
  if (q.ts - r.last_ts > m_config.ttl) return std::nullopt;
  if (m_config.refuse_shared && r.votes.Processes() > 1) return std::nullopt;
  return MatchResult{r.pid, r.process, r.last_ts, "rule", r.votes.Observations(), r.votes.ShareOf(r.process)};
}

void RuleStoreMatch::Learn(const MatchQuery& q, const MatchResult& result, const char* stage) {
  if (!IsDirectEvidence(stage)) return;
  if (m_config.skip_shared_service_ports && IsSharedServicePort(q.session.key.remote.port)) return;
  if (q.host >= m_byHost.size()) m_byHost.resize(q.host + 1);
  Rule& r = m_byHost[q.host][Key(q)];
  // An expired rule starts over: its old hits say nothing about the server's use today.
  bool expired = r.hits > 0 && q.ts - r.last_ts > m_config.ttl;
  if (expired) r.votes = ProcessVotes{};
  r.votes.Add(result.process, result.pid, q.ts);
  if (r.hits == 0 || expired || r.process != result.process) {
    r.process = std::string(result.process);
    r.hits = 0;
  }
  ++r.hits;
  r.pid = result.pid;
  r.last_ts = r.hits == 1 ? q.ts : std::max(r.last_ts, q.ts);
}

std::size_t RuleStoreMatch::Rules() const {
  std::size_t n = 0;
  for (const auto& rules : m_byHost)
    for (const auto& [key, r] : rules) n += r.hits >= m_config.min_hits;
  return n;
}

}  // namespace ntlab
