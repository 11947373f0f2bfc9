// The simulate step's folder: simulated into the run folder, or shared through a cache folder by
// every run that differs only in what is analysed (the poll interval: the socket logger is
// emulated afterwards from the recorded socket-table history; the use of events). The cache key
// covers the code version, the scenario file, the workload catalog it names and every override
// except the analysis keys (IsAnalysisKey: poll_interval, labeling.*). Runs of one experiment wait
// for each other on a lock file, so parallel runs never simulate the same thing twice.
//
// The simulation itself is passed in (SimulateFunction): the ns-3 one lives in
// experiments/pipeline/sim, so this file, and everything after the simulation, builds without ns-3.
#pragma once

#include "scenarios/config/scenario-config.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace ntlab {

/// What a simulation wrote, counted (simulation.json keeps it beside a cached simulation).
struct SimulationSummary {
  std::uint64_t frames_captured = 0;
  std::uint64_t pcap_files = 0;
  std::uint64_t socket_history_rows = 0;
  std::uint64_t truth_rows = 0;
  std::uint64_t events_recorded = 0;
  std::uint64_t events_lost = 0;
  std::uint64_t zeus_episodes = 0;    // zeus_episodes.csv rows
  std::uint64_t kraken_infected = 0;  // kraken_truth.csv rows
  std::uint64_t domain_truth_rows = 0;       // expected-domains.csv rows (dns.truth; in the JSON only then)
  std::uint64_t domain_truth_conflicts = 0;  // flow keys reused for another name (the first kept)
  std::uint64_t domain_truth_hard_coded = 0; // connections to hard-coded addresses (no lookup)
  std::uint64_t outside_frames_captured = 0; // pcap-outside/ packets (a nat: section; in the JSON only then)
  double wall_seconds = 0;

  nlohmann::json ToJson() const;
  static SimulationSummary FromJson(const nlohmann::json& j);
};

/// Simulates `config` into `dir` (which exists, with an empty pcap/ in it).
using SimulateFunction = std::function<SimulationSummary(const ScenarioConfig& config, const std::string& dir)>;

struct SimulationFiles {
  std::string dir;            // holds pcap/, socket-history.csv, truth.csv, events.csv, hosts.csv, ...
  SimulationSummary summary;
  bool reused = false;        // made by an earlier run
};

struct SimulationRequest {
  const ScenarioConfig* config = nullptr;
  std::string scenario_path;
  std::vector<ScenarioOverride> overrides;
  std::string run_dir;        // simulate here when there is no cache
  std::string cache_dir;      // "" = no cache
  std::string code_version;
};

/// The key of a simulation (what it depends on, as text; its digest names the cache entry).
std::string SimulationKeyText(const SimulationRequest& request);

/// The simulate step: the cached simulation when there is one, else `simulate` into the run
/// folder or the cache.
SimulationFiles ObtainSimulation(const SimulationRequest& request, const SimulateFunction& simulate);

}  // namespace ntlab
