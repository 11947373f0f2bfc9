// What an experiment's runs add up to, computed once for both its metrics.json
// (experiments/pipeline/metrics-step) and its report.md: runs grouped by their settings (seeds
// pooled), the mean/min/max of a metric over a group, and the recommendation (the largest x whose
// mean metric still reaches each threshold).
#pragma once

#include "experiments/runner/experiment-runner.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ntlab {

/// A metrics.json value by dotted path ("stages.A.accuracy"); null when absent.
nlohmann::json MetricAt(const nlohmann::json& metrics, const std::string& path);

/// The metrics of the results table: the experiment's `table`, or the default four.
std::vector<std::string> ResultTableMetrics(const ExperimentConfig& config);

/// The value of a swept key in a run ("" when not swept).
std::string SweptValue(const RunOutcome& run, const std::string& key);

/// Numeric value of a swept setting: durations in seconds, plain numbers as they are.
std::optional<double> NumericSetting(const std::string& text);

struct MetricStats {
  double mean = 0, min = 0, max = 0;
  std::size_t n = 0;
};

/// The metric over the runs that have it as a number; nullopt when none has.
std::optional<MetricStats> SummarizeMetric(const std::vector<const RunOutcome*>& runs, const std::string& metric);

/// Successful runs with equal swept values of every key but "seed" and the excluded ones.
struct RunGroup {
  std::vector<std::pair<std::string, std::string>> settings;  // swept key -> value, in axis order
  std::vector<const RunOutcome*> runs;
};

/// The groups in the order the experiment file lists the swept values.
std::vector<RunGroup> GroupRuns(const std::vector<RunOutcome>& runs, const std::vector<SweepAxis>& sweep,
                                const std::vector<std::string>& exclude = {});

/// "poll_interval=50ms, events=false"; "all runs" for no settings.
std::string SettingsName(const std::vector<std::pair<std::string, std::string>>& settings);

/// One line of the recommendation: per group of the other settings and threshold, the largest x
/// whose mean metric reaches the threshold.
struct Recommendation {
  std::string settings;                      // SettingsName of the group
  double threshold = 0;
  std::optional<std::string> x;              // the chosen value as written; none reaches the threshold
  double mean = 0;                           // mean metric at x
  std::vector<std::optional<double>> costs;  // mean of each RecommendSpec::costs metric at x
};

/// Empty when the experiment asks for no recommendation.
std::vector<Recommendation> Recommend(const ExperimentConfig& config, const std::vector<RunOutcome>& runs);

}  // namespace ntlab
