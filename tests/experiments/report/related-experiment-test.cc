#include "experiments/report/related-experiment.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include "tests/support/build-paths.h"

using namespace ntlab;
namespace fs = std::filesystem;

namespace {

/// A folder holding a small related experiment (a loss sweep of the quickstart scenario) and this
/// experiment's output folder `main` beside where the related one's output goes (`sens`).
std::string PrepareFolder(const std::string& name) {
  const std::string dir = std::string(NTLAB_BINARY_DIR) + "/" + name;
  fs::remove_all(dir);
  fs::create_directories(dir + "/main");
  std::ofstream(dir + "/sensitivity.yaml") << "name: loss-sensitivity\ndescription: post rate against the loss\n"
                                              "scenario: " << NTLAB_SOURCE_DIR << "/scenarios/quickstart.yaml\n"
                                              "sweep:\n  events.short_loss: [0.1, 0.2, 0.3]\ntable: [post_rate]\n";
  return dir;
}

void WriteRun(const std::string& dir, const std::string& id, double postRate) {
  const fs::path run = fs::path(dir) / "sens" / "runs" / RunFolderName(id);
  fs::create_directories(run);
  std::ofstream(run / "metrics.json") << nlohmann::json{{"post_rate", postRate}}.dump();
}

}  // namespace

TEST_CASE("related experiment without results names the command that makes them", "[analysis][report][related]") {
  const std::string dir = PrepareFolder("test-related-experiment-absent");
  const std::string md = RenderRelatedExperiment({dir + "/sensitivity.yaml", "../sens"}, dir + "/main");
  CHECK(md.find("## Related experiment: loss-sensitivity") != std::string::npos);
  CHECK(md.find("post rate against the loss") != std::string::npos);
  CHECK(md.find("build/ntlab run " + dir + "/sensitivity.yaml --out " + dir + "/sens --jobs 2") != std::string::npos);
  CHECK(md.find("| settings |") == std::string::npos);
}

TEST_CASE("related experiment shows the finished runs it finds, with its figures", "[analysis][report][related]") {
  const std::string dir = PrepareFolder("test-related-experiment-present");
  WriteRun(dir, "events.short_loss=0.1", 0.999);
  WriteRun(dir, "events.short_loss=0.3", 0.995);
  // A run folder without readable metrics (interrupted, or a partial folder) is not a result.
  fs::create_directories(fs::path(dir) / "sens" / "runs" / RunFolderName("events.short_loss=0.2"));
  std::ofstream(fs::path(dir) / "sens" / "runs" / RunFolderName("events.short_loss=0.2") / "metrics.json") << "{";
  fs::create_directories(dir + "/sens/plots");
  std::ofstream(dir + "/sens/plots/post_rate-vs-x.svg") << "<svg/>";
  const std::string md = RenderRelatedExperiment({dir + "/sensitivity.yaml", "../sens"}, dir + "/main");
  CHECK(md.find("2 of 3 runs finished") != std::string::npos);
  CHECK(md.find("| events.short_loss=0.1 | 1 | 0.999 |") != std::string::npos);
  CHECK(md.find("| events.short_loss=0.3 | 1 | 0.995 |") != std::string::npos);
  CHECK(md.find("events.short_loss=0.2") == std::string::npos);
  CHECK(md.find("![post_rate-vs-x.svg](../sens/plots/post_rate-vs-x.svg)") != std::string::npos);
  CHECK(md.find("Not run yet") == std::string::npos);
  CHECK(md.find("[report](../sens/report.md)") != std::string::npos);
}

TEST_CASE("related experiment that no longer loads is named with its error", "[analysis][report][related]") {
  const std::string dir = PrepareFolder("test-related-experiment-broken");
  std::ofstream(dir + "/sensitivity.yaml") << "name: broken\n";  // no scenario
  const std::string md = RenderRelatedExperiment({dir + "/sensitivity.yaml", "../sens"}, dir + "/main");
  CHECK(md.find("could not be loaded") != std::string::npos);
  CHECK(md.find("scenario: required key is missing") != std::string::npos);
}

TEST_CASE("finished runs in a folder follow the sweep order", "[analysis][report][related]") {
  const std::string dir = PrepareFolder("test-related-experiment-order");
  WriteRun(dir, "events.short_loss=0.3", 0.995);
  WriteRun(dir, "events.short_loss=0.1", 0.999);
  ExperimentConfig config = LoadExperiment(dir + "/sensitivity.yaml");
  auto runs = FinishedRunsIn(config, dir + "/sens");
  REQUIRE(runs.size() == 2);
  CHECK(runs[0].spec.id == "events.short_loss=0.1");
  CHECK(runs[1].spec.id == "events.short_loss=0.3");
  CHECK(runs[0].ok);
  CHECK(runs[0].metrics["post_rate"] == 0.999);
  CHECK(FinishedRunsIn(config, dir + "/nowhere").empty());
}
