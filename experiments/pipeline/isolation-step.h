// The monitor-and-feedback step of paper 002 for a run whose scenario has an isolation: section:
// leak counters from the simulation, the isolated capture's Zeus episodes fed into the LAN model
// in incremental mode (analyzers/botnet/zeus-isolation-feedback.h), the agreement of ntlab's
// rewriter with tcprewrite on the isolated capture, and a figure of the replayed episodes beside
// the LAN ones. Outputs in <out_dir>/isolation.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace ntlab {

struct IsolationStepResult {
  nlohmann::json metrics;     // metrics.json's "isolation"
  bool figure_drawn = false;  // <out_dir>/isolation/episodes.svg
};

IsolationStepResult IsolationStep(const std::string& simulation_dir, const std::string& out_dir);

}  // namespace ntlab
