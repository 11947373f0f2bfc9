// An experiment's metrics.json from its runs' metrics: rows per setting with seeds pooled, rows_by
// nesting, the recommendation, failed runs left out, and a one-run experiment's metrics on top.
#include "experiments/pipeline/metrics-step.h"

#include <catch2/catch.hpp>

using namespace ntlab;

namespace {

RunOutcome Run(const std::string& poll, const std::string& seed, double engineRate, double cpu, bool ok = true) {
  RunOutcome run;
  run.spec.id = "poll_interval=" + poll + ",seed=" + seed;
  run.spec.swept = {{"poll_interval", poll}, {"seed", seed}};
  run.ok = ok;
  if (ok) run.metrics = {{"engine_rate", engineRate}, {"logger", {{"cpu_ms_per_s", cpu}}}, {"sessions", 10}};
  return run;
}

ExperimentConfig Sweep() {
  ExperimentConfig config;
  config.name = "sweep";
  config.scenario = "s.yaml";
  config.sweep = {{"poll_interval", {"50ms", "5s"}}, {"seed", {"1", "2"}}};
  config.table = {"engine_rate"};
  config.recommend = RecommendSpec{"poll_interval", "engine_rate", {0.9, 0.99}, {"logger.cpu_ms_per_s"}};
  return config;
}

}  // namespace

TEST_CASE("experiment metrics: one row per setting, the recommendation, failures counted", "[analysis][experiment]") {
  ExperimentConfig config = Sweep();
  std::vector<RunOutcome> runs{Run("50ms", "1", 0.95, 40), Run("50ms", "2", 0.97, 42), Run("5s", "1", 0.5, 1),
                               Run("5s", "2", 0, 0, false)};
  auto recommendations = Recommend(config, runs);
  nlohmann::json m = ExperimentMetrics(config, runs, recommendations);

  CHECK(m["experiment"] == "sweep");
  CHECK(m["runs"] == 4);
  CHECK(m["failed"] == 1);
  REQUIRE(m["rows"].size() == 2);
  CHECK(m["rows"][0]["poll_interval"] == "50ms");
  CHECK(m["rows"][0]["seeds"] == 2);
  CHECK(m["rows"][0]["engine_rate"]["mean"].get<double>() == Approx(0.96));
  CHECK(m["rows"][0]["engine_rate"]["min"] == 0.95);
  CHECK(m["rows"][1]["seeds"] == 1);  // the failed run is not pooled
  REQUIRE(m["recommendation"].size() == 2);
  CHECK(m["recommendation"][0]["threshold"] == 0.9);
  CHECK(m["recommendation"][0]["poll_interval"] == "50ms");
  CHECK(m["recommendation"][0]["logger.cpu_ms_per_s"] == 41);
  CHECK(m["recommendation"][1]["poll_interval"].is_null());  // nothing reaches 0.99
  CHECK_FALSE(m.contains("sessions"));                       // a sweep's runs stay in their rows
}

TEST_CASE("experiment metrics: rows_by nests the other settings, and one run is the experiment", "[analysis][experiment]") {
  ExperimentConfig config = Sweep();
  config.recommend.reset();
  config.sweep = {{"poll_interval", {"50ms", "5s"}}, {"labeling.events", {"true", "false"}}};
  config.rows_by = "poll_interval";
  std::vector<RunOutcome> runs;
  for (const char* poll : {"50ms", "5s"})
    for (const char* events : {"true", "false"}) {
      RunOutcome run = Run(poll, "1", 0.9, 1);
      run.spec.swept = {{"poll_interval", poll}, {"labeling.events", events}};
      runs.push_back(run);
    }
  nlohmann::json m = ExperimentMetrics(config, runs, Recommend(config, runs));
  REQUIRE(m["rows"].size() == 2);
  CHECK(m["rows"][1]["poll_interval"] == "5s");
  REQUIRE(m["rows"][1]["settings"].size() == 2);
  CHECK(m["rows"][1]["settings"][1]["labeling.events"] == "false");
  CHECK_FALSE(m["rows"][1]["settings"][1].contains("poll_interval"));
  CHECK_FALSE(m.contains("recommendation"));

  ExperimentConfig single = Sweep();
  single.sweep.clear();
  single.recommend.reset();
  RunOutcome only = Run("50ms", "1", 0.8, 3);
  only.spec.swept.clear();
  nlohmann::json s = ExperimentMetrics(single, {only}, {});
  CHECK(s["sessions"] == 10);             // the run's own metrics at the top level
  CHECK(s["engine_rate"] == 0.8);
  CHECK(s["experiment"] == "sweep");      // beside the experiment's
  CHECK(s["rows"][0]["seeds"] == 1);
}
