// Benign traffic that overlaps Zeus's (issue 15), switched on by zeus.benign_php: every host that
// runs a zeus-bot also runs a web app (php-webapp) that POSTs form data to a *.php page of the
// first web server that is not a C&C, at about the bot's report pace.
#pragma once

#include "scenarios/config/scenario-config.h"

namespace ntlab {

/// Appends the php-webapp process when c.zeus_benign_php; throws InputError naming
/// zeus.benign_php when no web server is there to post to.
void AddZeusBenignPhp(ScenarioConfig& c);

}  // namespace ntlab
