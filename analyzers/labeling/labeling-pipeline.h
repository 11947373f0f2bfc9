// The whole offline labelling run behind `ntlab label`: captures -> sessions -> stage matching ->
// labels.csv (+ metrics.json), streaming so memory follows open sessions, not capture size.
#pragma once

#include "analyzers/capture/pcap-packet-source.h"
#include "analyzers/labeling/direct-socket-match.h"
#include "analyzers/labeling/label-summary.h"
#include "analyzers/sessions/sessionizer.h"

#include <optional>
#include <string>
#include <vector>

namespace ntlab {

struct LabelOptions {
  std::vector<std::string> pcap_inputs;     // capture files and/or folders of rotated captures
  std::string socket_log;
  std::optional<std::string> truth;
  std::string labels_out;
  std::optional<std::string> metrics_out;
  StageAConfig stage_a;
  SessionizerConfig sessions;
  CaptureOptions capture;
};

/// Throws InputError on unreadable input; outputs appear only when the whole run succeeded.
LabelSummary RunLabeling(const LabelOptions& options);

}  // namespace ntlab
