// The isolation section of a run's report.md (paper 002, steps 2-3 and the feedback): our
// figures beside the paper's, each marked; the paper gives no number for most of them.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace ntlab {

std::string RenderIsolationSection(const nlohmann::json& isolation, const std::string& figure);

}  // namespace ntlab
