// The hand-built cases for the traps of paper 001's matching engine (tests/regression/trap-*):
// each one host's socket table, capture, events and truth, laid on the 50 ms poll grid so that
// every named session meets its trap. The cases' test.yaml files say what today's engine does
// with each session and whether the truth agrees.
#pragma once

#include "tests/regression/generators/capture-script.h"

#include <string>
#include <utility>
#include <vector>

namespace ntlab::regression {

/// (case folder name, its script), e.g. ("trap-time-wait-pid0", …).
std::vector<std::pair<std::string, CaptureScript>> EngineTraps();

/// TLS ClientHellos split across TCP segments, in order and out of order (capture-split-client-hello).
CaptureScript SplitClientHelloCapture();

}  // namespace ntlab::regression
