#include "experiments/pipeline/run-pipeline.h"

#include "experiments/pipeline/botnet-steps.h"
#include "experiments/pipeline/label-step.h"
#include "experiments/pipeline/logger-step.h"
#include "experiments/pipeline/metrics-step.h"
#include "experiments/pipeline/report-step.h"
#include "experiments/pipeline/run-folder.h"

#include <optional>

namespace ntlab {

RunResult RunScenarioPipeline(const RunRequest& request, const SimulateFunction& simulate) {
  RunResult result;
  result.config = LoadScenario(request.scenario_path, request.overrides);
  const ScenarioConfig& config = result.config;
  const std::string& out = request.out_dir;
  PrepareRunFolder(out);

  SimulationRequest simulation{&config,     request.scenario_path, request.overrides,
                               out,         request.sim_cache,     request.code_version};
  result.simulation = ObtainSimulation(simulation, simulate);
  if (request.simulated) request.simulated(config, result.simulation);
  const std::string& simDir = result.simulation.dir;

  LoggerStepResult logger = EmulateLoggerStep(config, simDir, out);
  LabelStepResult labeling = LabelStep(config, simDir, out, request.use_events);
  std::optional<ZeusStepResult> zeus;
  if (RunHasZeus(config, result.simulation.summary.zeus_episodes)) zeus = ZeusStep(RunZeusOptions(simDir, out));
  std::optional<KrakenStepResult> kraken;
  if (config.kraken.enabled) kraken = KrakenStep(RunKrakenOptions(simDir, out));

  RunMetrics metrics = CollectRunMetrics({&config, &result.simulation, &logger, &labeling, zeus ? &*zeus : nullptr,
                                          kraken ? &*kraken : nullptr});
  WriteMetrics(out + "/metrics.json", metrics.json);
  WriteRunReportStep({out, config.name, request.scenario_path, request.references_path, &metrics,
                      zeus ? &*zeus : nullptr, kraken ? &*kraken : nullptr});
  RunMetadata metadata;
  metadata.ntlab_version = request.ntlab_version;
  metadata.code_version = request.code_version;
  metadata.scenario_path = request.scenario_path;
  metadata.overrides = request.overrides;
  metadata.events_used = labeling.options.events.has_value();
  metadata.simulation_dir = simDir;
  metadata.seed = config.seed;
  metadata.poll_interval_s = config.poll_interval_s;
  metadata.duration_s = config.duration_s;
  metadata.simulation_wall_s = result.simulation.summary.wall_seconds;
  WriteRunMetadata(out, metadata);
  result.metrics = std::move(metrics.json);
  return result;
}

}  // namespace ntlab
