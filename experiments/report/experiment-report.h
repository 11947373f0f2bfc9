// What an experiment reports besides its metrics.json (experiments/pipeline/metrics-step): one
// row per run (results.csv), figures of metrics against a swept key with the spread across seeds,
// the recommendation table when asked, and report.md.
#pragma once

#include "experiments/report/experiment-summary.h"
#include "experiments/report/figure-provenance.h"
#include "experiments/runner/experiment-runner.h"

#include <string>
#include <vector>

namespace ntlab {

/// Writes <out>/results.csv, <out>/plots/*.svg and <out>/report.md; `recommendations` is
/// Recommend(config, runs).
/// The summary table (one row per setting, seeds pooled) and, when asked, the recommendation: the
/// part of report.md an experiment's results make (also shown for a `related:` experiment).
std::string RenderResultTables(const ExperimentConfig& config, const std::vector<RunOutcome>& runs,
                               const std::vector<Recommendation>& recommendations);

/// A group's mark for `metric`: the runs' common mark, or the strongest one with how many runs it
/// holds for ("**calibrated** (1/3 runs)").
std::string GroupMark(const FigureProvenance& provenance, const std::string& metric, const std::string& scenario,
                      const RunGroup& group);

void WriteExperimentReport(const ExperimentConfig& config, const std::vector<RunOutcome>& runs,
                           const std::vector<Recommendation>& recommendations, const std::string& out_dir);

}  // namespace ntlab
