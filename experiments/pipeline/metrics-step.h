// The collect-metrics step. Every metrics.json ntlab writes is assembled here, and only here:
//   - a run's (`ntlab run`): the labelling figures, the scenario, the simulation, the labelling
//     inputs, the SocketLogger's cost, the breakdown by session duration and process, paper 001's
//     application shares, and the Zeus and Kraken results when the run has them;
//   - a labelling's (`ntlab label --metrics`): the labelling figures alone, the same keys as in a
//     run's;
//   - an experiment's: one row per setting (seeds pooled), the recommendation, and for a one-run
//     experiment that run's metrics at the top level.
// The documented keys are in docs/formats.md.
#pragma once

#include "analyzers/labeling/label-summary.h"
#include "experiments/pipeline/botnet-steps.h"
#include "experiments/pipeline/isolation-step.h"
#include "experiments/pipeline/label-step.h"
#include "experiments/pipeline/logger-step.h"
#include "experiments/pipeline/messenger-step.h"
#include "experiments/pipeline/simulation-cache.h"
#include "experiments/report/experiment-summary.h"
#include "experiments/report/run-report.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace ntlab {

/// The labelling figures: sessions, matched, unknown, rates, accuracy, per-stage counts.
nlohmann::json LabelingMetrics(const LabelSummary& summary);

/// What a run's steps produced, as the metrics step reads it.
struct RunStepResults {
  const ScenarioConfig* config = nullptr;
  const SimulationFiles* simulation = nullptr;
  const LoggerStepResult* logger = nullptr;
  const LabelStepResult* labeling = nullptr;
  const ZeusStepResult* zeus = nullptr;      // null: the run clusters no Zeus episodes
  const KrakenStepResult* kraken = nullptr;  // null: no Kraken detection
  const IsolationStepResult* isolation = nullptr;  // null: the scenario has no isolation: section
  const MessengerStepResult* messengers = nullptr;  // null: no messengers in the scenario
};

struct RunMetrics {
  nlohmann::json json;             // metrics.json
  LabelBreakdown breakdown;        // from labels.csv, for the report too
};

/// Reads the run's labels.csv for the breakdown; writes nothing.
RunMetrics CollectRunMetrics(const RunStepResults& steps);

/// An experiment's metrics.json; `recommendations` is Recommend(config, runs).
nlohmann::json ExperimentMetrics(const ExperimentConfig& config, const std::vector<RunOutcome>& runs,
                                 const std::vector<Recommendation>& recommendations);

/// Writes a metrics.json (two-space indent, final newline) atomically.
void WriteMetrics(const std::string& path, const nlohmann::json& metrics);

}  // namespace ntlab
