// The kraken-bot behaviour's variants end to end (ntlab run on tests/data/scenarios/
// kraken-variants.yaml): a sealed bot walking the DGA v2 list under the dynamic-DNS zones still
// registers, updates and reaches its herder (its servers read the sealed wire), the detector
// finds no 447 header in its traffic, and a benign host running every confounder raises no alarm;
// the mail-client confounder alone delivers real SMTP and scores only the SMTP family.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <vector>
#include "tests/support/build-paths.h"

namespace fs = std::filesystem;

namespace {

int Ntlab(const std::string& args) {
  std::string command = std::string(NTLAB_BINARY_DIR) + "/ntlab " + args + " > /dev/null 2>&1";
  int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Rows of a small CSV as field vectors, the header first.
std::vector<std::vector<std::string>> ReadCsv(const fs::path& path) {
  std::vector<std::vector<std::string>> rows;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    std::stringstream s(line);
    std::string field;
    while (std::getline(s, field, ',')) fields.push_back(field);
    rows.push_back(fields);
  }
  return rows;
}

std::string Field(const std::vector<std::vector<std::string>>& rows, std::size_t row, const std::string& column) {
  for (std::size_t c = 0; c < rows[0].size(); ++c)
    if (rows[0][c] == column) return c < rows[row].size() ? rows[row][c] : "";
  return "?";
}

}  // namespace

TEST_CASE("kraken-bot: a sealed DGA v2 bot is found without its header, the confounders are not",
          "[sim][kraken][slow]") {
  std::string dir = std::string(NTLAB_BINARY_DIR) + "/test-runs/kraken-variants";
  fs::remove_all(dir);
  std::string scenario = std::string(NTLAB_SOURCE_DIR) + "/tests/data/scenarios/kraken-variants.yaml";
  REQUIRE(Ntlab("run " + scenario + " --out " + dir +
                " --set kraken.wire=sealed --set kraken.dga=v2-dyndns --set kraken.confounder=all") == 0);
  auto hosts = ReadCsv(dir + "/kraken/kraken_hosts.csv");
  REQUIRE(hosts.size() == 3);
  for (std::size_t r = 1; r < hosts.size(); ++r) {
    bool bot = Field(hosts, r, "host_ip") == "10.0.0.11";
    INFO(Field(hosts, r, "host_ip") << " score " << Field(hosts, r, "score"));
    CHECK(Field(hosts, r, "infected") == (bot ? "1" : "0"));
    CHECK(Field(hosts, r, "cnc_packets") == "0");  // sealed: no typed header anywhere
    // The benign host's only evidence is the mail client's SMTP (a Google server early on): 1 point.
    if (!bot) CHECK(Field(hosts, r, "score") == "1");
    if (bot) CHECK(Field(hosts, r, "dga") == "1");  // v2 under the dynamic-DNS zones
  }
  // The servers answered the sealed registration (a UDP 447 flow with a reply) and the bot got to
  // its herder (port 80 and 443 flows).
  auto flows = ReadCsv(dir + "/kraken/kraken_flows.csv");
  int answered447 = 0, herder = 0;
  for (std::size_t r = 1; r < flows.size(); ++r) {
    if (Field(flows, r, "host_ip") != "10.0.0.11") continue;
    if (Field(flows, r, "remote_port") == "447" && std::stoi(Field(flows, r, "packets")) >= 2) ++answered447;
    if (Field(flows, r, "category") == "herder") ++herder;
  }
  CHECK(answered447 >= 1);
  CHECK(herder >= 1);
  std::ifstream metrics(dir + "/kraken/kraken_metrics.json");
  auto m = nlohmann::json::parse(metrics);
  CHECK(m["host_grade"]["fp"] == 0);
  REQUIRE(m.contains("ablations"));
  CHECK(m["ablations"]["no_dga"]["hosts_flagged"] == 0);  // sealed and no DGA: nothing is left
}

TEST_CASE("kraken confounder mail-client: delivered SMTP on a schedule raises no alarm", "[sim][kraken][slow]") {
  std::string dir = std::string(NTLAB_BINARY_DIR) + "/test-runs/kraken-mail-client";
  fs::remove_all(dir);
  std::string scenario = std::string(NTLAB_SOURCE_DIR) + "/tests/data/scenarios/kraken-variants.yaml";
  // Load 4: a mail every 75 s (+-20 %), so the 4 minutes reach all three accounts' servers.
  REQUIRE(Ntlab("run " + scenario + " --out " + dir + " --set kraken.confounder=mail-client --set benign_load=4") == 0);
  auto hosts = ReadCsv(dir + "/kraken/kraken_hosts.csv");
  REQUIRE(hosts.size() == 3);
  for (std::size_t r = 1; r < hosts.size(); ++r) {
    if (Field(hosts, r, "host_ip") == "10.0.0.11") continue;
    INFO("benign host score " << Field(hosts, r, "score"));
    CHECK(Field(hosts, r, "infected") == "0");
    CHECK(std::stoi(Field(hosts, r, "smtp_sessions")) >= 3);
    CHECK(Field(hosts, r, "smtp_servers") == "3");
    CHECK(Field(hosts, r, "score") == "2");  // smtp_test + spam: the whole SMTP family, below 3
  }
  // Real SMTP: every port-25 flow of the benign host carried a dialogue, not a bare handshake.
  auto flows = ReadCsv(dir + "/kraken/kraken_flows.csv");
  int smtpFlows = 0;
  for (std::size_t r = 1; r < flows.size(); ++r) {
    if (Field(flows, r, "host_ip") == "10.0.0.11" || Field(flows, r, "remote_port") != "25") continue;
    ++smtpFlows;
    CHECK(std::stoi(Field(flows, r, "packets")) >= 12);
  }
  CHECK(smtpFlows >= 3);
}
