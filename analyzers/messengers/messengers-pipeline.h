// The whole run behind `ntlab messengers` (issue 12 item 5, docs/messengers.md): captures ->
// MessengerMonitor -> sessions.csv (streaming, as sessions end) -> ServerStructure (Boost.Graph)
// -> structure.csv, ip-table.csv and metrics.json, graded against messenger-roles.csv when one
// is given. Memory follows the open sessions plus one small record per messenger session.
#pragma once

#include "analyzers/capture/capture-options.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace ntlab {

struct MessengerRunOptions {
  std::vector<std::string> inputs;  // capture files or folders
  std::string out_dir;              // sessions.csv, structure.csv, ip-table.csv, metrics.json (must exist)
  std::string truth;                // messenger-roles.csv; empty: no grading
  int prefix_length = 24;           // of the proposed IP-table entries
  CaptureOptions capture;           // --strict-captures
};

/// Returns the content of metrics.json.
nlohmann::json RunMessengers(const MessengerRunOptions& options);

}  // namespace ntlab
