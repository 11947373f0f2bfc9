#include "analyzers/labeling/dns-use-match.h"

#include "analyzers/sessions/dns-answer-addresses.h"

namespace ntlab {
namespace {

// The labels whose owner the OS named: a socket row or an event (also in post-processing).
bool NamedByDirectEvidence(const std::optional<LabelDecision>& decision) {
  return decision && (IsDirectEvidence(decision->stage.c_str()) || decision->stage == "events_post");
}

}  // namespace

bool IsDnsLookup(const Session& session) {
  return session.direction == Direction::Outbound && session.key.remote.port == kDnsPort;
}

DnsUseMatch::HostState& DnsUseMatch::Host(HostId host) {
  if (host >= m_byHost.size()) m_byHost.resize(host + 1);
  return m_byHost[host];
}

std::optional<std::string> DnsUseMatch::ConsumerOf(HostId host, TimeUs answerTs,
                                                   const std::vector<IpAddress>& answers) const {
  if (host >= m_byHost.size()) return std::nullopt;
  const HostState& state = m_byHost[host];
  std::optional<std::string> consumer;
  for (const IpAddress& address : answers) {
    auto it = state.uses.find(address);
    if (it == state.uses.end()) continue;
    for (const Use& use : it->second) {
      if (use.first_ts < answerTs || use.first_ts > answerTs + m_config.consumer_window) continue;
      // An unlabelled or inferred user could be another process: no consumer can be named.
      if (use.process.empty()) return std::nullopt;
      if (consumer && *consumer != use.process) return std::nullopt;  // two processes used the answer
      consumer = use.process;
    }
  }
  return consumer;
}

void DnsUseMatch::Recount(HostState& state, HostId host, Lookup& lookup) {
  std::optional<std::string> consumer = ConsumerOf(host, lookup.answer_ts, lookup.answers);
  if (consumer == lookup.counted_consumer) return;
  if (lookup.counted_consumer) {
    Resolvers& old = state.table[*lookup.counted_consumer];
    --old.counts[lookup.resolver];
    --old.total;
  }
  if (consumer) {
    Resolvers& now = state.table[*consumer];
    ++now.counts[lookup.resolver];
    now.pids[lookup.resolver] = lookup.resolver_pid;
    ++now.total;
  }
  lookup.counted_consumer = std::move(consumer);
}

void DnsUseMatch::ObserveLookup(HostState& state, const Session& s, const LabelDecision& decision) {
  std::size_t index = state.lookups.size();
  state.lookups.push_back(Lookup{s.dns_answer_ts, s.dns_answers, decision.process, decision.pid, std::nullopt});
  for (const IpAddress& address : s.dns_answers) state.lookups_by_answer[address].push_back(index);
}

void DnsUseMatch::ObserveUse(HostState& state, HostId host, const Session& s,
                             const std::optional<LabelDecision>& decision) {
  const IpAddress& address = s.key.remote.ip;
  state.uses[address].push_back(Use{s.first_ts, NamedByDirectEvidence(decision) ? decision->process : std::string()});
  // Only the lookups this session could be a use of change their consumer.
  auto it = state.lookups_by_answer.find(address);
  if (it == state.lookups_by_answer.end()) return;
  for (std::size_t index : it->second) {
    Lookup& lookup = state.lookups[index];
    if (s.first_ts >= lookup.answer_ts && s.first_ts <= lookup.answer_ts + m_config.consumer_window)
      Recount(state, host, lookup);
  }
}

void DnsUseMatch::Observe(const LabelledSession& l) {
  if (l.host == kNoHost) return;
  HostState& state = Host(l.host);
  if (!IsDnsLookup(l.session)) {
    ObserveUse(state, l.host, l.session, l.decision);
    return;
  }
  if (l.session.dns_answers.empty() || !NamedByDirectEvidence(l.decision)) return;
  ObserveLookup(state, l.session, *l.decision);
  Recount(state, l.host, state.lookups.back());
}

std::optional<MatchResult> DnsUseMatch::TryMatch(const MatchQuery& q) {
  const Session& s = q.session;
  if (!IsDnsLookup(s) || s.dns_answers.empty() || q.host >= m_byHost.size()) return std::nullopt;
  std::optional<std::string> consumer = ConsumerOf(q.host, s.dns_answer_ts, s.dns_answers);
  if (!consumer) return std::nullopt;
  const HostState& state = m_byHost[q.host];
  auto it = state.table.find(*consumer);
  if (it == state.table.end() || it->second.total < m_config.min_observations) return std::nullopt;
  for (const auto& [resolver, count] : it->second.counts) {
    if (count == 0) continue;
    if (count != it->second.total) return std::nullopt;  // two resolvers served this consumer: impure
    MatchResult result;
    result.pid = it->second.pids.at(resolver);
    result.process = resolver;
    result.evidence = "dns_consumer";
    result.observations = count;
    result.purity = 1.0;
    return result;
  }
  return std::nullopt;
}

}  // namespace ntlab
