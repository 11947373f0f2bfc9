// The whole domain labelling run behind `ntlab domains` (paper 000's network layer on files):
// captures -> DomainFlowMonitor -> flows.csv, stats.sqlite and metrics.json, graded against
// expected-domains.csv when one is given. Streaming: flows are written as their sessions end.
#pragma once

#include "analyzers/domains/domain-labeller.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace ntlab {

struct DomainRunOptions {
  std::vector<std::string> inputs;  // capture files or folders
  std::string out_dir;              // flows.csv, metrics.json (the folder must exist)
  std::string db_path;              // empty: <out_dir>/stats.sqlite
  std::string truth;                // expected-domains.csv; empty: no grading
  std::int64_t retention_s = 0;     // stats.sqlite retention; 0 keeps everything
  DomainLabellerConfig labeller;
};

/// Returns the content of metrics.json.
nlohmann::json RunDomainLabelling(const DomainRunOptions& options);

}  // namespace ntlab
