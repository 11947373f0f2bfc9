// The whole Kraken detection run behind `ntlab kraken` and `ntlab run`: captures -> detector ->
// grading against the truth (when given) -> kraken_*.csv and kraken_metrics.json.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace ntlab {

struct KrakenRunOptions {
  std::vector<std::string> inputs;     // capture files or folders
  std::string socket_truth;            // truth.csv (flow truth); empty: hosts only
  std::string kraken_truth;            // kraken_truth.csv (infected hosts); empty: no grading
  std::string out_dir;
};

/// Returns the content of kraken_metrics.json.
nlohmann::json RunKrakenDetection(const KrakenRunOptions& options);

}  // namespace ntlab
