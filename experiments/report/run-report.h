// report.md for one `ntlab run`: what was simulated, how labeling did against the ground truth,
// where it failed (by session duration), and paper 001's figures beside ours.
#pragma once

#include "analyzers/labeling/label-summary.h"
#include "experiments/report/figure-provenance.h"

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

/// Paper 001's Table 3 quantities from a breakdown: `applications` (distinct labelled names,
/// Unknown excluded), `top10` (process -> share of all `sessions` labelled with it, the ten
/// largest), `top10_truth` (the same by true owner) and `others` (share of the rest).
nlohmann::json ApplicationShares(const LabelBreakdown& breakdown, std::uint64_t sessions);

struct RunReportInput {
  std::string scenario_name;
  std::string scenario_path;
  nlohmann::json metrics;         // metrics.json content
  LabelBreakdown breakdown;
  std::string references_path;    // experiments/references/paper-001.yaml ("" to omit)
  std::vector<std::string> figures;  // SVG paths relative to the report
  RunSettings settings;              // what the input/calibrated/predicted marks are decided on
};

/// Draws the run's figures into <out_dir>/plots/ and returns their paths relative to out_dir
/// (empty when gnuplot is not installed).
std::vector<std::string> WriteRunFigures(const std::string& out_dir, const nlohmann::json& metrics,
                                         const LabelBreakdown& breakdown);

std::string RenderRunReport(const RunReportInput& input);

}  // namespace ntlab
