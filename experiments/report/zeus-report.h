// The Zeus clustering part of a report (paper 002): the scatter of episodes like its Fig. 8,
// drawn by gnuplot from scatter.csv, and the scores beside what the paper shows.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace ntlab {

/// Draws <dir>/scatter.svg from <dir>/scatter.csv; false when gnuplot is missing.
bool WriteZeusScatter(const std::string& dir);

/// Markdown section for metrics.json of a Zeus clustering; `figure` is the scatter's path
/// relative to the report ("" when there is none).
std::string RenderZeusSection(const nlohmann::json& zeus, const std::string& figure);

}  // namespace ntlab
