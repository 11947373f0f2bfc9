// Labels sessions while the Sessionizer builds them. As in the paper, matching is per packet: the
// stages are tried on a session's first packet and again on later packets of a still-unlabelled
// session whenever the nearest socket snapshot has changed since the last try (a retry against
// the same snapshot could not give a different answer, so skipping it keeps the cost per packet
// at one binary search).
//
// With `defer_learnt`, the learnt stages (A2, B, C, D: answers inferred from earlier sessions)
// wait until the session has ended without direct evidence. Without it, as in the paper, a
// learnt stage answers on the first packet whose nearest poll predates the socket, before a
// later poll could show the real owner: measured on the paper-001 workload, that is where most
// wrong labels come from (docs/results.md).
#pragma once

#include "analyzers/labeling/match-stage.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace ntlab {

struct LabelDecision {
  std::uint32_t pid = 0;
  std::string process;
  std::string stage;
  TimeUs evidence_ts = 0;   // MatchResult::evidence_ts of the deciding stage
  // The label's confidence, from the deciding stage's MatchResult (labels.csv, docs/formats.md).
  const char* evidence = "";
  std::uint32_t observations = 0;
  double purity = 0;
};

/// The decision `stage` (a string literal) made with `result`.
inline LabelDecision MakeDecision(const MatchResult& result, const char* stage) {
  return LabelDecision{result.pid,      std::string(result.process), stage, result.evidence_ts,
                       result.evidence, result.observations,         result.purity};
}

/// A finished session with its label; `host` is kNoHost when the host is not in the socket log.
struct LabelledSession {
  const Session& session;
  HostId host;
  const std::optional<LabelDecision>& decision;
};

struct LabelerConfig {
  bool defer_learnt = false;
  /// A real-time engine sees only the polls that have reached it: with a delay, a packet at t is
  /// matched against the latest poll at or before t - log_delay instead of the nearest one
  /// (0 = the batch view, every poll available).
  TimeUs log_delay = 0;
};

class Labeler : public SessionObserver {
 public:
  using Callback = std::function<void(const LabelledSession&)>;
  Labeler(const SocketIndex& index, std::vector<std::unique_ptr<MatchStage>> stages, Callback onFinished,
          LabelerConfig config = {});

  void OnSessionPacket(const Session& session, const DecodedPacket& packet) override;
  void OnSessionFinished(const Session& session) override;

 private:
  struct State {
    HostId host = kNoHost;
    std::size_t last_snapshot = SocketIndex::npos;
    bool tried = false;
    TimeUs last_ts = 0;
    std::optional<LabelDecision> decision;
  };
  /// Asks the stages (only direct evidence, or only learnt ones) in order; true once decided.
  bool Decide(State& state, const MatchQuery& query, bool learnt);

  const SocketIndex& m_index;
  std::vector<std::unique_ptr<MatchStage>> m_stages;
  Callback m_onFinished;
  LabelerConfig m_config;
  // Per-session state in slots (Session::observer_slot = index + 1); freed slots are reused, so
  // the array follows the number of open sessions.
  std::vector<State> m_states;
  std::vector<std::uint32_t> m_freeSlots;
};

}  // namespace ntlab
