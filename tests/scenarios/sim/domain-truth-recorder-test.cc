// Paper 000's DNS conditions simulated end to end (tests/data/scenarios/dns-conditions.yaml): the
// domain truth names what each connection meant, the sharing factor puts several names on one
// address, and the labeller meets every failure the conditions were made for: shared addresses,
// answers cached past their TTL, answers cached before the capture, hard-coded addresses; and
// behind the NAT the outside capture's flows merge back onto their hosts by packet hashes.
#include "analyzers/formats/domain-files.h"
#include "analyzers/formats/merge-files.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sys/wait.h>
#include "tests/support/build-paths.h"

namespace fs = std::filesystem;
using namespace ntlab;

namespace {

std::string RunDomainScenario() {
  const std::string dir = std::string(NTLAB_BINARY_DIR) + "/test-runs/dns-conditions";
  fs::remove_all(dir);
  fs::create_directories(fs::path(dir).parent_path());
  const std::string command = std::string(NTLAB_BINARY_DIR) + "/ntlab run " + NTLAB_SOURCE_DIR +
                              "/tests/data/scenarios/dns-conditions.yaml --out " + dir + " > " + dir + ".log 2>&1";
  const int status = std::system(command.c_str());
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  return dir;
}

}  // namespace

TEST_CASE("dns conditions: the truth, the shared addresses and every way a DNS label fails", "[sim][domains]") {
  const std::string dir = RunDomainScenario();
  const auto truth = ReadExpectedDomainsCsv(dir + "/expected-domains.csv");
  REQUIRE(truth.size() >= 30);

  // Sharing 2: a and b answered by s1 (.10), c and d by s2 (.11); s3 and s4 get no name.
  const std::map<std::string, std::string> expectedServer{{"a.example.com", "198.51.100.10"},
                                                          {"b.example.com", "198.51.100.10"},
                                                          {"c.example.com", "198.51.100.11"},
                                                          {"d.example.com", "198.51.100.11"}};
  for (const auto& row : truth) {
    const std::string server = FormatIp(row.remote.ip);
    CHECK(row.remote.port == 443);
    // Every connection meant a name, hard-coded or not, and reached that name's address.
    REQUIRE(expectedServer.count(row.domain) == 1);
    CHECK(expectedServer.at(row.domain) == server);
  }

  std::set<std::string> decisions;
  for (const auto& flow : ReadDomainFlowsCsv(dir + "/domains/flows.csv")) decisions.insert(flow.decision);
  CHECK(decisions.count("dns") + decisions.count("shared_first_flow") + decisions.count("shared_latest") > 0);
  CHECK(decisions.count("shared_first_flow") + decisions.count("shared_latest") > 0);  // two names per address
  CHECK(decisions.count("expired") == 1);    // cache_min 30 s outlives the 10 s TTL
  CHECK(decisions.count("no_answer") == 1);  // cached before the capture, and hard-coded addresses

  nlohmann::json metrics = nlohmann::json::parse(std::ifstream(dir + "/metrics.json"));
  const nlohmann::json& domains = metrics.at("domains");
  CHECK(domains.at("truth_flows").get<std::size_t>() == truth.size());
  CHECK(domains.at("truth_flows_seen").get<std::size_t>() > truth.size() * 9 / 10);
  // Every condition costs labels, so the rates cannot be perfect here.
  CHECK(domains.at("flow_label_rate").get<double>() < 0.95);
  // The truth names a domain for every connection, so every unlabelled flow is a miss.
  CHECK(domains.at("unlabelled_accuracy").get<double>() == 0.0);
  CHECK(domains.at("label_accuracy").get<double>() > 0.5);
  const nlohmann::json& simulation = metrics.at("simulation");
  CHECK(simulation.at("domain_truth_rows").get<std::size_t>() == truth.size());
  // fixed_address_share 0.3 of the activities: some connections hard-coded, never most.
  CHECK(simulation.at("domain_truth_hard_coded").get<std::size_t>() > 0);
  CHECK(simulation.at("domain_truth_hard_coded").get<std::size_t>() < truth.size() / 2);

  // Behind the NAT: the outside capture shows one public address, and the merge puts its flows
  // back on their hosts without ever changing the remote end.
  CHECK(simulation.at("outside_frames_captured").get<std::size_t>() > 100);
  const nlohmann::json& merge = metrics.at("merge");
  CHECK(merge.at("merge_rate").get<double>() > 0.9);
  CHECK(merge.at("merged_remote_agrees").get<double>() == 1.0);
  CHECK(merge.at("merged_with_process").get<std::size_t>() > 0);
  CHECK(merge.at("merged_with_domain").get<std::size_t>() > 0);
  std::set<std::string> publicSides, hosts;
  for (const auto& row : ReadMergedFlowsCsv(dir + "/merge/merged.csv")) {
    publicSides.insert(FormatIp(row.public_side.ip));
    if (row.merged) hosts.insert(FormatIp(row.host.ip));
  }
  CHECK(publicSides == std::set<std::string>{"203.0.113.9"});
  CHECK(hosts == std::set<std::string>{"10.0.0.11", "10.0.0.12"});

  // The device view: the run's socket log gives every flow its process, and pc01's (which has
  // users) its owner, graded against truth.csv and process-owners.csv.
  CHECK(domains.at("process_accuracy").get<double>() > 0.5);
  CHECK(domains.at("user_flows_graded").get<std::size_t>() > 0);
  CHECK(domains.at("user_accuracy").is_number());
  std::set<std::string> pc01Users, pc02Users;
  for (const auto& flow : ReadDomainFlowsCsv(dir + "/domains/flows.csv")) {
    CHECK_FALSE(flow.process.empty());
    (FormatIp(flow.host.ip) == "10.0.0.11" ? pc01Users : pc02Users).insert(flow.user);
  }
  CHECK(pc02Users == std::set<std::string>{""});
  CHECK((pc01Users.count("ann") + pc01Users.count("bo")) > 0);
  CHECK(domains.at("user_bytes").contains("SYSTEM"));  // the DNS Client service's lookups
}
