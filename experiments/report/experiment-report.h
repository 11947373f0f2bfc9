// What an experiment reports besides its metrics.json (experiments/pipeline/metrics-step): one
// row per run (results.csv), figures of metrics against a swept key with the spread across seeds,
// the recommendation table when asked, and report.md.
#pragma once

#include "experiments/report/experiment-summary.h"
#include "experiments/runner/experiment-runner.h"

#include <string>
#include <vector>

namespace ntlab {

/// Writes <out>/results.csv, <out>/plots/*.svg and <out>/report.md; `recommendations` is
/// Recommend(config, runs).
void WriteExperimentReport(const ExperimentConfig& config, const std::vector<RunOutcome>& runs,
                           const std::vector<Recommendation>& recommendations, const std::string& out_dir);

}  // namespace ntlab
