// The simulate step in ns-3 through the whole run pipeline, called as a library: its run folder
// is byte for byte what `ntlab run` writes (run.json aside: wall-clock time), so the command line
// adds nothing to a run but its arguments and messages.
#include "experiments/pipeline/sim/simulate-step.h"

#include "experiments/pipeline/run-pipeline.h"

#include "tests/support/run-folders.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include "tests/support/build-paths.h"

using namespace ntlab;
namespace fs = std::filesystem;

namespace {

std::string Folder(const std::string& name) {
  std::string dir = std::string(NTLAB_BINARY_DIR) + "/test-pipeline/" + name;
  fs::remove_all(dir);
  fs::create_directories(fs::path(dir).parent_path());
  return dir;
}

}  // namespace

TEST_CASE("simulate step: the pipeline as a library writes what ntlab run writes", "[sim][e2e]") {
  const std::string scenario = std::string(NTLAB_SOURCE_DIR) + "/tests/data/scenarios/small.yaml";
  RunRequest request;
  request.scenario_path = scenario;
  request.out_dir = Folder("library-run");
  request.references_path = std::string(NTLAB_SOURCE_DIR) + "/experiments/references/paper-001.yaml";
  double simulatedSeconds = 0;
  RunResult result = RunScenarioPipeline(
      request, Ns3Simulation([&](const SimulationProgress& p) { simulatedSeconds = p.simulated_s; }));
  CHECK(simulatedSeconds > 30);  // progress came, about once per simulated second
  CHECK(result.simulation.summary.pcap_files > 0);
  CHECK(result.simulation.summary.frames_captured > 100);

  const std::string cli = Folder("cli-run");
  std::string command = std::string(NTLAB_BINARY_DIR) + "/ntlab run " + scenario + " --out " + cli + " > " + cli +
                        ".log 2>&1";
  REQUIRE(std::system(command.c_str()) == 0);
  CHECK(test_support::CheckSameRunFiles(request.out_dir, cli) > 8);
}
