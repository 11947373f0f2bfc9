// The numbers a labelling run reports (metrics.json). Rates exclude sessions of hosts that never
// appear in the socket log ("unmonitored"): no socket-based method could label those, and counting
// them would measure the capture set-up rather than the method. Both figures are reported.
#pragma once

#include "analyzers/capture/pcap-packet-source.h"
#include "analyzers/labeling/comment-truth.h"
#include "analyzers/labeling/label-confidence.h"
#include "analyzers/labeling/labeler.h"
#include "analyzers/labeling/sni-cross-check.h"
#include "analyzers/labeling/wrong-label-analysis.h"

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>

namespace ntlab {

struct StageStats {
  std::uint64_t decided = 0;
  std::uint64_t correct = 0;
  std::uint64_t wrong = 0;            // decided, truth known, other process
};

struct LabelSummary {
  std::string engine = "paper";       // which engine labelled (`--engine`, engine-variant.h)
  std::uint64_t sessions = 0;         // all sessions, monitored or not
  std::uint64_t sessions_unmonitored = 0;
  std::uint64_t matched = 0;          // monitored sessions with a label (engine + post-processing)
  std::uint64_t engine_matched = 0;   // of those, labelled by the real-time engine
  std::uint64_t unknown = 0;          // monitored sessions without one
  bool has_truth = false;
  std::uint64_t correct = 0;
  std::uint64_t wrong = 0;
  std::uint64_t sessions_without_truth = 0;  // monitored sessions no truth row fits
  std::map<std::string, StageStats> stages;  // ToJson lists every kStageNames entry, 0 or not
  std::vector<WrongLabelCount> wrong_labels;  // most frequent wrong (label, truth, stage, reason)
  ConfidenceCurve confidence;                 // labelled sessions by LabelConfidence (confidence_curve)
  SniCrossCheckStats sni_check;               // learnt labels checked against the SNI history
  CaptureStats capture;
  /// With `--truth-from-comments`: how the truth came out of the comments (metrics `comment_truth`).
  std::optional<CommentTruthStats> comment_truth;

  /// Counts one finished session; `truthProcess` is null when no truth row fits (or no truth);
  /// `sniConflict` is SniCrossCheck::Check's answer (null: the check did not apply).
  void Count(bool monitored, const std::optional<LabelDecision>& decision, const std::string* truthProcess,
             std::optional<bool> sniConflict = std::nullopt);

  std::uint64_t Monitored() const { return sessions - sessions_unmonitored; }
  /// matched / monitored sessions (= post_rate); nullopt when there are none.
  std::optional<double> MatchingRate() const;
  /// engine_matched / monitored sessions: the real-time engine alone.
  std::optional<double> EngineRate() const;
  /// correct / (correct + wrong): labelled sessions whose truth is known; nullopt without truth.
  std::optional<double> Accuracy() const;
  nlohmann::json ToJson() const;
};

}  // namespace ntlab
