#include "experiments/pipeline/run-pipeline.h"

#include "experiments/pipeline/botnet-steps.h"
#include "experiments/pipeline/domain-step.h"
#include "experiments/pipeline/isolation-step.h"
#include "experiments/pipeline/label-step.h"
#include "experiments/pipeline/logger-step.h"
#include "experiments/pipeline/metrics-step.h"
#include "experiments/pipeline/pcapng-comments-step.h"
#include "experiments/pipeline/report-step.h"
#include "experiments/pipeline/run-folder.h"

#include <filesystem>
#include <optional>
#include <stdexcept>

namespace ntlab {

namespace {

/// Every step, written into `dir` (the staging folder); run.json names `out` as the run's folder.
void RunSteps(const RunRequest& request, const std::string& dir, const SimulateFunction& simulate, RunResult& result) {
  const ScenarioConfig& config = result.config;
  SimulationRequest simulation{&config,     request.scenario_path, request.overrides,
                               dir,         request.sim_cache,     request.code_version};
  result.simulation = ObtainSimulation(simulation, simulate);
  if (request.simulated) request.simulated(config, result.simulation);
  const std::string& simDir = result.simulation.dir;

  LoggerStepResult logger = EmulateLoggerStep(config, simDir, dir);
  LabelStepResult labeling = LabelStep(config, simDir, dir, request.use_events);
  std::optional<ZeusStepResult> zeus;
  if (RunHasZeus(config, result.simulation.summary.zeus_episodes)) zeus = ZeusStep(RunZeusOptions(config, simDir, dir));
  std::optional<KrakenStepResult> kraken;
  if (config.kraken.enabled) kraken = KrakenStep(RunKrakenOptions(simDir, dir));
  std::optional<MessengerStepResult> messengers;
  if (config.messengers.enabled) messengers = MessengerStep(config, simDir, dir);
  std::optional<DomainStepResult> domains;
  if (RunHasDomains(config)) domains = DomainStep(config, simDir, labeling.options.labels_out, dir);

  // Paper 002's monitor-and-feedback step, on the LAN model the Zeus step trained.
  std::optional<IsolationStepResult> isolation;
  if (config.isolation.enabled) isolation = IsolationStep(simDir, dir);
  RunMetrics metrics = CollectRunMetrics({&config, &result.simulation, &logger, &labeling, zeus ? &*zeus : nullptr,
                                          kraken ? &*kraken : nullptr, isolation ? &*isolation : nullptr,
                                          messengers ? &*messengers : nullptr,
                                          domains ? &*domains : nullptr});
  if (request.pcapng_comments) metrics.json["pcapng_comments"] = PcapngCommentsStep(simDir, dir).ToJson();
  WriteMetrics(dir + "/metrics.json", metrics.json);
  WriteRunReportStep({dir, config.name, request.scenario_path, request.references_path, &metrics,
                      zeus ? &*zeus : nullptr, kraken ? &*kraken : nullptr, isolation ? &*isolation : nullptr,
                      domains ? &*domains : nullptr});
  RunMetadata metadata;
  metadata.ntlab_version = request.ntlab_version;
  metadata.code_version = request.code_version;
  metadata.scenario_path = request.scenario_path;
  metadata.overrides = request.overrides;
  metadata.events_used = labeling.options.events.has_value();
  metadata.simulation_dir = simDir == dir ? request.out_dir : simDir;
  metadata.seed = config.seed;
  metadata.poll_interval_s = config.poll_interval_s;
  metadata.duration_s = config.duration_s;
  metadata.simulation_wall_s = result.simulation.summary.wall_seconds;
  // Written last: a folder with run.json is a finished run (the experiment runner counts on it).
  WriteRunMetadata(dir, metadata);
  result.metrics = std::move(metrics.json);
}

/// What a run that fails from now on leaves behind.
std::string FailedRunNote(const StagedRunFolder& folder, bool outExisted) {
  return "partial run left in " + folder.Staging() + "; " +
         (outExisted ? "the earlier run in " + folder.Out() + " is untouched" : folder.Out() + " was not created");
}

}  // namespace

RunResult RunScenarioPipeline(const RunRequest& request, const SimulateFunction& simulate) {
  RunResult result;
  result.config = LoadScenario(request.scenario_path, request.overrides);
  StagedRunFolder folder(request.out_dir, request.note ? request.note : [](const std::string&) {});
  const bool outExisted = std::filesystem::exists(folder.Out());
  if (request.staged) request.staged(FailedRunNote(folder, outExisted));
  try {
    RunSteps(request, folder.Staging(), simulate, result);
    folder.Promote();
    if (request.staged) request.staged("");
  } catch (const InputError& e) {
    throw InputError(std::string(e.what()) + " (" + FailedRunNote(folder, outExisted) + ")");
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string(e.what()) + " (" + FailedRunNote(folder, outExisted) + ")");
  }
  if (result.simulation.dir == folder.Staging()) result.simulation.dir = folder.Out();
  return result;
}

}  // namespace ntlab
