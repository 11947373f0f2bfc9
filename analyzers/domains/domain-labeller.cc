#include "analyzers/domains/domain-labeller.h"

#include <algorithm>

namespace ntlab {

const char* ToString(DomainDecision d) {
  switch (d) {
    case DomainDecision::Dns: return "dns";
    case DomainDecision::SharedFirstFlow: return "shared_first_flow";
    case DomainDecision::SharedLatest: return "shared_latest";
    case DomainDecision::Expired: return "expired";
    case DomainDecision::NoAnswer: return "no_answer";
    case DomainDecision::Inbound: return "inbound";
    case DomainDecision::Resolver: return "resolver";
  }
  return "?";
}

namespace {
constexpr std::uint16_t kDnsPort = 53;
}  // namespace

void DomainLabeller::OnAnswer(const DnsAnswerEvent& event) {
  if (event.ts >= m_nextPrune) {
    Prune(event.ts);
    m_nextPrune = event.ts + m_config.prune_interval;
  }
  for (const DnsAddressAnswer& a : event.addresses) {
    Answer answer{event.question, a.chain, event.ts,
                  event.ts + std::max<TimeUs>(TimeUs(a.ttl) * kUsPerSecond, m_config.min_validity), a.ttl, false};
    std::vector<Answer>& answers = m_byClient[{event.client.ip, a.address}];
    // A new answer for a name already held is a new lookup: a new flow will follow it.
    auto same = std::find_if(answers.begin(), answers.end(), [&](const Answer& x) { return x.name == answer.name; });
    if (same != answers.end()) *same = answer;
    else {
      answers.push_back(answer);
      ++m_answersHeld;
    }
    m_byAddress[a.address] = std::move(answer);
  }
}

DomainLabel DomainLabeller::Label(const Session& session) {
  DomainLabel label;
  if (session.key.remote.port == kDnsPort || session.key.host.port == kDnsPort) {
    label.decision = DomainDecision::Resolver;
    return label;
  }
  if (session.direction == Direction::Inbound) {
    label.decision = DomainDecision::Inbound;
    return label;
  }
  const IpAddress& remote = session.key.remote.ip;
  auto it = m_byClient.find({session.key.host.ip, remote});
  if (it != m_byClient.end()) label = Decide(it->second, session.first_ts);
  label.address_only_domain = AddressOnly(remote, session.first_ts);
  return label;
}

DomainLabel DomainLabeller::Decide(std::vector<Answer>& answers, TimeUs at) const {
  DomainLabel label;
  std::vector<Answer*> live;
  for (Answer& a : answers) {
    if (IsLive(a, at)) live.push_back(&a);
    else if (a.ts <= at) label.alternatives.push_back(a.name);  // expired before the flow
  }
  if (live.empty()) {
    label.decision = label.alternatives.empty() ? DomainDecision::NoAnswer : DomainDecision::Expired;
    std::sort(label.alternatives.begin(), label.alternatives.end());
    return label;
  }
  // Newest first: the answer "right before" the flow comes first.
  std::sort(live.begin(), live.end(), [](const Answer* x, const Answer* y) {
    return x->ts != y->ts ? x->ts > y->ts : x->name < y->name;
  });
  auto untaken = std::find_if(live.begin(), live.end(), [](const Answer* a) { return !a->taken; });
  Answer* chosen = untaken != live.end() ? *untaken : live.front();
  if (live.size() == 1) label.decision = DomainDecision::Dns;
  else label.decision = untaken != live.end() ? DomainDecision::SharedFirstFlow : DomainDecision::SharedLatest;
  chosen->taken = true;
  label.domain = chosen->name;
  label.chain = chosen->chain;
  label.answer_ts = chosen->ts;
  label.ttl = chosen->ttl;
  label.alternatives.clear();
  for (const Answer* a : live)
    if (a != chosen) label.alternatives.push_back(a->name);
  std::sort(label.alternatives.begin(), label.alternatives.end());
  return label;
}

std::string DomainLabeller::AddressOnly(const IpAddress& address, TimeUs at) const {
  auto it = m_byAddress.find(address);
  return it != m_byAddress.end() && IsLive(it->second, at) ? it->second.name : std::string();
}

void DomainLabeller::Prune(TimeUs now) {
  auto dead = [&](const Answer& a) { return a.expires + m_config.expired_memory < now; };
  for (auto it = m_byClient.begin(); it != m_byClient.end();) {
    std::vector<Answer>& answers = it->second;
    std::size_t before = answers.size();
    answers.erase(std::remove_if(answers.begin(), answers.end(), dead), answers.end());
    m_answersHeld -= before - answers.size();
    it = answers.empty() ? m_byClient.erase(it) : std::next(it);
  }
  for (auto it = m_byAddress.begin(); it != m_byAddress.end();) it = dead(it->second) ? m_byAddress.erase(it) : std::next(it);
}

}  // namespace ntlab
