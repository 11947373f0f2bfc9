#include "experiments/report/experiment-report.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include "tests/support/build-paths.h"

using namespace ntlab;

namespace {

/// A run of the sweep over poll_interval with a post-processing rate.
RunOutcome PollRun(const std::string& interval, double postRate) {
  RunOutcome run;
  run.spec.id = "poll_interval=" + interval;
  run.spec.overrides = {{"poll_interval", interval}};
  run.spec.swept = {{"poll_interval", interval}};
  run.ok = true;
  run.metrics = {{"post_rate", postRate}, {"engine_rate", 0.9}};
  return run;
}

}  // namespace

TEST_CASE("experiment report marks the swept figures beside the paper's", "[analysis][report][provenance]") {
  const std::string dir = std::string(NTLAB_BINARY_DIR) + "/test-experiment-report-marks";
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/office.yaml") << "poll_interval: 50ms\n";
  std::ofstream(dir + "/refs.yaml") << "engine_only: {rate: 0.9017}\nafter_post_processing: {rate: 0.998}\n"
                                       "beside: {post_rate: after_post_processing.rate, engine_rate: engine_only.rate}\n"
                                       "provenance:\n  scenario: office.yaml\n  calibrated:\n"
                                       "    post_rate: {knobs: {poll_interval: 50ms}}\n";
  ExperimentConfig config;
  config.name = "marks";
  config.scenario = dir + "/office.yaml";
  config.references = dir + "/refs.yaml";
  config.sweep = {{"poll_interval", {"50ms", "1s"}}};
  std::vector<RunOutcome> runs{PollRun("50ms", 0.998), PollRun("1s", 0.99)};
  WriteExperimentReport(config, runs, {}, dir);
  std::ifstream in(dir + "/report.md");
  std::string report((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(report.find("## Beside the paper, marked") != std::string::npos);
  CHECK(report.find("| paper | 0.998 | 0.9017 |") != std::string::npos);
  CHECK(report.find("| poll_interval=50ms | 0.998 **calibrated** | 0.9 **predicted** |") != std::string::npos);
  CHECK(report.find("| poll_interval=1s | 0.99 **predicted** | 0.9 **predicted** |") != std::string::npos);
  // How ntlab compares is not one of the paper's figures.
  CHECK(report.find("| beside.") == std::string::npos);
  CHECK(report.find("| provenance.") == std::string::npos);
}
