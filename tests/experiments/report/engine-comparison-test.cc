#include "experiments/report/engine-comparison.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include "tests/support/build-paths.h"

using namespace ntlab;

namespace {

/// A confidence curve of 21 points whose labels below `step_direct` are learnt (precision 0.5) and
/// the rest direct (precision 1): coverage falls from `all` to `direct` at that step.
nlohmann::json Curve(double all, double direct, int step_direct) {
  nlohmann::json curve = nlohmann::json::array();
  for (int k = 0; k <= 20; ++k)
    curve.push_back({{"threshold", k / 20.0},
                     {"coverage", k < step_direct ? all : direct},
                     {"precision", k < step_direct ? 0.9 : 1.0},
                     {"sessions", 0}});
  return curve;
}

RunOutcome EngineRun(const std::string& group, const std::string& engine, const std::string& seed, double engineRate,
                     double accuracy) {
  RunOutcome run;
  run.spec.id = "realism=" + group + ",labeling.engine=" + engine + ",seed=" + seed;
  run.spec.swept = {{"realism", group}, {"labeling.engine", engine}, {"seed", seed}};
  run.spec.overrides = {{"labeling.engine", engine}, {"seed", seed}};
  run.ok = true;
  run.metrics = {{"engine_rate", engineRate},
                 {"post_rate", 0.99},
                 {"accuracy", accuracy},
                 {"has_truth", true},
                 {"stages", {{"A", {{"decided", 100}, {"accuracy", 1.0}}},
                             {"C", {{"decided", engine == "paper" ? 40 : 0},
                                     {"accuracy", engine == "paper" ? nlohmann::json(0.75) : nlohmann::json()}}}}},
                 {"confidence_curve", Curve(0.99, 0.8, engine == "paper" ? 10 : 19)}};
  return run;
}

ExperimentConfig EngineExperiment(const std::string& dir) {
  ExperimentConfig config;
  config.name = "engines";
  config.scenario = dir + "/office.yaml";
  config.references = dir + "/refs.yaml";
  config.sweep = {{"realism", {"off", "clock"}, {}}, {"labeling.engine", {"paper", "ntlab"}, {}},
                  {"seed", {"1", "2"}, {}}};
  return config;
}

std::vector<RunOutcome> EngineRuns() {
  std::vector<RunOutcome> runs;
  for (const char* group : {"off", "clock"})
    for (const char* engine : {"paper", "ntlab"})
      for (const char* seed : {"1", "2"})
        runs.push_back(EngineRun(group, engine, seed, std::string(engine) == "paper" ? 0.98 : 0.84,
                                 std::string(seed) == "1" ? 0.96 : 0.98));
  return runs;
}

std::string PrepareFolder(const std::string& name) {
  const std::string dir = std::string(NTLAB_BINARY_DIR) + "/" + name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/office.yaml") << "poll_interval: 50ms\n";
  std::ofstream(dir + "/refs.yaml") << "engine_only: {rate: 0.9017}\nafter_post_processing: {rate: 0.998}\n"
                                       "beside: {post_rate: after_post_processing.rate, engine_rate: engine_only.rate}\n"
                                       "provenance:\n  scenario: office.yaml\n";
  return dir;
}

}  // namespace

TEST_CASE("engine comparison puts both engines of each group side by side with the paper and marks",
          "[analysis][report][engines]") {
  const std::string dir = PrepareFolder("test-engine-comparison");
  const std::string md = RenderEngineComparison(EngineExperiment(dir), EngineRuns());
  CHECK(md.find("| settings | engine only, paper | engine only, ntlab | after post-processing, paper | "
                "after post-processing, ntlab | right, paper | right, ntlab |") != std::string::npos);
  CHECK(md.find("| paper | 90.17 % | 90.17 % | 99.80 % | 99.80 % | no figure | no figure |") != std::string::npos);
  // Seeds pooled (accuracy 0.96 and 0.98), engines apart; rates beside a paper figure are marked.
  CHECK(md.find("| realism=off | 98.00 % **predicted** | 84.00 % **predicted** | 99.00 % **predicted** | "
                "99.00 % **predicted** | 97.00 % | 97.00 % |") != std::string::npos);
  // Per stage: only the stages that decided something; the ntlab engine's C decided none.
  CHECK(md.find("| settings | engine | A | C |") != std::string::npos);
  CHECK(md.find("| realism=clock | paper | 100 / 100.00 % | 40 / 75.00 % |") != std::string::npos);
  CHECK(md.find("| realism=clock | ntlab | 100 / 100.00 % | 0 / n/a |") != std::string::npos);
}

