// The run pipeline: what `ntlab run SCENARIO` does, in this order, each step in its own file:
//
//   simulate                  sim/simulate-step (ns-3), through simulation-cache
//   emulate the SocketLogger  logger-step         socketlog.csv, socketlog-polls.csv
//   label                     label-step          labels.csv
//   Zeus, Kraken              botnet-steps        zeus/, kraken/ (when the scenario has them)
//   collect metrics           metrics-step        metrics.json
//   write the report          report-step         report.md, plots/, run.json
//
// Every step writes into the run's staging folder (run-folder.h), which replaces the earlier run
// in --out only when the last step succeeded.
//
// The simulation is passed in, so the pipeline itself needs no ns-3: the CLI passes
// Ns3Simulation, tests may pass a folder they made.
#pragma once

#include "experiments/pipeline/run-folder.h"
#include "experiments/pipeline/simulation-cache.h"
#include "scenarios/config/scenario-config.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

namespace ntlab {

struct RunRequest {
  std::string scenario_path;
  std::vector<ScenarioOverride> overrides;
  std::string out_dir;                 // the run folder (docs/formats.md)
  bool use_events = true;              // label with the ETW-like events when the scenario records them
  bool pcapng_comments = false;        // also write pcapng/ with owner comments (pcapng-comments-step.h)
  std::string sim_cache;               // "" = simulate into the run folder
  std::string ntlab_version;           // for run.json
  std::string code_version;            // for run.json and the simulation cache key
  std::string references_path;         // paper 001's figures for the report ("" to omit)
  /// Called once the simulation is there (made or reused), before the analysis steps.
  std::function<void(const ScenarioConfig&, const SimulationFiles&)> simulated;
  /// Told what was tidied up after earlier runs into out_dir that died (StagedRunFolder).
  StagedRunFolder::NoteFunction note;
  /// Called once the staging folder exists, with what a failure from now on leaves behind
  /// ("partial run left in ...; the earlier run in ... is untouched"): an interrupted run says it.
  /// Called again with "" once the run is in place in out_dir: nothing partial is left then.
  std::function<void(const std::string& failure_note)> staged;
};

struct RunResult {
  ScenarioConfig config;               // the scenario with its overrides
  SimulationFiles simulation;
  nlohmann::json metrics;              // as written to metrics.json
};

/// Runs every step into a staging folder beside request.out_dir and puts it in place of out_dir
/// once every step succeeded (StagedRunFolder). Throws InputError on bad input; a failure after the
/// staging folder exists leaves the earlier run untouched, and its message ends by saying so and
/// where the partial run is.
RunResult RunScenarioPipeline(const RunRequest& request, const SimulateFunction& simulate);

}  // namespace ntlab
