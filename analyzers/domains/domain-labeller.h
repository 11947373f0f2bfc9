// Paper 000's network layer, second half: a flow gets the domain whose DNS answer to its client
// named the flow's remote address and was still within its TTL when the flow started.
//
// Shared addresses (paper 000's rule): when several names were answered with the same address to
// the same client, the address alone is ambiguous, so the first flow from that client to the
// address after an answer takes that answer's name — the most recent answer no flow has taken
// yet; the other live names are reported as alternatives. Once every answer has been taken, a
// further flow gets the most recent one (`shared_latest`).
//
// Beside it, the baseline the rule is measured against: labelling by address alone, the name of
// the most recent live answer for the address to any client (a passive-DNS table keyed on IP).
//
// Flows without a live answer say why: `expired` (this client had an answer for the address,
// but its TTL had run out: a cached answer reused, or a long TTL-less connection) or `no_answer`
// (a hard-coded address, or an answer given before the capture began). Memory: the live answers,
// each kept `expired_memory` past its TTL for the `expired` reason, then dropped.
#pragma once

#include "analyzers/domains/dns-answers.h"
#include "analyzers/sessions/session.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ntlab {

enum class DomainDecision : std::uint8_t {
  Dns,              // one name was live for (client, address)
  SharedFirstFlow,  // several names: this flow is the first after the answer it took
  SharedLatest,     // several names, every answer already taken: the most recent one
  Expired,          // the client's answers for the address had all expired
  NoAnswer,         // the client never had an answer for the address (that we saw)
  Inbound,          // opened by the remote side: the monitored host looked nothing up
  Resolver,         // the DNS lookups themselves (remote port 53): not a flow to label
};
const char* ToString(DomainDecision decision);  // "dns", "shared_first_flow", ... (flows.csv)
/// Whether the decision gave a domain.
inline bool IsLabelled(DomainDecision d) {
  return d == DomainDecision::Dns || d == DomainDecision::SharedFirstFlow || d == DomainDecision::SharedLatest;
}

struct DomainLabel {
  std::string domain;               // the question name; empty unless IsLabelled(decision)
  std::vector<std::string> chain;   // question, CNAME targets, the address record's owner
  DomainDecision decision = DomainDecision::NoAnswer;
  TimeUs answer_ts = 0;             // the answer used (0: none)
  std::uint32_t ttl = 0;
  /// Labelled: the other names live for (client, address); expired: the expired names. Sorted.
  std::vector<std::string> alternatives;
  std::string address_only_domain;  // the baseline's name, empty when it has none
};

struct DomainLabellerConfig {
  TimeUs expired_memory = 300 * kUsPerSecond;  // PROTOCOLS.md §5: keep a mapping TTL + 5 min
  TimeUs min_validity = 1 * kUsPerSecond;      // a TTL-0 answer still labels the flow it was asked for
  TimeUs prune_interval = 10 * kUsPerSecond;   // packet time between sweeps of dead answers
};

class DomainLabeller {
 public:
  explicit DomainLabeller(DomainLabellerConfig config = {}) : m_config(config) {}

  /// Records every address of `answer` (in packet-time order with the sessions' starts).
  void OnAnswer(const DnsAnswerEvent& answer);
  /// Decides a session at its first packet.
  DomainLabel Label(const Session& session);
  /// Answers held, live or remembered as expired (what memory follows).
  std::size_t AnswersHeld() const { return m_answersHeld; }

 private:
  struct Answer {
    std::string name;
    std::vector<std::string> chain;
    TimeUs ts = 0;
    TimeUs expires = 0;
    std::uint32_t ttl = 0;
    bool taken = false;  // a flow from this client to the address took it
  };
  using ClientAddress = std::pair<IpAddress, IpAddress>;

  bool IsLive(const Answer& a, TimeUs at) const { return a.ts <= at && at <= a.expires; }
  DomainLabel Decide(std::vector<Answer>& answers, TimeUs at) const;
  std::string AddressOnly(const IpAddress& address, TimeUs at) const;
  void Prune(TimeUs now);

  DomainLabellerConfig m_config;
  std::map<ClientAddress, std::vector<Answer>> m_byClient;  // one entry per name, newest answer
  std::map<IpAddress, Answer> m_byAddress;                  // the baseline: newest answer, any client
  std::size_t m_answersHeld = 0;
  TimeUs m_nextPrune = 0;
};

}  // namespace ntlab
