#include "experiments/runner/experiment-config.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include "tests/support/build-paths.h"

using namespace ntlab;

TEST_CASE("the shipped experiment files load and expand into runs", "[analysis][experiment]") {
  namespace fs = std::filesystem;
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(std::string(NTLAB_SOURCE_DIR) + "/experiments")) {
    if (entry.path().extension() != ".yaml") continue;
    INFO(entry.path());
    REQUIRE(IsExperimentFile(entry.path().string()));
    ExperimentConfig c = LoadExperiment(entry.path().string());
    std::size_t expected = 1;
    for (const auto& axis : c.sweep) expected *= axis.values.size();
    CHECK(c.Runs().size() == expected);
    ++files;
  }
  CHECK(files >= 3);
  CHECK_FALSE(IsExperimentFile(std::string(NTLAB_SOURCE_DIR) + "/scenarios/quickstart.yaml"));
}

TEST_CASE("experiment files are checked before anything runs", "[analysis][experiment]") {
  std::string path = std::string(NTLAB_BINARY_DIR) + "/test-bad-experiment.yaml";
  auto load = [&](const std::string& text) {
    std::ofstream(path) << text;
    try {
      LoadExperiment(path);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  std::string base = "name: x\nscenario: " + std::string(NTLAB_SOURCE_DIR) + "/scenarios/quickstart.yaml\n";
  CHECK(load(base + "sweep: {poll_interval: [50ms, 5s]}\n").empty());
  CHECK(load(base + "sweep: {poll_interval: [50ms, fast]}\n").find("run poll_interval=fast") != std::string::npos);
  CHECK(load(base + "sweep: {poll_interval: []}\n").find("sweep.poll_interval: expected a non-empty list") != std::string::npos);
  CHECK(load(base + "plots: [{x: seed, metrics: [post_rate]}]\n").find("'seed' is not a swept key") != std::string::npos);
  CHECK(load(base + "colour: red\n").find("colour: unknown key") != std::string::npos);
  CHECK(load(base + "sweep: {poll_interval: [50ms], seed: [1, 2]}\nrows_by: seed\n").find("rows_by") != std::string::npos);
  CHECK(load(base + "sweep: {poll_interval: [50ms]}\nrows_by: poll_interval\n").empty());
  CHECK(load("name: x\nscenario: nowhere.yaml\n").find("cannot open scenario file") != std::string::npos);
  // Found by tests/fuzz/experiment-fuzzer: a value listed twice made two runs with one id (and one
  // results folder).
  CHECK(load(base + "sweep: {seed: [1, 2, 1]}\n").find("sweep.seed: '1' is listed twice") != std::string::npos);
  CHECK(load(base + "sweep: {seed: [1], poll_interval: [50ms], seed: [2]}\n").find("sweep.seed: swept twice") !=
        std::string::npos);
  // Found by the experiment fuzz campaign: the product of the swept lists was spelled out in
  // memory before any check (2 GB for twenty keys of four values).
  std::string seeds, intervals;  // 101 x 2 x 50 = 10100 runs
  for (int i = 1; i <= 101; ++i) seeds += (i > 1 ? ", " : "") + std::to_string(i);
  for (int i = 1; i <= 50; ++i) intervals += (i > 1 ? ", " : "") + std::to_string(i) + "ms";
  const std::string huge = "sweep: {seed: [" + seeds + "], events.loss: [0, 0.01], poll_interval: [" + intervals + "]}\n";
  CHECK(load(base + huge).find("sweep: makes more than 10000 runs") != std::string::npos);
}

TEST_CASE("experiment set: and sweep: values are range-checked like scenario values", "[analysis][experiment]") {
  std::string path = std::string(NTLAB_BINARY_DIR) + "/test-bad-experiment-values.yaml";
  auto load = [&](const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
    try {
      LoadExperiment(path);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  std::string base = "name: x\nscenario: " + std::string(NTLAB_SOURCE_DIR) + "/scenarios/quickstart.yaml\n";
  std::string rate = load(base + "sweep: {network.lan.rate: [1Gbps, 0bps]}\n");
  CHECK(rate.find(path + ": run network.lan.rate=0bps: ") == 0);
  CHECK(rate.find("network.lan.rate: '0bps' is out of range") != std::string::npos);
  CHECK(load(base + "set: {events.loss: 1.5}\n").find("events.loss: must be within 0..1") != std::string::npos);
  CHECK(load(base + "set: {duration: 1s}\nsweep: {seed: [1, 0]}\n").find("run seed=0") != std::string::npos);

  std::string complex = load(base + "set: {[a, b]: 1}\n");
  CHECK(complex == path + ": set: a key must be a plain name, not a list or a mapping");
  std::string cr = load(base + "sweep: {poll_interval: [\"50ms\\r\"]}\n");
  CHECK(cr.find("'50ms\\x0d' has the control character \\x0d (not allowed)") != std::string::npos);
  CHECK(cr.find('\r') == std::string::npos);
  CHECK(load(base + "sweep: {poll_interval: [50ms]}\nplots: [{x: poll_interval, metrics: [a], log_x: maybe}]\n")
            .find("plots[0].log_x: 'maybe' is not true or false") != std::string::npos);
}

TEST_CASE("a sweep axis of named override groups makes one run per group", "[analysis][experiment]") {
  const std::string path = std::string(NTLAB_BINARY_DIR) + "/test-group-experiment.yaml";
  const std::string base = "name: x\nscenario: " + std::string(NTLAB_SOURCE_DIR) + "/scenarios/quickstart.yaml\n";
  std::ofstream(path) << base +
                             "sweep:\n  realism:\n    - off: {}\n    - clock: {logger.clock_offset: 100ms, "
                             "logger.clock_drift_ppm: 20}\n    - late: {logger.late_polls: true}\n"
                             "  labeling.engine: [paper, ntlab]\n";
  ExperimentConfig c = LoadExperiment(path);
  auto runs = c.Runs();
  REQUIRE(runs.size() == 6);
  CHECK(runs[0].id == "realism=off,labeling.engine=paper");
  CHECK(runs[0].overrides.size() == 1);  // only the engine
  CHECK(runs[2].id == "realism=clock,labeling.engine=paper");
  REQUIRE(runs[2].overrides.size() == 3);
  CHECK(runs[2].overrides[0].key == "logger.clock_offset");
  CHECK(runs[2].overrides[0].value == "100ms");
  CHECK(runs[2].swept[0].second == "clock");
  auto error = [&](const std::string& text) {
    std::ofstream(path) << text;
    try {
      LoadExperiment(path);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK(error(base + "sweep:\n  realism:\n    - off: {}\n    - on\n").find("mixes named groups") != std::string::npos);
  CHECK(error(base + "sweep:\n  realism:\n    - bad: {logger.late_polls: maybe}\n").find("maybe") != std::string::npos);
  CHECK(error(base + "sweep:\n  realism:\n    - a: {}\n    - a: {}\n").find("listed twice") != std::string::npos);
}

TEST_CASE("related experiments are named by file and output folder", "[analysis][experiment][related]") {
  const std::string dir = std::string(NTLAB_BINARY_DIR) + "/test-related-config";
  std::filesystem::create_directories(dir);
  const std::string base = "name: x\nscenario: " + std::string(NTLAB_SOURCE_DIR) + "/scenarios/quickstart.yaml\n";
  std::ofstream(dir + "/other.yaml") << base;
  std::ofstream(dir + "/scenario-only.yaml") << "duration: 1min\n";
  auto load = [&](const std::string& text) {
    std::ofstream(dir + "/this.yaml") << base << text;
    return LoadExperiment(dir + "/this.yaml");
  };
  ExperimentConfig c = load("related: [{experiment: other.yaml, out: ../other-out}]\n");
  REQUIRE(c.related.size() == 1);
  CHECK(c.related[0].experiment == dir + "/other.yaml");
  CHECK(c.related[0].out == "../other-out");
  CHECK_THROWS_WITH(load("related: [{experiment: missing.yaml, out: x}]\n"),
                    Catch::Contains("related[0].experiment") && Catch::Contains("is not an experiment file"));
  CHECK_THROWS_WITH(load("related: [{experiment: scenario-only.yaml, out: x}]\n"),
                    Catch::Contains("is not an experiment file"));
  CHECK_THROWS_WITH(load("related: [{experiment: other.yaml}]\n"), Catch::Contains("needs experiment and out"));
  CHECK_THROWS_WITH(load("related: [{experiment: other.yaml, out: x, colour: red}]\n"),
                    Catch::Contains("related[0].colour: unknown key"));
  CHECK_THROWS_WITH(load("related: other.yaml\n"), Catch::Contains("related: expected a list"));
  // The shipped experiment that uses it.
  ExperimentConfig realistic = LoadExperiment(std::string(NTLAB_SOURCE_DIR) + "/experiments/paper-001-realistic.yaml");
  REQUIRE(realistic.related.size() == 1);
  CHECK(realistic.related[0].out == "../sensitivity");
}
