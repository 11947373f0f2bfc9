// Runs an experiment's runs as separate `ntlab run` processes (ns-3 keeps global state, so one
// simulation per process), a few at a time, into <out>/runs/<run id>/. A run whose folder already
// holds its metrics.json for the same overrides is not redone, so an interrupted experiment
// resumes where it stopped. Runs that differ only in what is analysed (poll interval, use of
// events) share one simulation through a cache folder (<out>/sim-cache, `ntlab run --sim-cache`):
// the socket logger is passive, so a sweep simulates each seed once.
#pragma once

#include "experiments/runner/experiment-config.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

namespace ntlab {

struct RunOutcome {
  RunSpec spec;
  std::string dir;
  bool reused = false;   // finished by an earlier invocation
  bool ok = false;
  std::string error;     // last line of the run's log when it failed
  nlohmann::json metrics;
};

struct RunnerProgress {
  std::size_t done = 0, total = 0, running = 0, failed = 0;
  double wall_s = 0;
};

struct RunnerOptions {
  std::string out_dir;
  unsigned jobs = 1;
  std::string ntlab_exe;                 // the binary that runs one scenario
  bool keep_bulky_files = false;         // keep the bulky_files of each run
  std::vector<std::string> bulky_files;  // removed from each finished run (the run pipeline names them)
  std::string code_version;              // runs made by another version are redone
  bool share_simulations = true;         // pass --sim-cache <out>/sim-cache to every run
  std::function<void(const RunnerProgress&)> progress;
};

std::vector<RunOutcome> RunExperiment(const ExperimentConfig& config, const RunnerOptions& options);

/// The overrides that change the simulation itself (all but IsAnalysisKey ones), as one string: runs
/// with equal signatures can share a simulation.
std::string SimulationSignature(const RunSpec& run);

/// "poll_interval=50ms,seed=1" -> a safe folder name.
std::string RunFolderName(const std::string& id);

}  // namespace ntlab
