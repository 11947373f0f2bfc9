// The domain part of a run's report (paper 000): how much of the traffic DNS answers label, how
// often the label is right against the simulator's truth, and the shared-address rule against
// labelling by address alone, beside the 29.08 % paper 000 cites for plain DNS signatures.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace ntlab {

/// `outside` and `merge` are null without a NAT.
std::string RenderDomainSection(const nlohmann::json& domains, const nlohmann::json& outside, const nlohmann::json& merge);

}  // namespace ntlab
