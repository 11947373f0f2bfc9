// Post-processing stage `dns_use` (ntlab engine only): the resolving process of a DNS lookup that
// nothing else labelled, from the session that used its answer.
//
// A lookup to the DNS server (remote port 53) is sent by whichever process resolves: the DNS
// Client service (svchost.exe) for most programs, a program's own resolver for some (Chrome's
// async DNS). Its remote end is the same whoever asks, so the caches keyed on it learn only who
// asked last (shared-service-ports.h). The answer addresses, though, lead to the process that
// asked for the name: its **consumer**, the owner of the session from the same host to one of
// those addresses that starts within `consumer_window` after the answer. The stage learns, per host,
// from lookups that direct evidence labelled (A, events, events_post), which resolver served
// which consumer (firefox.exe's lookups are svchost.exe's, chrome.exe's are its own), and answers
// an Unknown lookup with its consumer's resolver only when that (host, consumer) -> resolver
// table is pure: one resolver, at least `min_observations` observations.
//
// A lookup's consumer is decided only when it is unambiguous: at least one session in the window,
// every session in the window labelled by direct evidence (an Unknown or learnt one could be
// another process), and all of them naming one process (two processes using one answer name no
// consumer). A lookup whose answer nobody used in the window, or used only later from the DNS
// Client's cache, has none. Causal: it knows only the sessions it has been shown (Observe), in
// streaming post-processing those finished before the pass; batch shows it the whole capture.
#pragma once

#include "analyzers/labeling/labeler.h"
#include "analyzers/labeling/match-stage.h"

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace ntlab {

struct DnsUseConfig {
  bool enabled = false;  // the ntlab engine turns it on (UseEngine); the paper has no such stage
  /// How long after the answer a session still counts as its use. An application connects as
  /// soon as its resolver returns; the answer and the connection's first packet are stamped by
  /// the same capture clock, so no host clock offset enters. 1 s covers the hand-over from the
  /// resolver and a loaded host's scheduling, and keeps short the time in which another process
  /// could happen to reach the same address; an answer reused later from the DNS Client's cache
  /// is no evidence of who asked.
  TimeUs consumer_window = 1 * kUsPerSecond;
  /// Directly labelled lookups a (host, consumer) pair needs, all naming one resolver, before the
  /// stage answers for it (D-style purity, at purity 1). 3 rather than 1 or 2: one lookup could be
  /// a program's rare fallback to the other resolver, and with 2 the Laplace estimate of the next
  /// lookup agreeing (docs/formats.md, confidence) is 0.75, with 3 already 0.8.
  std::uint32_t min_observations = 3;
};

/// True for a session to a DNS server (remote port 53), the sessions the stage labels.
bool IsDnsLookup(const Session& session);

class DnsUseMatch : public MatchStage {
 public:
  explicit DnsUseMatch(DnsUseConfig config = {}) : m_config(config) {}
  const char* Name() const override { return "dns_use"; }
  /// An Unknown lookup with answers: its consumer's resolver when the table is pure.
  std::optional<MatchResult> TryMatch(const MatchQuery& query) override;
  /// A session with its final label; every session, labelled or not, in the order they are final.
  void Observe(const LabelledSession& labelled);

  /// The consumer of a lookup answered at `answerTs` with `answers` on `host`, as known now.
  std::optional<std::string> ConsumerOf(HostId host, TimeUs answerTs, const std::vector<IpAddress>& answers) const;

 private:
  struct Use {  // one non-DNS session, by its remote address
    TimeUs first_ts = 0;
    std::string process;  // empty: not labelled by direct evidence
  };
  struct Lookup {  // one lookup that direct evidence labelled
    TimeUs answer_ts = 0;
    std::vector<IpAddress> answers;
    std::string resolver;
    std::uint32_t resolver_pid = 0;
    std::optional<std::string> counted_consumer;  // the vote it holds in the table now
  };
  struct Resolvers {  // per (host, consumer): resolver process -> lookups
    std::unordered_map<std::string, std::uint32_t> counts;
    std::unordered_map<std::string, std::uint32_t> pids;
    std::uint32_t total = 0;
  };
  struct HostState {
    std::unordered_map<IpAddress, std::vector<Use>> uses;
    std::vector<Lookup> lookups;
    std::unordered_map<IpAddress, std::vector<std::size_t>> lookups_by_answer;
    std::unordered_map<std::string, Resolvers> table;
  };
  HostState& Host(HostId host);
  void ObserveLookup(HostState& state, const Session& lookup, const LabelDecision& decision);
  void ObserveUse(HostState& state, HostId host, const Session& use, const std::optional<LabelDecision>& decision);
  /// Moves the lookup's vote to the consumer it has now (none when ambiguous or unused).
  void Recount(HostState& state, HostId host, Lookup& lookup);

  DnsUseConfig m_config;
  std::vector<HostState> m_byHost;
};

}  // namespace ntlab
