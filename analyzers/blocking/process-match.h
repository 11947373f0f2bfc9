// Whether an owner matches a process method's list, and by what: the image name (which the user can
// rename) or the window class / control text (which the user cannot change, paper 004's answer).
// Shared by methods 2 and 3, which differ in what they do, not in how they recognise a process.
#pragma once

#include "analyzers/blocking/blocked-session.h"
#include "analyzers/formats/block-policy.h"

#include <optional>
#include <string>

namespace ntlab {

/// The matching attribute ("image msnmsgr.exe", "window class MSNMSGRBlClass"), none if none matches.
std::optional<std::string> MatchProcess(const ProcessMatcher& matcher, const SessionOwner& owner);

/// The owner's description in a reason, with how it was known.
std::string DescribeOwner(const SessionOwner& owner);

}  // namespace ntlab