TEST_CASE("engine comparison is absent when the engine is not swept", "[analysis][report][engines]") {
  const std::string dir = PrepareFolder("test-engine-comparison-none");
  ExperimentConfig config = EngineExperiment(dir);
  config.sweep.erase(config.sweep.begin() + 1);
  CHECK(SweptEngines(config).empty());
  CHECK(RenderEngineComparison(config, EngineRuns()).empty());
}

TEST_CASE("confidence table gives each group and engine its curve at the table's thresholds",
          "[analysis][report][confidence]") {
  const std::string dir = PrepareFolder("test-engine-comparison-curves");
  const ExperimentConfig config = EngineExperiment(dir);
  const std::string md = RenderConfidenceTable(config, EngineRuns());
  CHECK(md.find("| settings | engine | >= 0.00 | >= 0.50 | >= 0.80 | >= 0.95 | >= 1.00 |") != std::string::npos);
  // The paper runs' learnt labels (below step 10) are gone from 0.50 on; the ntlab runs' from 0.95.
  CHECK(md.find("| realism=off | paper | 99.00 %, 90.00 % | 80.00 %, 100.00 % | 80.00 %, 100.00 % | 80.00 %, 100.00 % | "
                "80.00 %, 100.00 % |") != std::string::npos);
  CHECK(md.find("| realism=off | ntlab | 99.00 %, 90.00 % | 99.00 %, 90.00 % | 99.00 %, 90.00 % | 80.00 %, 100.00 % | "
                "80.00 %, 100.00 % |") != std::string::npos);
  std::vector<RunOutcome> withoutTruth = EngineRuns();
  for (auto& run : withoutTruth)
    for (auto& point : run.metrics["confidence_curve"]) point["precision"] = nullptr;
  CHECK(RenderConfidenceTable(config, withoutTruth).empty());
}

TEST_CASE("mean curve point pools seeds and skips runs without the point", "[analysis][report][confidence]") {
  std::vector<RunOutcome> runs = EngineRuns();
  runs[1].metrics["confidence_curve"][5]["coverage"] = 0.5;
  runs[1].metrics["confidence_curve"][5]["precision"] = 0.8;
  CurvePoint p = MeanCurvePoint({&runs[0], &runs[1]}, 5);
  REQUIRE(p.coverage);
  CHECK(*p.coverage == Approx((0.99 + 0.5) / 2));
  CHECK(*p.precision == Approx((0.9 + 0.8) / 2));
  runs[2].metrics.erase("confidence_curve");
  p = MeanCurvePoint({&runs[2]}, 5);
  CHECK_FALSE(p.coverage);
  CHECK_FALSE(p.precision);
}

TEST_CASE("confidence curves draw one figure per engine with a line per group", "[analysis][report][confidence]") {
  const std::string dir = PrepareFolder("test-engine-comparison-figures");
  auto figures = DrawConfidenceCurves(EngineExperiment(dir), EngineRuns(), dir);
  if (figures.empty()) {
    WARN("gnuplot is not installed: no figure drawn");
    return;
  }
  REQUIRE(figures == std::vector<std::string>{"plots/confidence-curves-paper.svg", "plots/confidence-curves-ntlab.svg"});
  std::ifstream dat(dir + "/plots/confidence-curves-paper.dat");
  std::string header;
  std::getline(dat, header);
  CHECK(header == "\"threshold\"\t\"realism=off coverage\"\t\"realism=off\"\t\"realism=clock coverage\"\t\"realism=clock\"");
}
