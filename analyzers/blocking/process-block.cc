#include "analyzers/blocking/process-block.h"

#include "analyzers/blocking/process-match.h"

namespace ntlab {

MethodDecision DecideProcessStart(const ProcessMatcher& matcher, const std::optional<SessionOwner>& owner) {
  if (!owner) return {BlockVerdict::NotEvaluable, "no socket log: owner unknown"};
  if (!owner->Known()) return {BlockVerdict::NotEvaluable, "owner unknown (" + owner->known_from + ")"};
  if (auto hit = MatchProcess(matcher, *owner))
    return {BlockVerdict::Blocked, "may not start: " + *hit + ", owner " + DescribeOwner(*owner)};
  return {BlockVerdict::Passed, "owner " + DescribeOwner(*owner) + " matches no rule"};
}

}  // namespace ntlab
