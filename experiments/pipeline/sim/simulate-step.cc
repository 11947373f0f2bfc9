#include "experiments/pipeline/sim/simulate-step.h"

#include "analyzers/formats/basic-types.h"

#include "ns3/simulator.h"

#include <optional>
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
  s.domain_truth_rows = result.domain_truth_rows;
  s.domain_truth_conflicts = result.domain_truth_conflicts;
  s.domain_truth_hard_coded = result.domain_truth_hard_coded;
  s.outside_frames_captured = result.outside_frames_captured;
  s.wall_seconds = result.wall_seconds;
  return s;
}

}  // namespace

SimulateFunction Ns3Simulation(std::function<void(const SimulationProgress&)> progress) {
  return [progress = std::move(progress)](const ScenarioConfig& config, const std::string& dir) {
    return Summarize(RunScenario(config, dir, progress));
  };
}

SimulateFunction Ns3Simulation(const ResourceWatch& watch, std::function<void(const SimulationProgress&)> progress) {
  return [watch, progress = std::move(progress)](const ScenarioConfig& config, const std::string& dir) {
    std::optional<InputError> stopped;
    auto watched = [&](const SimulationProgress& p) {
      if (stopped) return;
      try {
        CheckResources(watch, dir, p.simulated_s, p.total_s);
      } catch (const InputError& e) {
        // Not thrown through ns-3's event loop: the simulation stops after this event and is
        // torn down normally, then the run ends with the message.
        stopped = e;
        ns3::Simulator::Stop();
        return;
      }
      if (progress) progress(p);
    };
    SimulationSummary summary = Summarize(RunScenario(config, dir, watched));
    if (stopped) throw *stopped;
    return summary;
  };
}

}  // namespace ntlab
