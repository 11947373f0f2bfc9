// Kraken's servers (paper 003), from the scenario's kraken: section: the load-balancer behind the
// registered DGA names, the herder's command server, the update servers, Google's MX for the
// bots' test mails, and one MX per spam-target domain, with their DNS records.
#pragma once

#include "scenarios/sim/scenario-build.h"

namespace ntlab {

void InstallKrakenServers(ScenarioBuild& build);

}  // namespace ntlab
