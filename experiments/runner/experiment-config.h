// An experiment file: one scenario, fixed overrides, and sweeps whose cartesian product is the
// set of runs. Every run is one `ntlab run` of the scenario with its overrides (docs/experiments.md).
#pragma once

#include "scenarios/config/scenario-config.h"
#include "scenarios/config/scenario-estimate.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ntlab {

/// The most runs one experiment may make (the product of its swept lists). Far above any sweep the
/// papers need (the polling sweep makes 14); a sweep beyond it is a typo or belongs in several
/// experiments, and its runs would not even fit in memory long before they ran.
constexpr std::size_t kMaxExperimentRuns = 10000;

struct SweepAxis {
  std::string key;                  // scenario key ("poll_interval", "events.loss") or "labeling.events"
  std::vector<std::string> values;  // as written in the file
  /// A named-group axis (`key: [{name: {scenario key: value, ...}}, ...]`): each value names a set
  /// of overrides instead of being the key's value (e.g. off / each knob alone / all on).
  std::map<std::string, std::vector<ScenarioOverride>> groups;
};

/// One run: the overrides that make it, and a stable folder name built from the swept values.
struct RunSpec {
  std::string id;                            // "poll_interval=50ms,seed=1"
  std::vector<ScenarioOverride> overrides;   // fixed, then swept scenario keys
  std::vector<std::pair<std::string, std::string>> swept;  // axis key -> value, in axis order
  bool use_events = true;                    // labeling.events
};

struct PlotSpec {
  std::string x;                    // a swept key
  std::vector<std::string> metrics; // metrics.json keys to draw against x
  bool log_x = false;
  std::string x_unit;               // "s", "ms" or "" (as written)
};

/// "The largest x whose mean metric still reaches each threshold", per group of the other keys.
struct RecommendSpec {
  std::string x;
  std::string metric;
  std::vector<double> at_least;
  std::vector<std::string> costs;   // metrics shown beside the choice (e.g. logger overhead)
};

/// Another experiment whose results this one's report shows (`related:`, docs/experiments.md).
struct RelatedExperiment {
  std::string experiment;           // its experiment file (resolved path)
  std::string out;                  // its output folder, relative to this experiment's --out folder
};

struct ExperimentConfig {
  std::string source;
  std::string name;
  std::string description;
  std::string scenario;             // resolved path
  std::vector<ScenarioOverride> overrides;
  std::vector<SweepAxis> sweep;
  std::vector<PlotSpec> plots;
  std::vector<std::string> table;   // metrics.json keys in the results table
  std::optional<RecommendSpec> recommend;
  std::string references;           // optional references YAML for the report (resolved path)
  std::string rows_by;              // a swept key: metrics.json has one row per value, other settings nested
  std::vector<RelatedExperiment> related;  // shown in the report when their output folders hold runs

  std::vector<RunSpec> Runs() const;
};

/// Loads and validates; every run's scenario is loaded once to check that overrides are valid.
ExperimentConfig LoadExperiment(const std::string& path);

/// The resource estimate of an experiment: the sum over its distinct simulations (runs that differ
/// only in analysis keys share one through the simulation cache; memory: the largest, runs being
/// separate processes) and the largest run (by wall time), which the run limits apply to.
struct ExperimentEstimate {
  std::size_t runs = 0;
  std::size_t simulations = 0;
  ResourceEstimate total;
  ResourceEstimate largest;
};
ExperimentEstimate EstimateExperiment(const ExperimentConfig& experiment);

/// True when the YAML file is an experiment (has a top-level `scenario` key) rather than a scenario.
bool IsExperimentFile(const std::string& path);

}  // namespace ntlab
