#include "analyzers/labeling/direct-socket-match.h"

namespace ntlab {

const IndexedSocket* DirectSocketMatch::MatchIn(const MatchQuery& q, std::size_t snapshot) const {
  const SessionKey& key = q.session.key;
  const IndexedSocket* exact = nullptr;
  const IndexedSocket* unconnected = nullptr;
  m_index.VisitSockets(q.host, snapshot, key.proto, key.host.port, [&](const IndexedSocket& s) {
    if (s.pid == 0) return false;
    if (!s.local_ip.IsUnspecified() && s.local_ip != key.host.ip) return false;
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

bool DirectSocketMatch::TooOld(const MatchQuery& q, std::size_t snapshot) const {
  if (m_config.max_row_age == 0) return false;
  TimeUs ts = m_index.SnapshotAt(q.host, snapshot).ts;
  return (ts > q.ts ? ts - q.ts : q.ts - ts) > m_config.max_row_age;
}

bool DirectSocketMatch::NewerEventNamesOther(const MatchQuery& q, std::size_t snapshot,
                                             const IndexedSocket& row) const {
  if (!m_config.newer_event_wins || !m_events) return false;
  auto owner = m_events->OwnerAt(q);
  if (!owner || owner->opened <= m_index.SnapshotAt(q.host, snapshot).ts) return false;
  return owner->pid != row.pid || owner->process != m_index.ProcessName(row.process);
}

std::optional<MatchResult> DirectSocketMatch::TryMatch(const MatchQuery& q) {
  if (q.snapshot == SocketIndex::npos) return std::nullopt;
  std::size_t oldest = q.snapshot >= m_config.backtrack ? q.snapshot - m_config.backtrack : 0;
  for (std::size_t i = q.snapshot + 1; i-- > oldest;) {
    if (TooOld(q, i)) break;  // going back in time: every earlier snapshot is older still
    const IndexedSocket* s = MatchIn(q, i);
    if (!s) continue;
    if (NewerEventNamesOther(q, i, *s)) return std::nullopt;
    const char* evidence = s->has_remote                     ? "socket_row"
                           : s->state == SocketState::Listen ? "socket_listen"
                                                             : "socket_port";
    return MatchResult{s->pid, m_index.ProcessName(s->process), 0, evidence};
  }
  return std::nullopt;
}

}  // namespace ntlab
