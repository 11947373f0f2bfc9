// The output folder of `ntlab isolate` (docs/formats.md, "Isolation files"): what the replay in the
// namespace lab measured and the rule set it installed. Written here, in one place, atomically.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace ntlab {

struct IsolationOutputs {
  std::string rules_nft;          // rules.nft: the rule set as installed in the gateway
  std::string gateway_after_nft;  // gateway-after.nft: the same table listed after the replay, with counters
  nlohmann::json metrics;         // metrics.json: deterministic for the same capture and rule set
  std::string report_md;          // report.md
  nlohmann::json run;             // run.json: wall-clock times (setup_s, replay_s, teardown_s)
};

/// Writes the five files into `dir` (which must exist), each atomically.
void WriteIsolationOutputs(const std::string& dir, const IsolationOutputs& outputs);

}  // namespace ntlab
