#include "analyzers/labeling/labeler.h"

namespace ntlab {

Labeler::Labeler(const SocketIndex& index, std::vector<std::unique_ptr<MatchStage>> stages,
                 Callback onFinished)
    : m_index(index), m_stages(std::move(stages)), m_onFinished(std::move(onFinished)) {}

void Labeler::OnSessionPacket(const Session& session, const DecodedPacket& packet) {
  auto [it, inserted] = m_states.try_emplace(session.id);
  State& state = it->second;
  if (inserted) state.host = m_index.HostOfIp(session.key.host.ip);
  if (state.host == kNoHost || state.decision) return;
  std::size_t snapshot = m_index.NearestSnapshot(state.host, packet.ts);
  if (state.tried && snapshot == state.last_snapshot) return;
  state.tried = true;
  state.last_snapshot = snapshot;
  MatchQuery query{session, packet.ts, state.host, snapshot};
  for (auto& stage : m_stages) {
    auto result = stage->TryMatch(query);
    if (!result) continue;
    state.decision = LabelDecision{result->pid, std::string(result->process), stage->Name()};
    for (auto& learner : m_stages) learner->Learn(query, *result, stage->Name());
    return;
  }
}

void Labeler::OnSessionFinished(const Session& session) {
  auto it = m_states.find(session.id);
  static const std::optional<LabelDecision> kNone;
  if (it == m_states.end()) {
    m_onFinished(LabelledSession{session, m_index.HostOfIp(session.key.host.ip), kNone});
    return;
  }
  m_onFinished(LabelledSession{session, it->second.host, it->second.decision});
  m_states.erase(it);
}

}  // namespace ntlab
