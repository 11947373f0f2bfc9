#include "analyzers/labeling/direct-socket-match.h"

namespace ntlab {

const IndexedSocket* DirectSocketMatch::MatchIn(const MatchQuery& q, std::size_t snapshot) const {
  const SessionKey& key = q.session.key;
  const IndexedSocket* exact = nullptr;
  const IndexedSocket* unconnected = nullptr;
  m_index.VisitSockets(q.host, snapshot, key.proto, key.host.port, [&](const IndexedSocket& s) {
    if (s.pid == 0) return false;
    if (s.local_ip != 0 && s.local_ip != key.host.ip) return false;
    if (s.has_remote) {
      if (s.remote != key.remote) return false;
      exact = &s;
      return true;
    }
    if (unconnected) return false;
    if (key.proto == Proto::Udp) unconnected = &s;  // UDP sockets have no remote: the port decides
    else if (s.state == SocketState::Listen && q.session.direction == Direction::Inbound) unconnected = &s;
    return false;
  });
  return exact ? exact : unconnected;
}

std::optional<MatchResult> DirectSocketMatch::TryMatch(const MatchQuery& q) {
  if (q.snapshot == SocketIndex::npos) return std::nullopt;
  std::size_t oldest = q.snapshot >= m_config.backtrack ? q.snapshot - m_config.backtrack : 0;
  for (std::size_t i = q.snapshot + 1; i-- > oldest;) {
    if (const IndexedSocket* s = MatchIn(q, i)) return MatchResult{s->pid, m_index.ProcessName(s->process)};
  }
  return std::nullopt;
}

}  // namespace ntlab
