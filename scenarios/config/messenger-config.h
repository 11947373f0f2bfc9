// The scenario's `messengers:` section (paper 004, docs/messengers.md "Simulated messengers"):
// the providers' server addresses (in 004's ranges by default), the IP-relay proxy, the blocking
// policy enforced in the simulation, the bypasses, and the messenger clients on the monitored hosts.
// Loaded and validated with the rest of the scenario (scenario-config.cc); no ns-3 here.
#pragma once

#include "analyzers/formats/basic-types.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ntlab {

enum class MessengerKind { Msn, NateOn, BuddyBuddy };
const char* ToString(MessengerKind kind);  // "msn", "nateon", "buddybuddy"

/// MSN's servers (PROTOCOLS.md 3.1): Dispatch, Notification, Switchboard on 1863 and the HTTP
/// gateway on 80 (MSNP inside POST /gateway/gateway.dll).
struct MsnProviderSpec {
  Ipv4 dispatch = (64u << 24) | (4u << 16) | (9u << 8) | 254;           // 64.4.9.254
  Ipv4 notification = (207u << 24) | (46u << 16) | (107u << 8) | 41;    // 207.46.107.41
  Ipv4 switchboard = (207u << 24) | (46u << 16) | (108u << 8) | 50;     // 207.46.108.50
  Ipv4 http_gateway = (207u << 24) | (46u << 16) | (110u << 8) | 20;    // 207.46.110.20
};

/// NateOn's servers (PROTOCOLS.md 3.2): the dispatch server on 5004 and the main server it names.
struct NateOnProviderSpec {
  Ipv4 dispatch = (211u << 24) | (234u << 16) | (240u << 8) | 10;       // 211.234.240.10
  Ipv4 main = (203u << 24) | (226u << 16) | (253u << 8) | 50;           // 203.226.253.50
};

/// BuddyBuddy's one server (login, presence, chat and files relayed). 004 gives its network
/// (211.115.122.*); the host number and the protocol (TCP 6410, then 80) are ntlab's invention.
struct BuddyBuddyProviderSpec {
  Ipv4 server = (211u << 24) | (115u << 16) | (122u << 8) | 20;        // 211.115.122.20
};

/// One messenger client: a process on a monitored host with the identity paper 004 blocks by.
struct MessengerClientSpec {
  std::string host;             // a monitored host's name
  MessengerKind messenger = MessengerKind::Msn;
  std::string image;            // the executable's name, which the user can rename
  std::string window_class;     // the main window's class name, which the user cannot change
  std::string control_text;     // a control's text, which the user cannot change
  std::string account;          // "alice@hotmail.com"
  std::string peer;             // account of another client it chats with ("" = waits to be called)
  double start_s = 1.0;
  double chat_every_s = 30.0;   // mean gap between chats it starts (exponential)
  std::uint32_t small_file = 0; // bytes sent through the switchboard per chat (0 = none)
  std::uint32_t large_file = 0; // bytes sent P2P to the peer once (0 = none)
  bool via_relay = false;       // connects through the IP-relay proxy (SOCKS4)
};

/// The bypasses of paper 004, as switches the experiment turns on one at a time.
struct MessengerBypassSpec {
  bool renamed_image = false;   // every client runs as renamed_to instead of its image name
  std::string renamed_to = "notepad2.exe";
  bool via_relay = false;       // every client uses the IP-relay proxy
  bool dispatch_moved = false;  // the providers' dispatch servers answer on moved_dispatch instead
  Ipv4 moved_dispatch = (64u << 24) | (4u << 16) | (12u << 8) | 200;    // 64.4.12.200
  bool https_only = false;      // clients go straight to 443 / the HTTP gateway, never 1863 / 5004
};

/// The provider moves a server to a new address on a given day (the staleness of an IP table).
struct MessengerMoveSpec {
  std::uint32_t day = 0;
  std::string server;  // msn.dispatch, ..., nateon.dispatch, nateon.main, buddybuddy.server
  Ipv4 to = 0;
};

/// A benign web server of `servers:` that answers inside a messenger network instead of its own
/// internet address (the provider's web portal, a CDN-hosted site sharing the prefix): the traffic
/// an IP table of that network blocks by mistake. Off while `address` is 0.
struct BenignInsideSpec {
  std::string server;  // a `servers:` entry of kind web
  Ipv4 address = 0;
};

struct MessengersSpec {
  bool enabled = false;
  MsnProviderSpec msn;
  NateOnProviderSpec nateon;
  BuddyBuddyProviderSpec buddybuddy;
  Ipv4 relay = (192u << 24) | (0u << 16) | (2u << 8) | 50;             // 192.0.2.50, SOCKS4 on 1080
  std::string policy;           // block-policy YAML enforced in the simulation ("" = none)
  double give_up_s = 300;       // a client that never logged in stops trying after this
  double connect_timeout_s = 8; // a connection attempt not answered by then is abandoned
  MessengerBypassSpec bypass;
  std::vector<MessengerClientSpec> clients;
  std::uint32_t day = 0;                  // the day this run simulates: every move up to it applied
  std::vector<MessengerMoveSpec> moves;   // the provider's schedule (applied to the addresses above)
  std::string score_table;                // an ip-table.csv to score against the day's servers ("" = none)
  BenignInsideSpec benign_inside;
};

/// Every address a messenger server of `spec` answers on (dispatch moved when the bypass says so),
/// in the order of the scenario's server nodes.
std::vector<Ipv4> MessengerServerAddresses(const MessengersSpec& spec);
/// The address clients of `kind` log in at first (BuddyBuddy's one server).
Ipv4 DispatchAddress(const MessengersSpec& spec, MessengerKind kind);

}  // namespace ntlab
