// The Zeus and Kraken steps (papers 002 and 003): the analyses behind `ntlab zeus` and
// `ntlab kraken`, with their figures drawn, and run by `ntlab run` on the run's captures when the
// scenario has Zeus bots or Kraken.
#pragma once

#include "analyzers/botnet/kraken-pipeline.h"
#include "analyzers/botnet/zeus-clustering.h"
#include "scenarios/config/scenario-config.h"

#include <nlohmann/json.hpp>

#include <string>

namespace ntlab {

struct ZeusStepResult {
  nlohmann::json metrics;          // the clustering's metrics.json (in options.out_dir)
  bool scatter_drawn = false;      // <out_dir>/scatter.svg exists
};

struct KrakenStepResult {
  nlohmann::json metrics;          // kraken_metrics.json
  std::string hosts_csv;           // <out_dir>/kraken_hosts.csv: the flagged hosts with their evidence
  bool timeseries_drawn = false;   // <out_dir>/timeseries.svg drawn
};

/// Clusters Zeus episodes into options.out_dir (created) and draws the scatter.
ZeusStepResult ZeusStep(const ZeusClusteringOptions& options);

/// Detects Kraken into options.out_dir and draws the time series of the first flagged host.
KrakenStepResult KrakenStep(const KrakenRunOptions& options);

/// A run clusters Zeus episodes when its simulation recorded some or a Zeus C&C server exists.
bool RunHasZeus(const ScenarioConfig& config, std::uint64_t zeus_episodes);

/// What a run's Zeus and Kraken steps read and write: the simulation's captures and truth files,
/// outputs in <out_dir>/zeus and <out_dir>/kraken.
ZeusClusteringOptions RunZeusOptions(const ScenarioConfig& config, const std::string& simulation_dir,
                                     const std::string& out_dir);
KrakenRunOptions RunKrakenOptions(const std::string& simulation_dir, const std::string& out_dir);

}  // namespace ntlab
