// Loading and checking the scenario's `messengers:` section (messenger-config.h); called by
// LoadScenario and ValidateScenario. No ns-3.
#pragma once

#include "scenarios/config/scenario-config.h"
#include "scenarios/config/yaml-node.h"

#include <string>

namespace ntlab {

/// Reads `messengers:` when present; a relative policy path is relative to the scenario's folder.
void LoadMessengers(const yaml::Node& top, const std::string& path, ScenarioConfig& c);
/// Cross-field rules: clients on existing hosts, unique accounts, peers that exist and speak the
/// same protocol, server addresses outside the LAN and internet segments, the policy readable.
void ValidateMessengers(const ScenarioConfig& c);

}  // namespace ntlab
