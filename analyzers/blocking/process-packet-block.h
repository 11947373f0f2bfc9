// Paper 004's method 3: the host drops every packet of the sockets a matching process owns. The
// process starts and keeps trying; offline, a session is dropped when the process that owns its
// socket matches, as the labeling engine labelled it (or as the truth says). A session the engine
// could not label cannot be judged (a real filter sees the owner; the offline evaluation does not).
#pragma once

#include "analyzers/blocking/blocked-session.h"
#include "analyzers/formats/block-policy.h"

#include <optional>

namespace ntlab {

MethodDecision DecideProcessPackets(const ProcessMatcher& matcher, const std::optional<SessionOwner>& owner);

}  // namespace ntlab
