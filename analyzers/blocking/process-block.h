// Paper 004's method 2: a matching process is not allowed to start on the host, so every session it
// would have owned never exists. Offline, a session is blocked when its owner matches; the owner is
// the labeling engine's label (or the truth's owner), its identity the socket log's window class /
// control text of that process. Without a socket log, or for a session whose owner is unknown, the
// method cannot be judged.
#pragma once

#include "analyzers/blocking/blocked-session.h"
#include "analyzers/formats/block-policy.h"

#include <optional>

namespace ntlab {

MethodDecision DecideProcessStart(const ProcessMatcher& matcher, const std::optional<SessionOwner>& owner);

}  // namespace ntlab
