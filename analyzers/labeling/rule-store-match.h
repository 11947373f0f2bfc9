// Stage A2 of the paper: a rule store on (proto, remote IP, remote port), learnt from direct
// evidence (stage A and ETW events), per monitored host. It labels sessions whose socket the
// logger missed but whose server the host has talked to through one process many times before.
//
// Multi-hit validation: a rule is registered only after `min_hits` consistent observations, so one
// coincidence cannot create a rule. Consistency: an observation naming another process demotes
// the rule (it becomes a candidate for the new process with one hit and must re-earn `min_hits`),
// because a server used by two processes is exactly where a rule would be wrong. TTL: a rule
// lapses `ttl` of packet time after its last confirming observation.
//
// The ntlab engine adds two rules (RuleStoreConfig): a key on which more than one process has been
// seen (since the rule last lapsed) gives no answer at all, not even after the newest process
// re-earned `min_hits`, because the next session on that server may belong to either; and
// observations on a shared service port (shared-service-ports.h) are never learnt.
#pragma once

#include "analyzers/labeling/match-stage.h"
#include "analyzers/labeling/process-votes.h"

#include <string>
#include <unordered_map>
#include <vector>

namespace ntlab {

struct RuleStoreConfig {
  /// 3: two hits can still be one process's retry pair (e.g. a TLS session and its immediate
  /// reconnect); a third independent hit is the smallest count that shows a habit.
  unsigned min_hits = 3;
  TimeUs ttl = 7 * 24 * 3600 * kUsPerSecond;  // paper: 7 days
  bool refuse_shared = false;                 // ntlab: no answer once two processes used the key
  bool skip_shared_service_ports = false;     // ntlab: never learn from DNS/NTP sessions
};

class RuleStoreMatch : public MatchStage {
 public:
  explicit RuleStoreMatch(RuleStoreConfig config) : m_config(config) {}
  const char* Name() const override { return "A2"; }
  std::optional<MatchResult> TryMatch(const MatchQuery& query) override;
  void Learn(const MatchQuery& query, const MatchResult& result, const char* stage) override;

  std::size_t Rules() const;

 private:
  struct Rule {
    std::string process;
    std::uint32_t pid = 0;
    unsigned hits = 0;
    TimeUs last_ts = 0;      // last confirming observation (the TTL counts from here)
    ProcessVotes votes;      // every direct observation since the rule last lapsed
  };
  static AddressKey Key(const MatchQuery& q);

  RuleStoreConfig m_config;
  std::vector<std::unordered_map<AddressKey, Rule, AddressKeyHash>> m_byHost;
};

}  // namespace ntlab
