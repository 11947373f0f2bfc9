// The dns.* conditions of paper 000 (sharing, cache_min, cached_at_start, fixed_address_share,
// truth): loaded and checked, off by default, and the names regrouped by the sharing factor.
#include "scenarios/config/dns-conditions.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <functional>
#include <string>
#include "tests/support/build-paths.h"

using namespace ntlab;

namespace {

/// Writes the scenario under a name of its own (ctest runs the test cases in parallel).
std::string Scenario(const std::string& dns) {
  const std::string path = std::string(NTLAB_BINARY_DIR) + "/dns-conditions-" +
                           std::to_string(std::hash<std::string>{}(dns)) + ".yaml";
  std::ofstream(path) << "name: t\nduration: 10s\n" << dns
                      << "servers:\n"
                         "  - {name: s1, kind: web, domains: [a.example.com, b.example.com]}\n"
                         "  - {name: s2, kind: web, domains: [c.example.com]}\n"
                         "  - {name: s3, kind: web, domains: [d.example.com, e.example.com]}\n"
                         "hosts:\n  - name: pc01\n    processes:\n"
                         "      - {name: chrome.exe, behaviour: browser, domains: [a.example.com], interval: 5s}\n";
  return path;
}

}  // namespace

TEST_CASE("dns conditions are off unless set", "[analysis][scenario]") {
  const ScenarioConfig config = LoadScenario(Scenario(""));
  CHECK(config.dns.sharing == 0);
  CHECK(config.dns.cache_min_s == 0);
  CHECK_FALSE(config.dns.cached_at_start);
  CHECK(config.dns.fixed_address_share == 0);
  CHECK_FALSE(config.dns.truth);
  // Without sharing every name stays on its own server.
  const auto placed = PlaceWebNames(config);
  REQUIRE(placed.size() == 5);
  CHECK(placed[1].name == "b.example.com");
  CHECK(placed[1].server == 0);
  CHECK(placed[2].server == 1);
  CHECK(placed[4].server == 2);
}

TEST_CASE("dns sharing regroups the names onto the first servers", "[analysis][scenario]") {
  const ScenarioConfig config = LoadScenario(
      Scenario("dns: {ttl: 30s, sharing: 4, cache_min: 2min, cached_at_start: true, fixed_address_share: 0.25, truth: true}\n"));
  CHECK(config.dns.cache_min_s == 120);
  CHECK(config.dns.cached_at_start);
  CHECK(config.dns.fixed_address_share == 0.25);
  CHECK(config.dns.truth);
  const auto placed = PlaceWebNames(config);
  REQUIRE(placed.size() == 5);
  for (std::size_t i = 0; i < 4; ++i) CHECK(placed[i].server == 0);
  CHECK(placed[4].name == "e.example.com");
  CHECK(placed[4].server == 1);
}

TEST_CASE("dns conditions the scenario cannot meet are refused by key", "[analysis][scenario]") {
  auto refused = [](const std::string& dns, const std::string& key) {
    try {
      LoadScenario(Scenario(dns));
      FAIL("accepted: " + dns);
    } catch (const InputError& e) {
      INFO(e.what());
      CHECK(std::string(e.what()).find(key) != std::string::npos);
    }
  };
  // 5 names one per address need 5 web servers; there are 3.
  refused("dns: {sharing: 1}\n", "dns.sharing: 5 names at 1 per address need 5 web servers");
  refused("dns: {fixed_address_share: 1.5}\n", "dns.fixed_address_share");
  refused("dns: {cache_min: -1s}\n", "dns.cache_min");
  refused("dns: {cached_at_start: maybe}\n", "dns.cached_at_start");
  refused("dns: {shared: 2}\n", "dns");
  CHECK_NOTHROW(LoadScenario(Scenario("dns: {sharing: 2}\n")));
}

TEST_CASE("a nat section adds the capture outside the gateway, on an address of its own", "[analysis][scenario]") {
  CHECK_FALSE(LoadScenario(Scenario("dns: {}\n")).nat.enabled);
  const ScenarioConfig config = LoadScenario(Scenario("nat: {public_address: 203.0.113.50}\n"));
  CHECK(config.nat.enabled);
  CHECK(FormatIpv4(config.nat.public_address) == "203.0.113.50");
  CHECK(LoadScenario(Scenario("nat: {}\n")).nat.enabled);
  for (const char* bad : {"nat: {public_address: 10.0.0.9}\n", "nat: {public_address: 198.51.100.7}\n",
                          "nat: {public_address: 300.1.1.1}\n", "nat: {port: 5}\n"}) {
    INFO(bad);
    try {
      LoadScenario(Scenario(bad));
      FAIL("accepted");
    } catch (const InputError& e) {
      CHECK(std::string(e.what()).find("nat") != std::string::npos);
    }
  }
}
