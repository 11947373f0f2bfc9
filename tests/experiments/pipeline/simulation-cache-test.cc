// The simulate step's cache: a run simulates into its own folder without a cache; with one, runs
// that differ only in analysis keys share one simulation, and any other change simulates anew.
// The simulation is a stand-in that counts its calls (no ns-3).
#include "experiments/pipeline/simulation-cache.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include "tests/support/build-paths.h"

using namespace ntlab;
namespace fs = std::filesystem;

namespace {

std::string Folder(const std::string& name) {
  std::string dir = std::string(NTLAB_BINARY_DIR) + "/test-pipeline/" + name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

/// Writes one file into the folder it is given and reports it was called `calls` times.
struct CountingSimulation {
  int calls = 0;
  SimulateFunction Function() {
    return [this](const ScenarioConfig& config, const std::string& dir) {
      ++calls;
      REQUIRE(fs::is_directory(dir + "/pcap"));
      std::ofstream(dir + "/truth.csv") << config.name << " " << config.seed << "\n";
      SimulationSummary s;
      s.frames_captured = 100u * config.seed;
      s.pcap_files = 3;
      s.wall_seconds = 1.5;
      return s;
    };
  }
};

SimulationRequest Request(const ScenarioConfig& config, const std::string& scenario, const std::string& run,
                          const std::string& cache, std::vector<ScenarioOverride> overrides = {}) {
  return {&config, scenario, std::move(overrides), run, cache, "test-version"};
}

}  // namespace

TEST_CASE("simulation cache: shared by analysis keys, redone for anything else", "[analysis][experiment]") {
  const std::string scenario = std::string(NTLAB_SOURCE_DIR) + "/tests/data/scenarios/small.yaml";
  const ScenarioConfig config = LoadScenario(scenario);
  const std::string dir = Folder("simulation-cache");
  CountingSimulation sim;

  SECTION("without a cache the run folder holds the simulation") {
    SimulationFiles files = ObtainSimulation(Request(config, scenario, dir + "/run", ""), sim.Function());
    CHECK(files.dir == dir + "/run");
    CHECK_FALSE(files.reused);
    CHECK(fs::exists(dir + "/run/truth.csv"));
    CHECK(ObtainSimulation(Request(config, scenario, dir + "/run", ""), sim.Function()).summary.pcap_files == 3);
    CHECK(sim.calls == 2);
  }

  SECTION("with a cache") {
    const std::string cache = dir + "/cache";
    SimulationFiles first = ObtainSimulation(Request(config, scenario, dir + "/a", cache), sim.Function());
    CHECK_FALSE(first.reused);
    CHECK(fs::path(first.dir).parent_path() == fs::path(cache));
    CHECK(fs::exists(first.dir + "/simulation.json"));

    // The poll interval and labelling settings are analysed after the simulation: reused.
    SimulationFiles again = ObtainSimulation(
        Request(config, scenario, dir + "/b", cache, {{"poll_interval", "5s"}, {"labeling.defer_learnt", "true"}}),
        sim.Function());
    CHECK(again.reused);
    CHECK(again.dir == first.dir);
    CHECK(again.summary.frames_captured == first.summary.frames_captured);
    CHECK(again.summary.wall_seconds == first.summary.wall_seconds);
    CHECK(sim.calls == 1);

    // Another seed is another simulation.
    ScenarioConfig seeded = config;
    seeded.seed = 9;
    SimulationFiles other =
        ObtainSimulation(Request(seeded, scenario, dir + "/c", cache, {{"seed", "9"}}), sim.Function());
    CHECK_FALSE(other.reused);
    CHECK(other.dir != first.dir);
    CHECK(other.summary.frames_captured == 900);
    CHECK(sim.calls == 2);

    // A simulation that fails leaves no entry to hand out: the next run simulates.
    ScenarioConfig other2 = config;
    other2.seed = 11;
    auto failing = [](const ScenarioConfig&, const std::string& simDir) -> SimulationSummary {
      std::ofstream(simDir + "/truth.csv") << "half\n";
      throw InputError("simulation stopped");
    };
    auto request11 = Request(other2, scenario, dir + "/e", cache, {{"seed", "11"}});
    CHECK_THROWS_AS(ObtainSimulation(request11, failing), InputError);
    SimulationFiles retried = ObtainSimulation(request11, sim.Function());
    CHECK_FALSE(retried.reused);
    CHECK(sim.calls == 3);
    std::size_t entries = 0;
    for (const auto& e : fs::directory_iterator(cache)) entries += e.is_directory();
    CHECK(entries == 3);  // the scenario's seed, 9 and 11; nothing half-made

    // A broken entry (killed half-way) is made again.
    std::ofstream(first.dir + "/simulation.json") << "{ not json";
    CHECK_FALSE(ObtainSimulation(Request(config, scenario, dir + "/d", cache), sim.Function()).reused);
    CHECK(sim.calls == 4);
  }
}

TEST_CASE("simulation cache key: code, scenario text and simulation overrides only", "[analysis][experiment]") {
  const std::string dir = Folder("simulation-key");
  const std::string scenario = dir + "/copy.yaml";
  fs::copy_file(std::string(NTLAB_SOURCE_DIR) + "/tests/data/scenarios/small.yaml", scenario);
  const ScenarioConfig config = LoadScenario(scenario);
  const std::string base = SimulationKeyText(Request(config, scenario, "", ""));
  CHECK(base.find("code test-version\n") == 0);
  CHECK(SimulationKeyText(Request(config, scenario, "", "", {{"poll_interval", "1s"}})) == base);
  CHECK(SimulationKeyText(Request(config, scenario, "", "", {{"events.loss", "0.2"}})) != base);
  SimulationRequest otherCode = Request(config, scenario, "", "");
  otherCode.code_version = "other";
  CHECK(SimulationKeyText(otherCode) != base);
  std::ofstream(scenario, std::ios::app) << "# an edit\n";
  CHECK(SimulationKeyText(Request(config, scenario, "", "")) != base);
}
