// `ntlab run --pcapng-comments`: the run's captures again as pcapng whose every frame carries its
// true owner in a ptcpdump-style comment (analyzers/labeling/truth-comments.h), in
// <run>/pcapng/<host-ip>_<stamp>.pcapng. Simulated captures then have the form of a real
// process-aware capture: `ntlab truth` and `ntlab label --truth-from-comments` read them as they
// would read ptcpdump's. The pcap/ files stay as they are (every other step reads them).
#pragma once

#include "analyzers/labeling/truth-comments.h"

#include <nlohmann/json.hpp>

#include <string>

namespace ntlab {

struct PcapngCommentsStepResult {
  std::string dir;  // <out_dir>/pcapng
  TruthCommentStats stats;
  /// {"files", "frames", "frames_with_owner"}: metrics.json `pcapng_comments`.
  nlohmann::json ToJson() const;
};

/// Reads simulation_dir/pcap and simulation_dir/truth.csv; throws InputError on unreadable input.
PcapngCommentsStepResult PcapngCommentsStep(const std::string& simulation_dir, const std::string& out_dir);

}  // namespace ntlab
