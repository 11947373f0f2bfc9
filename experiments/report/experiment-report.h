// What an experiment reports: one row per run (results.csv), figures of metrics against a swept
// key with the spread across seeds, a recommendation table when asked, and report.md.
#pragma once

#include "experiments/runner/experiment-runner.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace ntlab {

/// A metrics.json value by dotted path ("stages.A.accuracy"); null when absent.
nlohmann::json MetricAt(const nlohmann::json& metrics, const std::string& path);

/// Writes <out>/results.csv, <out>/metrics.json, <out>/plots/*.svg and <out>/report.md.
void WriteExperimentReport(const ExperimentConfig& config, const std::vector<RunOutcome>& runs,
                           const std::string& out_dir);

}  // namespace ntlab
