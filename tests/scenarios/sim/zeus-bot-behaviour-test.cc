// The zeus-bot behaviour's overlap options end to end (ntlab run on tests/data/scenarios/
// zeus-small.yaml, 40 minutes): a bot whose config.bin fetch is not in the capture leaves the
// episode builder nothing to keep while it requires config.bin, and once that requirement is
// dropped the benign *.php posts of the same hosts (zeus.benign_php) become episodes too.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/wait.h>

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
