// The domain steps (paper 000), run by `ntlab run` when the scenario has dns.truth or a nat:
// section: `ntlab domains` on the hosts' captures (graded against the simulator's domain truth,
// expected-domains.csv, when there is one) with the run's socket log, so the flows carry process
// and user (graded against truth.csv and process-owners.csv), into <out_dir>/domains; with a NAT, `ntlab domains` on
// the capture outside it (<out_dir>/domains-outside) and `ntlab merge` of the two views with the
// run's process labels (<out_dir>/merge).
#pragma once

#include "scenarios/config/scenario-config.h"

#include <nlohmann/json.hpp>

#include <string>

namespace ntlab {

struct DomainStepResult {
  nlohmann::json metrics;          // the device view's domain labelling (metrics.json)
  nlohmann::json outside_metrics;  // the network view's (null without a NAT)
  nlohmann::json merge_metrics;    // the merge's (null without a NAT)
};

/// A run labels domains when its simulation wrote a domain truth or a capture outside a NAT.
bool RunHasDomains(const ScenarioConfig& config);

/// Runs the steps on the captures of `simulation_dir`; `labels` is the run's labels.csv.
DomainStepResult DomainStep(const ScenarioConfig& config, const std::string& simulation_dir,
                            const std::string& labels, const std::string& out_dir);

}  // namespace ntlab
