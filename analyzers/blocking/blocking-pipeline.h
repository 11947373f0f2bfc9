// The whole run behind `ntlab block` (issue 12 item 3, docs/blocking.md): captures -> sessions
// (labelled by the paper-001 engine when a socket log is given, labels.csv) -> messenger protocol
// of each session (analyzers/messengers' grammar) -> each method of the policy (ip-table-block,
// process-block, process-packet-block) with its evidence -> sessions.csv and metrics.json, graded
// also against the truth's owner when a truth is given.
#pragma once

#include "analyzers/capture/capture-options.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace ntlab {

struct BlockRunOptions {
  std::string policy;               // block policy YAML
  std::vector<std::string> inputs;  // capture files or folders
  std::string socket_log;           // empty: methods 2 and 3 not evaluable
  std::string truth;                // truth.csv of the labeling format; needs the socket log
  std::string out_dir;              // sessions.csv, metrics.json (+ labels.csv with a socket log); must exist
  CaptureOptions capture;           // --strict-captures, for every pass over the captures
};

/// Returns the content of metrics.json; throws InputError on bad input before writing anything.
nlohmann::json RunBlocking(const BlockRunOptions& options);

}  // namespace ntlab
