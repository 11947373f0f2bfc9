// report.md for one `ntlab run`: what was simulated, how labeling did against the ground truth,
// where it failed (by session duration), and paper 001's figures beside ours.
#pragma once

#include "analyzers/labeling/label-summary.h"

#include <nlohmann/json.hpp>

#include <string>

namespace ntlab {

/// Per-duration-bucket and per-process breakdown computed from a labels.csv.
struct LabelBreakdown {
  struct Bucket {
    std::string name;
    std::uint64_t sessions = 0, matched = 0, correct = 0, with_truth_matched = 0;
  };
  struct ProcessCount {
    std::string process;
    std::uint64_t truth_sessions = 0, labelled_sessions = 0, correct = 0;
  };
  std::vector<Bucket> buckets;
  std::vector<ProcessCount> processes;  // by truth sessions, descending
  nlohmann::json ToJson() const;
};

LabelBreakdown AnalyzeLabels(const std::string& labels_csv);

struct RunReportInput {
  std::string scenario_name;
  std::string scenario_path;
  nlohmann::json metrics;         // metrics.json content
  LabelBreakdown breakdown;
  std::string references_path;    // experiments/references/paper-001.yaml ("" to omit)
};

std::string RenderRunReport(const RunReportInput& input);

}  // namespace ntlab
