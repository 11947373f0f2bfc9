// The zeus-bot behaviour's overlap options end to end (ntlab run on tests/data/scenarios/
// zeus-small.yaml, 40 minutes): a bot whose config.bin fetch is not in the capture leaves the
// episode builder nothing to keep while it requires config.bin, and once that requirement is
// dropped the benign *.php posts of the same hosts (zeus.benign_php) become episodes too. With
// zeus.extra_behaviours the C&C commands six behaviours and k = 3 is no longer given.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <sys/wait.h>
#include "tests/support/build-paths.h"

namespace fs = std::filesystem;

namespace {

int Ntlab(const std::string& args) {
  std::string command = std::string(NTLAB_BINARY_DIR) + "/ntlab " + args + " > /dev/null 2>&1";
  int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

nlohmann::json ZeusMetrics(const std::string& dir) {
  std::ifstream in(dir + "/zeus/metrics.json");
  return nlohmann::json::parse(in);
}

}  // namespace

TEST_CASE("zeus-bot: config.bin missing from the capture, benign PHP posts beside the bot", "[sim][zeus][slow]") {
  std::string base = std::string(NTLAB_BINARY_DIR) + "/test-runs/zeus-overlap";
  fs::remove_all(base);
  std::string run = "run " + std::string(NTLAB_SOURCE_DIR) +
                    "/tests/data/scenarios/zeus-small.yaml --set duration=40min --set zeus.config_in_capture=false "
                    "--set zeus.benign_php=true --set zeus.idle=0.3";
  REQUIRE(Ntlab(run + " --out " + base + "/strict") == 0);
  auto strict = ZeusMetrics(base + "/strict");
  CHECK(strict["episodes"] == 0);
  CHECK(strict["dropped_pairs"].get<int>() >= 4);  // three bots' C&C pairs and the web app's pairs

  REQUIRE(Ntlab(run + " --set zeus.require_config_bin=false --out " + base + "/loose") == 0);
  auto loose = ZeusMetrics(base + "/loose");
  CHECK(loose["episodes"].get<int>() > 5);
  // Some episodes are the web app's posts to www.example.com, not the C&C's.
  std::ifstream episodes(base + "/loose/zeus/episodes.csv");
  std::string line;
  int webApp = 0, cnc = 0;
  while (std::getline(episodes, line)) {
    webApp += line.find(",www.example.com,") != std::string::npos ? 1 : 0;
    cnc += line.find(",cnc.example.biz,") != std::string::npos ? 1 : 0;
  }
  CHECK(webApp > 0);
  CHECK(cnc > 0);
}

// zeus.extra_behaviours on zeus-small.yaml (three bots, 90 min, polls every 2 min, 75 episodes):
// the C&C commands all six behaviours and k is no longer given. Without spread (every episode at
// its behaviour's means) the six classes are separable and the automatic k finds exactly 6; at
// the default spread, where the extra behaviours overlap the paper's three by design
// (docs/botnets.md), it does not: the silhouette prefers a coarse split (k = 2 on this seed), and
// the test records that rather than a number it wishes for.
TEST_CASE("zeus-bot: extra behaviours make six classes, found by the automatic k only without overlap", "[sim][zeus][slow]") {
  std::string base = std::string(NTLAB_BINARY_DIR) + "/test-runs/zeus-extra";
  fs::remove_all(base);
  std::string run = "run " + std::string(NTLAB_SOURCE_DIR) +
                    "/tests/data/scenarios/zeus-small.yaml --set zeus.extra_behaviours=1 --out " + base;
  REQUIRE(Ntlab(run + "/spread0 --set zeus.spread=0") == 0);
  REQUIRE(Ntlab(run + "/spread1") == 0);

  std::ifstream episodes(base + "/spread1/zeus/episodes.csv");
  std::string line;
  const std::set<std::string> six{"cookie_theft", "homepage_set", "os_shutdown", "form_grab", "screenshot", "file_download"};
  std::set<std::string> seen;
  while (std::getline(episodes, line))
    for (const auto& name : six)
      if (line.size() > name.size() && line.compare(line.size() - name.size() - 1, std::string::npos, "," + name) == 0)
        seen.insert(name);
  CHECK(seen == six);

  auto separable = ZeusMetrics(base + "/spread0");
  INFO("spread 0: " << separable.dump());
  CHECK(separable["episodes"].get<int>() >= 30);
  CHECK(separable["auto_k"]["k"] == 6);
  CHECK(separable["auto_k"]["ari"].get<double>() == Approx(1.0));
  // k = 3 cannot hold six classes: it merges them in pairs.
  CHECK(separable["purity"].get<double>() < 0.7);

  auto overlapping = ZeusMetrics(base + "/spread1");
  INFO("spread 1: " << overlapping.dump());
  CHECK(overlapping["purity"].get<double>() < 0.7);
  CHECK(overlapping["auto_k"]["k"].get<int>() < 6);
  CHECK(overlapping["auto_k"]["ari"].get<double>() < 0.9);
}
