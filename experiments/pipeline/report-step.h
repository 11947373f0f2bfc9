// The write-report step: a run's report.md (the run beside paper 001's figures, failures by
// session duration and process, the Zeus and Kraken sections when the run has them) with its
// figures, and run.json, the run's metadata: versions, inputs and wall-clock time, kept out of
// metrics.json so that metrics.json is reproducible.
#pragma once

#include "experiments/pipeline/botnet-steps.h"
#include "experiments/pipeline/domain-step.h"
#include "experiments/pipeline/isolation-step.h"
#include "experiments/pipeline/metrics-step.h"
#include "experiments/pipeline/simulation-cache.h"
#include "experiments/report/figure-provenance.h"

#include <string>
#include <vector>

namespace ntlab {

struct RunReportRequest {
  std::string out_dir;
  std::string scenario_name;
  std::string scenario_path;
  std::string references_path;               // experiments/references/paper-001.yaml ("" to omit)
  const RunMetrics* metrics = nullptr;
  const ZeusStepResult* zeus = nullptr;      // null: no Zeus section
  const KrakenStepResult* kraken = nullptr;  // null: no Kraken section
  const IsolationStepResult* isolation = nullptr;  // null: no isolation section
  const DomainStepResult* domains = nullptr; // null: no domain section
  RunSettings settings;                      // for the input/calibrated/predicted marks
};

/// Draws the figures into <out_dir>/plots and writes <out_dir>/report.md.
void WriteRunReportStep(const RunReportRequest& request);

struct RunMetadata {
  std::string ntlab_version;
  std::string code_version;
  std::string scenario_path;
  std::vector<ScenarioOverride> overrides;
  bool events_used = false;
  std::string simulation_dir;
  std::uint64_t seed = 0;
  double poll_interval_s = 0;
  double duration_s = 0;
  double simulation_wall_s = 0;
};

/// Writes <out_dir>/run.json (the experiment runner reads it to tell a finished run).
void WriteRunMetadata(const std::string& out_dir, const RunMetadata& metadata);

}  // namespace ntlab
