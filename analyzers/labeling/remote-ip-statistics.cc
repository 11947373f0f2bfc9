#include "analyzers/labeling/remote-ip-statistics.h"

#include "analyzers/labeling/shared-service-ports.h"

namespace ntlab {

std::optional<MatchResult> RemoteIpStatistics::TryMatch(const MatchQuery& q) {
  if (q.host >= m_byHost.size()) return std::nullopt;
  const auto& byIp = m_byHost[q.host];
  auto it = byIp.find(q.session.key.remote.ip);
  if (it == byIp.end()) return std::nullopt;
  auto result = it->second.Dominant(m_config.min_observations, m_config.min_share);
  if (result) result->evidence = "remote_ip";
  return result;
}

void RemoteIpStatistics::Learn(const MatchQuery& q, const MatchResult& result, const char* stage) {
  if (!IsDirectEvidence(stage)) return;
  if (m_config.skip_shared_service_ports && IsSharedServicePort(q.session.key.remote.port)) return;
  if (q.host >= m_byHost.size()) m_byHost.resize(q.host + 1);
  m_byHost[q.host][q.session.key.remote.ip].Add(result.process, result.pid, q.ts);
}

std::size_t RemoteIpStatistics::ProcessesOf(HostId host, IpAddress remote) const {
  if (host >= m_byHost.size()) return 0;
  auto it = m_byHost[host].find(remote);
  return it == m_byHost[host].end() ? 0 : it->second.Processes();
}

}  // namespace ntlab
