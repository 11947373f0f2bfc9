#include "analyzers/labeling/remote-ip-statistics.h"

#include "analyzers/labeling/shared-service-ports.h"

namespace ntlab {

AddressKey RemoteIpStatistics::KeyOf(const Session& s) const {
  if (!m_config.key_on_service_port) return AddressKey{s.key.remote.ip, 0};
  // The service sits on the remote port of an outbound session and on the host's own port of an
  // inbound one (the remote's port is then its client's ephemeral port).
  std::uint16_t servicePort = s.direction == Direction::Inbound ? s.key.host.port : s.key.remote.port;
  return AddressKey{s.key.remote.ip, std::uint32_t(static_cast<std::uint8_t>(s.key.proto)) << 17 |
                                         std::uint32_t(s.direction == Direction::Inbound) << 16 | servicePort};
}

std::optional<MatchResult> RemoteIpStatistics::TryMatch(const MatchQuery& q) {
  if (q.host >= m_byHost.size()) return std::nullopt;
  const auto& byKey = m_byHost[q.host];
  auto it = byKey.find(KeyOf(q.session));
  if (it == byKey.end()) return std::nullopt;
  auto result = it->second.Dominant(m_config.min_observations, m_config.min_share);
  if (result) result->evidence = "remote_ip";
  return result;
}

void RemoteIpStatistics::Learn(const MatchQuery& q, const MatchResult& result, const char* stage) {
  if (!IsDirectEvidence(stage)) return;
  if (m_config.skip_shared_service_ports && IsSharedServicePort(q.session.key.remote.port)) return;
  if (q.host >= m_byHost.size()) m_byHost.resize(q.host + 1);
  m_byHost[q.host][KeyOf(q.session)].Add(result.process, result.pid, q.ts);
}

std::size_t RemoteIpStatistics::ProcessesFor(HostId host, const Session& session) const {
  if (host >= m_byHost.size()) return 0;
  auto it = m_byHost[host].find(KeyOf(session));
  return it == m_byHost[host].end() ? 0 : it->second.Processes();
}

}  // namespace ntlab
