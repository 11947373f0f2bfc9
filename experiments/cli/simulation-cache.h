// Where a run's simulation comes from: simulated into the run folder, or shared through a cache
// folder by every run that differs only in what is analysed (the poll interval: the socket logger
// is emulated afterwards from the recorded socket-table history; the use of events). The cache
// key covers the code version, the scenario file, the workload catalog it names and every
// override except the analysis keys (IsAnalysisKey: poll_interval, labeling.*). Runs of one
// experiment wait for each other on a lock file, so
// parallel runs never simulate the same thing twice.
#pragma once

#include "scenarios/config/scenario-config.h"
#include "scenarios/sim/enterprise-lan-scenario.h"

#include <functional>
#include <string>
#include <vector>

namespace ntlab {

struct SimulationFiles {
  std::string dir;            // holds pcap/, socket-history.csv, truth.csv, events.csv, hosts.csv, ...
  SimulationResult result;
  bool reused = false;        // made by an earlier run
};

struct SimulationRequest {
  const ScenarioConfig* config = nullptr;
  std::string scenario_path;
  std::vector<ScenarioOverride> overrides;
  std::string run_dir;        // simulate here when there is no cache
  std::string cache_dir;      // "" = no cache
  std::string code_version;
  std::function<void(const SimulationProgress&)> progress;
};

/// The key of a simulation (hex digest of what it depends on) and its text, kept beside it.
std::string SimulationKeyText(const SimulationRequest& request);

SimulationFiles ObtainSimulation(const SimulationRequest& request);

}  // namespace ntlab
