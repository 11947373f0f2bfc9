#include "analyzers/labeling/post-processor.h"

namespace ntlab {

PostProcessor::PostProcessor(const SocketIndex& index, PostProcessConfig config, Callback onFinal,
                             std::unique_ptr<MatchStage> events, std::optional<ScanTenancies> tenancies)
    : m_config(config),
      m_onFinal(std::move(onFinal)),
      m_fullScan(tenancies ? FullSocketScan(index, config.full_scan, std::move(*tenancies))
                           : FullSocketScan(index, config.full_scan)),
      m_sni(config.sni),
      m_dnsUse(config.dns_use),
      m_events(std::move(events)) {}

void PostProcessor::OnEngineFinished(const LabelledSession& l) {
  const Session& s = l.session;
  if (l.decision && IsDirectEvidence(l.decision->stage.c_str()) && !s.sni.empty())
    m_sni.Observe(l.host, s.sni, l.decision->pid, l.decision->process, s.first_ts);
  if (!m_config.enabled || l.decision || l.host == kNoHost) {
    Release(l);
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

void PostProcessor::Release(const LabelledSession& labelled) {
  if (m_config.dns_use.enabled) m_dnsUse.Observe(labelled);
  m_onFinal(labelled);
}

bool PostProcessor::DecideLate(Held& held, bool final) {
  std::optional<LabelDecision> decision;
  if (m_config.dns_use.enabled && IsDnsLookup(held.session) && !held.session.dns_answers.empty()) {
    decision = Decide(m_dnsUse, held);
    // Not answerable yet: a later session may still show the answer's consumer.
    if (!decision && !final) return true;
    m_stats.dns_use_early += decision && !final;
  }
  if (!decision && !held.session.sni.empty()) {
    if (!final) {
      // The SNI table is still learning: the answer may change, so hold the session.
      m_stats.provisional_sni += Decide(m_sni, held).has_value();
      return true;
    }
    decision = Decide(m_sni, held);
  }
  // dns_use already saw every session of this pass that could be its evidence (Pass).
  m_onFinal(LabelledSession{held.session, held.host, decision});
  return false;
}

void PostProcessor::ShowPassToDnsUse(const std::vector<std::optional<LabelDecision>>& early, bool final) {
  // Before any lookup of the pass is tried: what events decided (a lookup's resolver, a use's
  // owner) and the sessions released unlabelled this pass (a use whose owner nobody named).
  for (std::size_t i = 0; i < m_held.size(); ++i) {
    const Held& held = m_held[i];
    bool releasedNow = early[i] || final || held.session.sni.empty();
    if (releasedNow && (early[i] || !IsDnsLookup(held.session)))
      m_dnsUse.Observe(LabelledSession{held.session, held.host, early[i]});
  }
}

void PostProcessor::Pass(bool final) {
  ++m_stats.passes;
  std::vector<std::optional<LabelDecision>> early(m_held.size());
  for (std::size_t i = 0; i < m_held.size(); ++i) {
    if (m_events) early[i] = Decide(*m_events, m_held[i], "events_post");
    if (!early[i]) early[i] = Decide(m_fullScan, m_held[i]);
  }
  if (m_config.dns_use.enabled) ShowPassToDnsUse(early, final);
  std::vector<Held> keep;
  for (std::size_t i = 0; i < m_held.size(); ++i) {
    Held& held = m_held[i];
    if (early[i]) m_onFinal(LabelledSession{held.session, held.host, early[i]});
    else if (DecideLate(held, final)) keep.push_back(std::move(held));
  }
  m_held.swap(keep);
}

}  // namespace ntlab
