// Another experiment's results inside this experiment's report (`related:` in the experiment
// file, docs/experiments.md): paper-001-realistic shows calibration-sensitivity's table beside its
// own without running it. The related experiment keeps its own file, its own runs and its own
// resumable output folder (its 9 simulations are another half hour); this report only reads that
// folder: when its runs are there, their summary table, recommendation and figures; when not, the
// command that makes them.
#pragma once

#include "experiments/runner/experiment-config.h"
#include "experiments/runner/experiment-runner.h"

#include <string>
#include <vector>

namespace ntlab {

/// The finished runs of `config` found in `dir`/runs/ (a run folder with a readable metrics.json;
/// the others are left out), in sweep order.
std::vector<RunOutcome> FinishedRunsIn(const ExperimentConfig& config, const std::string& dir);

/// "## Related experiment: <name>" for one `related:` entry of an experiment whose output folder
/// is `out_dir`. A related experiment file that no longer loads is named with its error.
std::string RenderRelatedExperiment(const RelatedExperiment& related, const std::string& out_dir);

}  // namespace ntlab
