// Role inference from one session (docs/messengers.md, paper 004's 11 steps): what the session's
// own commands say about the server it talked to, before the graph (server-structure.h) adds what
// other sessions say. A dispatch session hands the client on to a notification server; a
// switchboard session opens with USR or ANS (no VER); a notification session logs in and keeps
// presence (SYN, CHG, PNG, XFR SB / RNG; NateOn's LSIN, CONF, GLST, PING); a direct connection is
// a P2P transfer.
#pragma once

#include "analyzers/formats/messenger-files.h"
#include "analyzers/messengers/messenger-recogniser.h"

namespace ntlab {

MessengerRole SessionRole(const MessengerSessionFacts& facts);

}  // namespace ntlab
