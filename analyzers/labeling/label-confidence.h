// One scalar confidence per label, and the precision-coverage curve over it (metrics.json
// `confidence_curve`, docs/formats.md).
//
// The confidence ranks labels by how directly their evidence names the owner:
//   - direct evidence (stage A, events, events_post: a socket row or an event naming the owner):
//     1.0 when the row or event carries the session's remote (socket_row, event_remote) or is a
//     LISTEN row of an inbound session (socket_listen); 0.95 when only the local port matched
//     (socket_port, event_port), since a port can change owner between two polls;
//   - learnt answers (A2, B, C, D, full scan, dns_use, sni): 0.9 x (k + 1) / (n + 2), with n the
//     observations behind the answer and k = purity x n those naming the labelled process.
//     (k + 1) / (n + 2) is Laplace's rule of succession: the expected share of the key's next
//     observation that names the same process. It stays below 1 however many observations there
//     are, rewards more observations at equal purity (1 of 1: 0.67, 9 of 9: 0.91) and falls with
//     impurity (5 of 10: 0.5). The factor 0.9 keeps every learnt answer below every direct one:
//     an inference from earlier sessions is never as sure as the OS naming the owner.
//     dns_use (evidence `dns_consumer`): n = the directly labelled lookups of the same consumer
//     on the host, all with one resolver (k = n); the consumer itself is named by direct
//     evidence, so the uncertainty is the resolver table's, as for any learnt key.
// Both engines compute these inputs (MatchResult), whether or not labels.csv shows them.
#pragma once

#include "analyzers/labeling/labeler.h"

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>

namespace ntlab {

/// The label's confidence in [0, 1] (see above); the decision's stage, evidence, observations
/// and purity decide it.
double LabelConfidence(const LabelDecision& decision);

/// Labelled sessions counted by confidence, on a fixed grid of thresholds 0, 0.05, ... 1, so that
/// the curve is the same bytes for the same labels and comparable between runs.
class ConfidenceCurve {
 public:
  static constexpr int kSteps = 20;  // thresholds k / kSteps, k = 0 .. kSteps

  /// One labelled session; `correct` is null when no truth row fits it.
  void Add(double confidence, const bool* correct);

  /// `[{threshold, coverage, precision, sessions}]`, thresholds ascending: `sessions` labelled at
  /// or above the threshold, `coverage` = sessions / `monitored`, `precision` = right / (right +
  /// wrong) among them (null without truth or without a labelled session with a truth row).
  nlohmann::json ToJson(std::uint64_t monitored, bool hasTruth) const;

 private:
  struct Bucket {
    std::uint64_t sessions = 0, correct = 0, wrong = 0;
  };
  std::array<Bucket, kSteps + 1> m_buckets{};  // bucket k: confidence in [k/kSteps, (k+1)/kSteps)
};

}  // namespace ntlab
