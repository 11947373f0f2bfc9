// A table of bad scenario values through the real `ntlab run`: each one gives exit code 2 and one
// error line naming the key, never a crash, and the earlier run in --out stays as it was. Then the
// resource estimate: a run or an experiment past the limits is refused before anything is
// simulated, and the memory watch stops a run that outgrows its limit. (`validate`, in both
// builds: validate-command-test.cc.)
#include "tests/experiments/cli/bad-values-fixture.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

using namespace ntlab;
using namespace ntlab::bad_values;
namespace fs = std::filesystem;

TEST_CASE("run: a table of bad values, exit 2, one line naming the key, earlier run intact", "[sim][e2e]") {
  for (const auto& bad : BadValueTable()) {
    INFO(bad.args);
    std::string earlier = EarlierRun("table");
    CheckOneLineError(Ntlab("run " + bad.args + " --out " + earlier), bad.key);
    CheckEarlierRunIntact(earlier);
  }
}

TEST_CASE("run: past the limits it refuses before simulating and says how to override", "[sim][e2e]") {
  std::string earlier = EarlierRun("limits");
  auto out = Ntlab("run " + Paper001Small() + " --set duration=7d --set workload.sessions_per_day=50000000 --out " +
                   earlier);
  INFO(out.output);
  CHECK(out.exit_code == 2);
  CHECK(out.output.find("[estimate] estimate: ~") == 0);
  CHECK(out.output.find("passes the run limits") != std::string::npos);
  CHECK(out.output.find("--allow-large") != std::string::npos);
  CheckEarlierRunIntact(earlier);

  auto lowered = Ntlab("run " + Quickstart() + " --max-wall-h 0.0001 --out " + earlier);
  CHECK(lowered.exit_code == 2);
  CHECK(lowered.output.find("wall time") != std::string::npos);
  CheckEarlierRunIntact(earlier);
}

TEST_CASE("run: an experiment with one run past the limits is refused before any run starts", "[sim][e2e]") {
  std::string experiment = TestDir() + "/large-sweep.yaml";
  std::ofstream(experiment) << "name: large-sweep\nscenario: " << Quickstart()
                            << "\nset: {benign_load: 10}\nsweep: {duration: [1min, 7d]}\n";
  std::string out = TestDir() + "/large-sweep-out";
  fs::remove_all(out);
  auto refused = Ntlab("run " + experiment + " --out " + out);
  INFO(refused.output);
  CHECK(refused.exit_code == 2);
  CHECK(refused.output.find("[estimate] 2 runs, 2 simulations together: ") == 0);
  CHECK(refused.output.find("large-sweep.yaml: its largest run: the estimate passes the run limits") !=
        std::string::npos);
  CHECK_FALSE(fs::exists(out));
}

TEST_CASE("run: the memory watch stops a run past its limit with a message", "[sim][e2e]") {
  std::string dir = TestDir() + "/memory-watch";
  fs::remove_all(dir);
  // --allow-large skips the refusal before the run; the explicit memory limit is still watched.
  auto out = Ntlab("run " + Quickstart() + " --allow-large --max-memory-gb 0.001 --out " + dir);
  INFO(out.output);
  CHECK(out.exit_code == 2);
  CHECK(out.output.find("run stopped: memory") != std::string::npos);
  CHECK(out.output.find("--max-memory-gb") != std::string::npos);
  CHECK_FALSE(fs::exists(dir + "/metrics.json"));
}
