// The whole Kraken detection run behind `ntlab kraken` and `ntlab run`: captures -> detector ->
// grading against the truth (when given) -> kraken_*.csv and kraken_metrics.json.
#pragma once

#include "analyzers/capture/capture-options.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace ntlab {

struct KrakenRunOptions {
  std::vector<std::string> inputs;     // capture files or folders
  std::string socket_truth;            // truth.csv (flow truth); empty: hosts only
  std::string kraken_truth;            // kraken_truth.csv (infected hosts); empty: no grading
  std::string out_dir;
  std::string without;                 // evidence left out of the main result ("dga,smtp"; KrakenEvidence)
  bool ablations = false;              // also decide with each evidence family removed in turn
  CaptureOptions capture;              // --strict-captures
};

/// Returns the content of kraken_metrics.json. With `ablations` (and truth) it holds an
/// "ablations" object: per family removed ("no_cnc", "no_dga", "no_rhythm", "no_smtp") the hosts
/// flagged and the host and flow grades, from the same pass over the captures.
nlohmann::json RunKrakenDetection(const KrakenRunOptions& options);

}  // namespace ntlab
