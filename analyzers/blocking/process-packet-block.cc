#include "analyzers/blocking/process-packet-block.h"

#include "analyzers/blocking/process-match.h"

namespace ntlab {

MethodDecision DecideProcessPackets(const ProcessMatcher& matcher, const std::optional<SessionOwner>& owner) {
  if (!owner) return {BlockVerdict::NotEvaluable, "no socket log: socket owner unknown"};
  if (!owner->Known()) return {BlockVerdict::NotEvaluable, "socket owner unknown (" + owner->known_from + ")"};
  if (auto hit = MatchProcess(matcher, *owner))
    return {BlockVerdict::Blocked, "socket of " + DescribeOwner(*owner) + ": " + *hit};
  return {BlockVerdict::Passed, "socket of " + DescribeOwner(*owner) + " matches no rule"};
}

}  // namespace ntlab
