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
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <sys/types.h>

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

/// Stops an experiment from another thread (the CLI's interrupt watch): no further run starts,
/// and the runs under way get the signal, so each leaves its partial folder and the earlier
/// result in its run folder untouched. A stopped experiment resumes from its finished runs.
class RunnerStop {
 public:
  void Request(int signal);
  /// The signal asked for, 0 if none.
  int Signal() const;
  /// The runner's bookkeeping of the processes a Request must reach.
  void Started(pid_t pid);
  void Ended(pid_t pid);

 private:
  mutable std::mutex m_mutex;
  std::set<pid_t> m_running;
  int m_signal = 0;
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
  RunnerStop* stop = nullptr;            // may stop the runs from another thread
};

/// Every run of the experiment, in sweep order. A run that did not finish (failed, interrupted or
/// never started after a stop) has ok = false and no folder of its own: `ntlab run` promotes a
/// run folder only when the run succeeded, so runs/<id>/ is always a finished run.
std::vector<RunOutcome> RunExperiment(const ExperimentConfig& config, const RunnerOptions& options);

/// The overrides that change the simulation itself (all but IsAnalysisKey ones), as one string: runs
/// with equal signatures can share a simulation.
std::string SimulationSignature(const RunSpec& run);

/// "poll_interval=50ms,seed=1" -> a safe folder name.
std::string RunFolderName(const std::string& id);

}  // namespace ntlab
