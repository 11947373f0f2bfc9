#include "analyzers/labeling/labeler.h"

namespace ntlab {

Labeler::Labeler(const SocketIndex& index, std::vector<std::unique_ptr<MatchStage>> stages,
                 Callback onFinished, LabelerConfig config)
    : m_index(index), m_stages(std::move(stages)), m_onFinished(std::move(onFinished)), m_config(config) {}

bool Labeler::Decide(State& state, const MatchQuery& query, bool learnt) {
  for (auto& stage : m_stages) {
    if (m_config.defer_learnt && IsDirectEvidence(stage->Name()) == learnt) continue;
    auto result = stage->TryMatch(query);
    if (!result) continue;
    state.decision = MakeDecision(*result, stage->Name());
    for (auto& learner : m_stages) learner->Learn(query, *result, stage->Name());
    return true;
  }
  return false;
}

void Labeler::OnSessionPacket(const Session& session, const DecodedPacket& packet) {
  if (session.observer_slot == 0) {
    std::uint32_t slot;
    if (!m_freeSlots.empty()) {
      slot = m_freeSlots.back();
      m_freeSlots.pop_back();
      m_states[slot] = State{};
    } else {
      slot = std::uint32_t(m_states.size());
      m_states.emplace_back();
    }
    session.observer_slot = slot + 1;
    m_states[slot].host = m_index.HostOfIp(session.key.host.ip);
  }
  State& state = m_states[session.observer_slot - 1];
  if (state.host == kNoHost || state.decision) return;
  std::size_t snapshot = m_config.log_delay > 0
                             ? m_index.LatestSnapshotAtOrBefore(state.host, packet.ts - m_config.log_delay)
                             : m_index.NearestSnapshot(state.host, packet.ts);
  if (state.tried && snapshot == state.last_snapshot) return;
  state.tried = true;
  state.last_snapshot = snapshot;
  state.last_ts = packet.ts;
  Decide(state, MatchQuery{session, packet.ts, state.host, snapshot}, false);
}

void Labeler::OnSessionFinished(const Session& session) {
  static const std::optional<LabelDecision> kNone;
  if (session.observer_slot == 0) {
    m_onFinished(LabelledSession{session, m_index.HostOfIp(session.key.host.ip), kNone});
    return;
  }
  std::uint32_t slot = session.observer_slot - 1;
  State& state = m_states[slot];
  if (m_config.defer_learnt && state.tried && !state.decision)
    Decide(state, MatchQuery{session, state.last_ts, state.host, state.last_snapshot}, true);
  m_onFinished(LabelledSession{session, state.host, state.decision});
  m_states[slot].decision.reset();
  m_freeSlots.push_back(slot);
}

}  // namespace ntlab
