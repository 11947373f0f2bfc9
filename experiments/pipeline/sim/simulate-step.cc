#include "experiments/pipeline/sim/simulate-step.h"

#include <utility>

namespace ntlab {
namespace {

SimulationSummary Summarize(const SimulationResult& result) {
  SimulationSummary s;
  s.frames_captured = result.frames_captured;
  s.pcap_files = result.pcap_files;
  s.socket_history_rows = result.socket_history_rows;
  s.truth_rows = result.truth_rows;
  s.events_recorded = result.events_recorded;
  s.events_lost = result.events_lost;
  s.zeus_episodes = result.zeus_episodes;
  s.kraken_infected = result.kraken_infected;
  s.wall_seconds = result.wall_seconds;
  return s;
}

}  // namespace

SimulateFunction Ns3Simulation(std::function<void(const SimulationProgress&)> progress) {
  return [progress = std::move(progress)](const ScenarioConfig& config, const std::string& dir) {
    return Summarize(RunScenario(config, dir, progress));
  };
}

}  // namespace ntlab
