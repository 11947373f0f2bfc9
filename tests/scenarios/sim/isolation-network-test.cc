// Paper 002's isolation in the simulation, end to end on a 2-host, 12-minute office: pc01 is moved
// into isolation at 6 min. With the paper's rules nothing from it reaches a node outside
// isolation, while the responder keeps its Zeus bot polling and reporting and the replayed
// episodes land in their originals' clusters; the two deliberately wrong rule sets leak, and the
// counters see it.
#include "tests/support/command-outcome.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using ntlab::test_support::Ntlab;

namespace {

const char* kScenario = R"(name: isolation-2host
seed: 3
duration: 12min
poll_interval: 10s
servers:
  - {name: cnc, kind: zeus-cnc, domains: [stats-update.example.biz], mix: {cookie_theft: 1, homepage_set: 1, os_shutdown: 1}}
  - {name: portal, kind: web, domains: [portal.example.com], response_bytes: {median: 3000, sigma: 0.5}}
hosts:
  - name: pc01
    processes:
      - {name: explorer.exe, behaviour: zeus-bot, cnc: cnc, poll: 30s, report_gap: 3s}
      - {name: chrome.exe, behaviour: browser, domains: [portal.example.com], interval: 60s, connections: [1, 2], lifetime: {median: 2s, sigma: 0.5}}
  - name: pc02
    processes:
      - {name: explorer.exe, behaviour: zeus-bot, cnc: cnc, poll: 30s, report_gap: 3s}
isolation: {subnet: 10.99.0.0/24, host: pc01, move_at: 6min}
)";

nlohmann::json RunIsolated(const fs::path& dir, const std::string& settings) {
  fs::create_directories(dir);
  std::ofstream(dir / "scenario.yaml") << kScenario;
  auto outcome = Ntlab("run " + (dir / "scenario.yaml").string() + " --out " + (dir / "run").string() + settings);
  INFO(outcome.output);
  REQUIRE(outcome.exit_code == 0);
  std::ifstream in(dir / "run" / "metrics.json");
  return nlohmann::json::parse(in).at("isolation");
}

}  // namespace

TEST_CASE("isolation sim: the paper's rules contain the moved bot, which keeps its behaviour", "[sim][isolation]") {
  const fs::path dir = fs::temp_directory_path() / ("ntlab-isolation-sim-" + std::to_string(::getpid()));
  nlohmann::json paper = RunIsolated(dir / "paper", "");
  CHECK(paper["leaked_packets"] == 0);
  CHECK(paper["contained_by_graph"] == true);  // proved from the switch's own flow rules
  CHECK(paper["graph_leak_path"].empty());
  for (const auto& [node, count] : paper["leaked_by_node"].items()) CHECK(count == 0);
  CHECK(paper["switch_verdicts"]["002 steps 1-2: commit, rewrite to the responder, force +est"] > 0);
  CHECK(paper["switch_verdicts"]["002 step 3: +est from the instance port"] > 0);
  CHECK(paper["answered"] > 0);
  CHECK(paper["unmatched"] == 0);
  CHECK(paper["replayed_episodes"] >= 3);
  CHECK(paper["paired_with_original"] == paper["replayed_episodes"]);
  CHECK(paper["same_cluster_rate"] == 1.0);
  CHECK(!fs::is_empty(dir / "paper" / "run" / "isolation-pcap"));  // the capture point inside isolation

  // The variant: answers three times as long are absorbed by the k = 3 model, but farther out.
  nlohmann::json variant = RunIsolated(dir / "variant", " --set isolation.responder.report_length_scale=3");
  CHECK(variant["leaked_packets"] == 0);
  CHECK(variant["mean_distance"].get<double>() > paper["mean_distance"].get<double>());
  CHECK(variant["beyond_training_radius"] == variant["replayed_episodes"]);

  for (const char* wrong : {"accept-new", "no-final-drop"}) {
    INFO(wrong);
    nlohmann::json leaky = RunIsolated(dir / wrong, std::string(" --set isolation.rules=") + wrong);
    CHECK(leaky["leaked_packets"] > 0);
    CHECK(leaky["leaked_by_node"]["gateway"] > 0);
    CHECK(leaky["contained_by_graph"] == false);
    CHECK(leaky["graph_leak_path"] == nlohmann::json::array({"instance", "switch:instance", "lan"}));
  }
  fs::remove_all(dir);
}
