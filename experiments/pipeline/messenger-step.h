// The messenger step (paper 004, docs/messengers.md "Simulated messengers"): run by `ntlab run`
// when the scenario has messengers. It sums up what the clients achieved under the enforced
// policy (messenger_clients.csv), what the policy's filters dropped of messenger and of benign
// traffic (messenger_enforcement.csv), and recovers the messengers' server structure from the
// run's captures (`ntlab messengers`, graded against messenger-roles.csv) into <out_dir>/messengers.
#pragma once

#include "scenarios/config/scenario-config.h"

#include <nlohmann/json.hpp>

#include <string>

namespace ntlab {

struct MessengerStepResult {
  nlohmann::json metrics;  // metrics.json's "messengers" section (docs/formats.md)
};

MessengerStepResult MessengerStep(const ScenarioConfig& config, const std::string& simulation_dir,
                                  const std::string& out_dir);

}  // namespace ntlab
