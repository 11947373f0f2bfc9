#include "analyzers/labeling/post-processor.h"

namespace ntlab {

PostProcessor::PostProcessor(const SocketIndex& index, PostProcessConfig config, Callback onFinal,
                             std::unique_ptr<MatchStage> events, std::optional<ScanTenancies> tenancies)
    : m_config(config),
      m_onFinal(std::move(onFinal)),
      m_fullScan(tenancies ? FullSocketScan(index, config.full_scan, std::move(*tenancies))
                           : FullSocketScan(index, config.full_scan)),
      m_sni(config.sni),
      m_events(std::move(events)) {}

void PostProcessor::OnEngineFinished(const LabelledSession& l) {
  const Session& s = l.session;
  if (l.decision && IsDirectEvidence(l.decision->stage.c_str()) && !s.sni.empty())
    m_sni.Observe(l.host, s.sni, l.decision->pid, l.decision->process, s.first_ts);
  if (!m_config.enabled || l.decision || l.host == kNoHost) {
    m_onFinal(l);
    return;
  }
  m_held.push_back(Held{s, l.host});
  m_stats.held_max = std::max<std::uint64_t>(m_stats.held_max, m_held.size());
}

void PostProcessor::OnPacketTime(TimeUs ts) {
  if (!m_config.streaming) return;
  if (!m_timeStarted) {
    m_timeStarted = true;
    m_nextPass = ts + m_config.interval;
    return;
  }
  if (ts < m_nextPass) return;
  Pass(false);
  m_nextPass = ts + m_config.interval;
}

void PostProcessor::OnGroupFinished() {
  if (!m_config.streaming) return;
  Pass(false);
  m_timeStarted = false;
}

void PostProcessor::Finish() { Pass(true); }

std::optional<LabelDecision> PostProcessor::Decide(MatchStage& stage, const Held& held, const char* name) {
  MatchQuery query{held.session, held.session.first_ts, held.host, SocketIndex::npos};
  auto result = stage.TryMatch(query);
  if (!result) return std::nullopt;
  return MakeDecision(*result, name ? name : stage.Name());
}

void PostProcessor::Pass(bool final) {
  ++m_stats.passes;
  std::vector<Held> keep;
  for (Held& held : m_held) {
    std::optional<LabelDecision> decision;
    if (m_events) decision = Decide(*m_events, held, "events_post");
    if (!decision) decision = Decide(m_fullScan, held);
    if (!decision && !held.session.sni.empty()) {
      if (!final) {
        // The SNI table is still learning: the answer may change, so hold the session.
        m_stats.provisional_sni += Decide(m_sni, held).has_value();
        keep.push_back(std::move(held));
        continue;
      }
      decision = Decide(m_sni, held);
    }
    m_onFinal(LabelledSession{held.session, held.host, decision});
  }
  m_held.swap(keep);
}

}  // namespace ntlab
