// The experiment pipeline: what `ntlab run EXPERIMENT` does. The runner runs every run of the
// sweep as its own `ntlab run` process (the run pipeline; ns-3 keeps global state, so one
// simulation per process), then the experiment's metrics.json (metrics-step), results.csv,
// figures and report.md are written from the runs' metrics.
#pragma once

#include "experiments/runner/experiment-runner.h"

#include <functional>
#include <string>
#include <vector>

namespace ntlab {

struct ExperimentRequest {
  std::string experiment_path;
  std::string out_dir;
  unsigned jobs = 1;
  bool keep_bulky_files = false;       // keep each run's captures and logs
  std::string ntlab_exe;               // the binary that runs one scenario
  std::string code_version;            // runs made by another version are redone
  std::function<void(const RunnerProgress&)> progress;
  RunnerStop* stop = nullptr;          // interrupts the experiment from another thread
};

struct ExperimentResult {
  ExperimentConfig config;
  std::vector<RunOutcome> runs;
  int interrupted_by = 0;              // the signal that stopped it; then no metrics.json or report
  std::size_t Failed() const;
};

ExperimentResult RunExperimentPipeline(const ExperimentRequest& request);

}  // namespace ntlab
