#include "analyzers/labeling/five-tuple-cache.h"

#include "analyzers/labeling/shared-service-ports.h"

namespace ntlab {

std::optional<MatchResult> FiveTupleCache::TryMatch(const MatchQuery& q) {
  auto it = m_entries.find(q.session.key);
  if (it == m_entries.end()) return std::nullopt;
  const Entry& e = it->second;
  if (m_config.max_age > 0 && q.ts - e.ts > m_config.max_age) return std::nullopt;
  return MatchResult{e.pid, e.process, e.ts, "five_tuple", e.observations,
                     double(e.owner_run) / double(e.observations)};
}

void FiveTupleCache::Learn(const MatchQuery& q, const MatchResult& result, const char* stage) {
  if (!IsDirectEvidence(stage)) return;
  if (m_config.skip_shared_service_ports && IsSharedServicePort(q.session.key.remote.port)) return;
  Entry& e = m_entries[q.session.key];
  ++e.observations;
  e.owner_run = e.owner_run > 0 && e.process == result.process ? e.owner_run + 1 : 1;
  e.process = std::string(result.process);
  e.pid = result.pid;
  e.ts = q.ts;
}

}  // namespace ntlab
