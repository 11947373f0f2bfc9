// Kraken's servers (paper 003), from the scenario's kraken: section: the load-balancer behind the
// registered DGA names, the herder's command server, the update servers, Google's MX for the
// bots' test mails, and one MX per spam-target domain, with their DNS records.
#pragma once

#include "scenarios/sim/scenario-build.h"

#include <cstdint>
#include <string>

namespace ntlab {

void InstallKrakenServers(ScenarioBuild& build);

/// DGA list name `index` of the scenario's family (kraken.dga); v2 names are those of the week of
/// the scenario's start.
std::string KrakenDgaName(const ScenarioConfig& config, std::uint32_t index);
/// The unix second the scenario starts at (the date a v2 bot draws its names for).
std::int64_t KrakenDgaDate(const ScenarioConfig& config);

}  // namespace ntlab
