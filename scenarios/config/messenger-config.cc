#include "scenarios/config/messenger-config-loader.h"

#include "analyzers/formats/block-policy.h"
#include "analyzers/formats/messenger-files.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

namespace ntlab {

const char* ToString(MessengerKind kind) {
  return kind == MessengerKind::Msn ? "msn" : kind == MessengerKind::NateOn ? "nateon" : "buddybuddy";
}

std::vector<Ipv4> MessengerServerAddresses(const MessengersSpec& spec) {
  return {DispatchAddress(spec, MessengerKind::Msn), spec.msn.notification, spec.msn.switchboard,
          spec.msn.http_gateway, DispatchAddress(spec, MessengerKind::NateOn), spec.nateon.main,
          DispatchAddress(spec, MessengerKind::BuddyBuddy)};
}

Ipv4 DispatchAddress(const MessengersSpec& spec, MessengerKind kind) {
  if (kind == MessengerKind::Msn) return spec.bypass.dispatch_moved ? spec.bypass.moved_dispatch : spec.msn.dispatch;
  // NateOn's (and BuddyBuddy's) moved server takes the next address, so they never collide.
  if (kind == MessengerKind::BuddyBuddy) return spec.bypass.dispatch_moved ? spec.bypass.moved_dispatch + 2 : spec.buddybuddy.server;
  return spec.bypass.dispatch_moved ? spec.bypass.moved_dispatch + 1 : spec.nateon.dispatch;
}

namespace {

using yaml::Node;

Ipv4 Address(const Node& n) {
  std::string text = n.Text();
  std::optional<Ipv4> ip = ParseIpv4(text);
  if (!ip) n.Fail("'" + text + "' is not an IPv4 address");
  return *ip;
}

void LoadProviders(const Node& m, MessengersSpec& s) {
  if (m.Has("msn")) {
    Node msn = m.Child("msn");
    msn.ExpectMap({"dispatch", "notification", "switchboard", "http_gateway"});
    if (msn.Has("dispatch")) s.msn.dispatch = Address(msn.Child("dispatch"));
    if (msn.Has("notification")) s.msn.notification = Address(msn.Child("notification"));
    if (msn.Has("switchboard")) s.msn.switchboard = Address(msn.Child("switchboard"));
    if (msn.Has("http_gateway")) s.msn.http_gateway = Address(msn.Child("http_gateway"));
  }
  if (m.Has("nateon")) {
    Node nate = m.Child("nateon");
    nate.ExpectMap({"dispatch", "main"});
    if (nate.Has("dispatch")) s.nateon.dispatch = Address(nate.Child("dispatch"));
    if (nate.Has("main")) s.nateon.main = Address(nate.Child("main"));
  }
  if (m.Has("buddybuddy")) {
    Node buddy = m.Child("buddybuddy");
    buddy.ExpectMap({"server"});
    if (buddy.Has("server")) s.buddybuddy.server = Address(buddy.Child("server"));
  }
  if (m.Has("relay")) s.relay = Address(m.Child("relay"));
}

void LoadBypass(const Node& b, MessengerBypassSpec& bypass) {
  b.ExpectMap({"use", "renamed_image", "renamed_to", "via_relay", "dispatch_moved", "moved_dispatch", "https_only"});
  // `use` turns one bypass on by name, so that an experiment can sweep over them with one key.
  if (b.Has("use")) {
    std::string use = b.Child("use").Text();
    if (use == "renamed_image") bypass.renamed_image = true;
    else if (use == "via_relay") bypass.via_relay = true;
    else if (use == "dispatch_moved") bypass.dispatch_moved = true;
    else if (use == "https_only") bypass.https_only = true;
    else if (use == "renamed_and_relay") bypass.renamed_image = bypass.via_relay = true;  // two at once
    else if (use != "none")
      b.Child("use").Fail("'" + use + "' is not one of none, renamed_image, via_relay, dispatch_moved, https_only, "
                          "renamed_and_relay");
  }
  if (b.Has("renamed_image")) bypass.renamed_image = b.Child("renamed_image").Bool();
  if (b.Has("renamed_to")) bypass.renamed_to = b.Child("renamed_to").Text();
  if (b.Has("via_relay")) bypass.via_relay = b.Child("via_relay").Bool();
  if (b.Has("dispatch_moved")) bypass.dispatch_moved = b.Child("dispatch_moved").Bool();
  if (b.Has("moved_dispatch")) bypass.moved_dispatch = Address(b.Child("moved_dispatch"));
  if (b.Has("https_only")) bypass.https_only = b.Child("https_only").Bool();
}

std::uint32_t FileSize(const Node& n) {
  std::string text = n.Text();
  double bytes = 0;
  if (!ParseByteSize(text, bytes)) n.Fail("'" + text + "' is not a size (e.g. 20KB, 2MB)");
  if (bytes > 64.0 * 1024 * 1024) n.Fail("must be at most 64MB");
  return static_cast<std::uint32_t>(bytes);
}

Ipv4* MovedServer(MessengersSpec& s, const std::string& server) {
  if (server == "msn.dispatch") return &s.msn.dispatch;
  if (server == "msn.notification") return &s.msn.notification;
  if (server == "msn.switchboard") return &s.msn.switchboard;
  if (server == "msn.http_gateway") return &s.msn.http_gateway;
  if (server == "nateon.dispatch") return &s.nateon.dispatch;
  if (server == "nateon.main") return &s.nateon.main;
  if (server == "buddybuddy.server") return &s.buddybuddy.server;
  return nullptr;
}

// The schedule, applied in day order up to the run's day: the addresses are those of that day.
void LoadMoves(const Node& m, MessengersSpec& s) {
  if (m.Has("day")) s.day = m.Child("day").WholeWithin(0, 3650);
  if (!m.Has("moves")) return;
  auto moves = m.Child("moves").Items();
  if (moves.size() > 1000) m.Child("moves").Fail("at most 1000 moves");
  for (const auto& n : moves) {
    n.ExpectMap({"day", "server", "to"});
    MessengerMoveSpec move;
    move.day = n.Required("day").WholeWithin(1, 3650);
    move.server = n.Required("server").Text();
    if (!MovedServer(s, move.server))
      n.Child("server").Fail("'" + move.server + "' is not one of msn.dispatch, msn.notification, msn.switchboard, "
                             "msn.http_gateway, nateon.dispatch, nateon.main, buddybuddy.server");
    move.to = Address(n.Required("to"));
    s.moves.push_back(move);
  }
  std::stable_sort(s.moves.begin(), s.moves.end(), [](const auto& a, const auto& b) { return a.day < b.day; });
  for (const auto& move : s.moves)
    if (move.day <= s.day) *MovedServer(s, move.server) = move.to;
}

// `address: none` leaves the server where it is, so that an experiment can sweep it off and on.
void LoadBenignInside(const Node& n, BenignInsideSpec& inside) {
  n.ExpectMap({"server", "address"});
  inside.server = n.Required("server").Text();
  const std::string address = n.Required("address").Text();
  inside.address = address == "none" ? 0 : Address(n.Child("address"));
}

MessengerClientSpec LoadClient(const Node& n) {
  n.ExpectMap({"host", "messenger", "image", "window_class", "control_text", "account", "peer", "start",
               "chat_every", "small_file", "large_file", "via_relay"});
  MessengerClientSpec c;
  c.host = n.Required("host").Text();
  std::string kind = n.Required("messenger").Text();
  if (kind == "msn") c.messenger = MessengerKind::Msn;
  else if (kind == "nateon") c.messenger = MessengerKind::NateOn;
  else if (kind == "buddybuddy") c.messenger = MessengerKind::BuddyBuddy;
  else n.Child("messenger").Fail("'" + kind + "' is not one of msn, nateon, buddybuddy");
  c.image = n.Required("image").Text();
  if (n.Has("window_class")) c.window_class = n.Child("window_class").Text();
  if (n.Has("control_text")) c.control_text = n.Child("control_text").Text();
  c.account = n.Required("account").Text();
  if (c.account.empty() || c.account.find_first_of(" \r\n\t") != std::string::npos)
    n.Child("account").Fail("must be one word (it travels in protocol commands)");
  if (n.Has("peer")) c.peer = n.Child("peer").Text();
  if (n.Has("start")) c.start_s = n.Child("start").SecondsWithin(0, 7 * 86400, "0 .. 7d");
  if (n.Has("chat_every")) c.chat_every_s = n.Child("chat_every").SecondsWithin(1, 86400, "1s .. 1d");
  if (n.Has("small_file")) c.small_file = FileSize(n.Child("small_file"));
  if (n.Has("large_file")) c.large_file = FileSize(n.Child("large_file"));
  if (n.Has("via_relay")) c.via_relay = n.Child("via_relay").Bool();
  return c;
}

}  // namespace

void LoadMessengers(const Node& top, const std::string& path, ScenarioConfig& c) {
  if (!top.Has("messengers")) return;
  Node m = top.Child("messengers");
  m.ExpectMap({"msn", "nateon", "buddybuddy", "relay", "policy", "give_up", "connect_timeout", "bypass", "clients", "day", "moves",
               "score_table", "benign_inside"});
  MessengersSpec& s = c.messengers;
  s.enabled = true;
  LoadProviders(m, s);
  // `none` (or empty) is no policy, so that an experiment can sweep "nothing blocked" too.
  if (m.Has("policy") && m.Child("policy").Text() != "none" && !m.Child("policy").Text().empty()) {
    std::filesystem::path policy = m.Child("policy").Text();
    if (policy.is_relative()) policy = std::filesystem::path(path).parent_path() / policy;
    s.policy = policy.lexically_normal().string();
  }
  if (m.Has("give_up")) s.give_up_s = m.Child("give_up").SecondsWithin(1, 86400, "1s .. 1d");
  if (m.Has("connect_timeout")) s.connect_timeout_s = m.Child("connect_timeout").SecondsWithin(0.5, 120, "0.5s .. 2min");
  if (m.Has("bypass")) LoadBypass(m.Child("bypass"), s.bypass);
  LoadMoves(m, s);
  if (m.Has("score_table") && !m.Child("score_table").Text().empty()) {
    std::filesystem::path table = m.Child("score_table").Text();
    if (table.is_relative()) table = std::filesystem::path(path).parent_path() / table;
    s.score_table = table.lexically_normal().string();
  }
  if (m.Has("benign_inside")) LoadBenignInside(m.Child("benign_inside"), s.benign_inside);
  auto clients = m.Required("clients").Items();
  if (clients.empty() || clients.size() > 64) m.Child("clients").Fail("needs 1..64 clients");
  for (const auto& client : clients) s.clients.push_back(LoadClient(client));
}

namespace {

bool InSegment(Ipv4 ip, const SegmentSpec& segment) {
  std::uint32_t mask = ~std::uint32_t(0) << (32 - segment.prefix);
  return (ip & mask) == (segment.network & mask);
}

void CheckAddresses(const ScenarioConfig& c) {
  std::vector<Ipv4> addresses = MessengerServerAddresses(c.messengers);
  addresses.push_back(c.messengers.relay);
  std::set<Ipv4> seen;
  for (Ipv4 ip : addresses) {
    if (InSegment(ip, c.lan) || InSegment(ip, c.internet))
      throw InputError(c.source + ": messengers: server address " + FormatIpv4(ip) +
                       " lies in the LAN or internet segment (messenger servers are routed apart)");
    if (!seen.insert(ip).second)
      throw InputError(c.source + ": messengers: two messenger servers share the address " + FormatIpv4(ip));
  }
}

// The benign server must be a web server of the scenario, on an address no messenger server has.
void CheckBenignInside(const ScenarioConfig& c) {
  const BenignInsideSpec& inside = c.messengers.benign_inside;
  if (inside.address == 0) return;
  const std::string key = c.source + ": messengers.benign_inside";
  auto server = std::find_if(c.servers.begin(), c.servers.end(), [&](const auto& s) { return s.name == inside.server; });
  if (server == c.servers.end() || server->kind != ServerKind::Web)
    throw InputError(key + ".server: no web server named '" + inside.server + "'");
  std::vector<Ipv4> taken = MessengerServerAddresses(c.messengers);
  taken.push_back(c.messengers.relay);
  if (InSegment(inside.address, c.lan) || InSegment(inside.address, c.internet) ||
      std::count(taken.begin(), taken.end(), inside.address))
    throw InputError(key + ".address: " + FormatIpv4(inside.address) +
                     " lies in the LAN or internet segment or is a messenger server's address");
}

}  // namespace

void ValidateMessengers(const ScenarioConfig& c) {
  if (!c.messengers.enabled) return;
  // The servers' nodes take .120-.126 of the internet segment; ssh clients count up from .100.
  if (c.internet.prefix > 24)
    throw InputError(c.source + ": network.internet.subnet: the messenger servers need a /24 or larger internet segment");
  if (c.servers.size() > 20)
    throw InputError(c.source + ": servers: at most 20 servers beside the messenger servers (.120 and up)");
  CheckAddresses(c);
  CheckBenignInside(c);
  std::set<std::string> hosts;
  for (const auto& h : c.hosts) hosts.insert(h.name);
  std::map<std::string, MessengerKind> accounts;
  for (std::size_t i = 0; i < c.messengers.clients.size(); ++i) {
    const auto& client = c.messengers.clients[i];
    std::string key = c.source + ": messengers.clients[" + std::to_string(i) + "]";
    if (!hosts.count(client.host)) throw InputError(key + ".host: no host named '" + client.host + "'");
    if (!accounts.emplace(client.account, client.messenger).second)
      throw InputError(key + ".account: '" + client.account + "' is used twice");
  }
  for (std::size_t i = 0; i < c.messengers.clients.size(); ++i) {
    const auto& client = c.messengers.clients[i];
    if (client.peer.empty()) continue;
    std::string key = c.source + ": messengers.clients[" + std::to_string(i) + "].peer";
    auto peer = accounts.find(client.peer);
    if (peer == accounts.end() || peer->second != client.messenger || client.peer == client.account)
      throw InputError(key + ": no other " + ToString(client.messenger) + " client has the account '" + client.peer + "'");
  }
  if (!c.messengers.policy.empty()) ReadBlockPolicy(c.messengers.policy);
  if (!c.messengers.score_table.empty()) ReadIpTableCsv(c.messengers.score_table);
}

}  // namespace ntlab
