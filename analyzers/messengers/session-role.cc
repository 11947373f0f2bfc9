#include "analyzers/messengers/session-role.h"

#include <algorithm>
#include <initializer_list>

namespace ntlab {
namespace {

bool AnyOf(const std::set<std::string>& verbs, std::initializer_list<const char*> words) {
  return std::any_of(words.begin(), words.end(), [&](const char* w) { return verbs.count(w) > 0; });
}

bool Hands(const MessengerSessionFacts& f, HandoffKind kind) {
  return std::any_of(f.handoffs.begin(), f.handoffs.end(), [&](const Handoff& h) { return h.kind == kind; });
}

MessengerRole MsnpRole(const MessengerSessionFacts& f) {
  if (Hands(f, HandoffKind::Notification)) return MessengerRole::Dispatch;
  if (f.first_client_verb == "USR" || f.first_client_verb == "ANS") return MessengerRole::Switchboard;
  if (Hands(f, HandoffKind::Switchboard) || AnyOf(f.server_verbs, {"SYN", "LST", "CHG", "CHL", "QNG", "ILN", "NLN"}) ||
      AnyOf(f.client_verbs, {"SYN", "CHG", "PNG", "QRY"}))
    return MessengerRole::Notification;
  // Only a switchboard relays the client's messages and invitations (a session joined late).
  if (AnyOf(f.client_verbs, {"MSG", "CAL"})) return MessengerRole::Switchboard;
  return MessengerRole::Unknown;  // a login cut short before the server said what it is
}

MessengerRole NateOnRole(const MessengerSessionFacts& f) {
  if (Hands(f, HandoffKind::Notification) || f.client_verbs.count("REQS")) return MessengerRole::Dispatch;
  // The 6004 session: a file announced, sent in chunks or confirmed between two peers.
  if (AnyOf(f.client_verbs, {"ATHC", "DATA"}) || f.server_verbs.count("DONE")) return MessengerRole::P2pPeer;
  if (AnyOf(f.client_verbs, {"LSIN", "CONF", "GLST", "PING", "MESG", "FILE", "NEGO"})) return MessengerRole::Notification;
  return MessengerRole::Unknown;
}

// BuddyBuddy's one server holds the long-lived presence session (its login and keep-alives).
MessengerRole BuddyRole(const MessengerSessionFacts& f) {
  return AnyOf(f.client_verbs, {"LOGIN", "ALIVE", "CHAT"}) ? MessengerRole::Notification : MessengerRole::Unknown;
}

}  // namespace

MessengerRole SessionRole(const MessengerSessionFacts& f) {
  switch (f.protocol) {
    case MessengerProtocol::Msnp: return MsnpRole(f);
    case MessengerProtocol::NateOn: return NateOnRole(f);
    case MessengerProtocol::MsnDirect: return MessengerRole::P2pPeer;
    case MessengerProtocol::BuddyBuddy: return BuddyRole(f);
    case MessengerProtocol::None: return MessengerRole::Unknown;
  }
  return MessengerRole::Unknown;
}

}  // namespace ntlab
