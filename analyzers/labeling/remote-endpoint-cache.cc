#include "analyzers/labeling/remote-endpoint-cache.h"

#include "analyzers/labeling/shared-service-ports.h"

namespace ntlab {

std::optional<MatchResult> RemoteEndpointCache::TryMatch(const MatchQuery& q) {
  if (q.session.direction != Direction::Outbound || q.host >= m_byHost.size()) return std::nullopt;
  const auto& entries = m_byHost[q.host];
  auto it = entries.find(Key(q.session.key));
  if (it == entries.end()) return std::nullopt;
  const Entry& e = it->second;
  if (m_config.max_age > 0 && q.ts - e.ts > m_config.max_age) return std::nullopt;
  if (m_config.refuse_shared && e.votes.Processes() > 1) return std::nullopt;
  return MatchResult{e.pid, e.process, e.ts, "remote_endpoint", e.votes.Observations(), e.votes.ShareOf(e.process)};
}

void RemoteEndpointCache::Learn(const MatchQuery& q, const MatchResult& result, const char* stage) {
  if (!IsDirectEvidence(stage) || q.session.direction != Direction::Outbound) return;
  if (m_config.skip_shared_service_ports && IsSharedServicePort(q.session.key.remote.port)) return;
  if (q.host >= m_byHost.size()) m_byHost.resize(q.host + 1);
  Entry& e = m_byHost[q.host][Key(q.session.key)];
  e.votes.Add(result.process, result.pid, q.ts);
  e.process = std::string(result.process);
  e.pid = result.pid;
  e.ts = q.ts;
}

}  // namespace ntlab
