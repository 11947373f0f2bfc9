// The scenario's `messengers:` section: the shipped office loads with 004's addresses, the
// provider's moves apply up to the run's day, and bad values are one clear error each.
#include "scenarios/config/scenario-config.h"

#include <catch2/catch.hpp>

#include <fstream>
#include "tests/support/build-paths.h"

using namespace ntlab;

namespace {

const std::string kOffice = std::string(NTLAB_SOURCE_DIR) + "/scenarios/messengers-office.yaml";

std::string ErrorOf(const std::vector<ScenarioOverride>& overrides) {
  try {
    LoadScenario(kOffice, overrides);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("messengers config: the office loads with paper 004's addresses", "[analysis][scenario][messengers]") {
  ScenarioConfig c = LoadScenario(kOffice);
  REQUIRE(c.messengers.enabled);
  CHECK(FormatIpv4(c.messengers.msn.dispatch) == "64.4.9.254");
  CHECK(FormatIpv4(c.messengers.nateon.main) == "203.226.253.50");
  REQUIRE(c.messengers.clients.size() == 6);
  CHECK(FormatIpv4(c.messengers.buddybuddy.server) == "211.115.122.20");
  CHECK(c.messengers.clients[4].messenger == MessengerKind::BuddyBuddy);
  CHECK(std::string(ToString(c.messengers.clients[4].messenger)) == "buddybuddy");
  CHECK(c.messengers.clients[0].peer == "bob@hotmail.com");
  CHECK(c.messengers.clients[0].large_file == 1024 * 1024);
  CHECK(c.messengers.policy.empty());
  CHECK(c.messengers.moves.size() == 8);
}

TEST_CASE("messengers config: moves apply up to the run's day, in day order", "[analysis][scenario][messengers]") {
  ScenarioConfig day8 = LoadScenario(kOffice, {{"messengers.day", "8"}});
  CHECK(FormatIpv4(day8.messengers.msn.switchboard) == "207.46.108.77");
  CHECK(FormatIpv4(day8.messengers.nateon.main) == "203.226.254.20");
  CHECK(FormatIpv4(day8.messengers.msn.notification) == "207.46.107.41");  // moves on day 9
  ScenarioConfig day16 = LoadScenario(kOffice, {{"messengers.day", "16"}});
  CHECK(FormatIpv4(day16.messengers.msn.switchboard) == "65.54.228.30");
  CHECK(FormatIpv4(DispatchAddress(day16.messengers, MessengerKind::Msn)) == "64.4.12.254");
  CHECK(FormatIpv4(DispatchAddress(day16.messengers, MessengerKind::BuddyBuddy)) == "211.115.123.20");
  CHECK(MessengerServerAddresses(day16.messengers).back() == day16.messengers.buddybuddy.server);
}

TEST_CASE("messengers config: bypasses by name and the policy path", "[analysis][scenario][messengers]") {
  ScenarioConfig relay = LoadScenario(kOffice, {{"messengers.bypass.use", "via_relay"}});
  CHECK(relay.messengers.bypass.via_relay);
  CHECK_FALSE(relay.messengers.bypass.renamed_image);
  ScenarioConfig moved = LoadScenario(kOffice, {{"messengers.bypass.use", "dispatch_moved"}});
  CHECK(FormatIpv4(DispatchAddress(moved.messengers, MessengerKind::Msn)) == "64.4.12.200");
  CHECK(FormatIpv4(DispatchAddress(moved.messengers, MessengerKind::NateOn)) == "64.4.12.201");
  CHECK(FormatIpv4(DispatchAddress(moved.messengers, MessengerKind::BuddyBuddy)) == "64.4.12.202");
  ScenarioConfig policed = LoadScenario(kOffice, {{"messengers.policy", "policies/all.yaml"}});
  CHECK(policed.messengers.policy.find("scenarios/policies/all.yaml") != std::string::npos);
  CHECK(LoadScenario(kOffice, {{"messengers.policy", "none"}}).messengers.policy.empty());
}

TEST_CASE("messengers config: bad values are one error naming the key", "[analysis][scenario][messengers]") {
  CHECK_THAT(ErrorOf({{"messengers.bypass.use", "teleport"}}), Catch::Contains("messengers.bypass.use") &&
                                                                  Catch::Contains("not one of none"));
  CHECK_THAT(ErrorOf({{"messengers.msn.dispatch", "10.60.1.9"}}), Catch::Contains("lies in the LAN or internet segment"));
  CHECK_THAT(ErrorOf({{"messengers.msn.notification", "64.4.9.254"}}), Catch::Contains("share the address 64.4.9.254"));
  CHECK_THAT(ErrorOf({{"messengers.relay", "300.1.2.3"}}), Catch::Contains("not an IPv4 address"));
  CHECK_THAT(ErrorOf({{"messengers.buddybuddy.server", "207.46.107.41"}}), Catch::Contains("share the address 207.46.107.41"));
  CHECK_THAT(ErrorOf({{"messengers.policy", "policies/missing.yaml"}}), Catch::Contains("missing.yaml"));
  CHECK_THAT(ErrorOf({{"messengers.give_up", "0s"}}), Catch::Contains("messengers.give_up"));
  CHECK_THAT(ErrorOf({{"messengers.day", "-1"}}), Catch::Contains("messengers.day"));
  CHECK_THAT(ErrorOf({{"messengers.benign_inside.address", "64.4.9.254"}}),
             Catch::Contains("messengers.benign_inside.address") && Catch::Contains("messenger server's address"));
  CHECK_THAT(ErrorOf({{"messengers.benign_inside.address", "198.51.100.77"}}), Catch::Contains("internet segment"));
  CHECK_THAT(ErrorOf({{"messengers.benign_inside.address", "64.4.9.80"}, {"messengers.benign_inside.server", "nobody"}}),
             Catch::Contains("no web server named 'nobody'"));
}

TEST_CASE("messengers config: a benign server inside a messenger network, off by default", "[analysis][scenario][messengers]") {
  CHECK(LoadScenario(kOffice).messengers.benign_inside.address == 0);
  auto inside = LoadScenario(kOffice, {{"messengers.benign_inside.address", "64.4.9.80"}}).messengers.benign_inside;
  CHECK(inside.server == "portal");
  CHECK(FormatIpv4(inside.address) == "64.4.9.80");
}

TEST_CASE("messengers config: a messenger kind other than the three is refused", "[analysis][scenario][messengers]") {
  // Lists cannot be overridden: a copy of the office with one client's kind changed.
  std::ifstream in(kOffice);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string kind = "messenger: buddybuddy, image: BuddyBuddy.exe";
  REQUIRE(text.find(kind) != std::string::npos);
  text.replace(text.find(kind), kind.size(), "messenger: icq, image: BuddyBuddy.exe");
  const std::string path = std::string(NTLAB_BINARY_DIR) + "/messengers-office-icq.yaml";
  std::ofstream(path) << text;
  try {
    LoadScenario(path);
    FAIL("the icq client was accepted");
  } catch (const InputError& e) {
    CHECK_THAT(e.what(), Catch::Contains("not one of msn, nateon, buddybuddy"));
  }
}
