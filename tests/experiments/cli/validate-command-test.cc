// `ntlab validate` in both builds: the table of bad scenario values, one error line each naming the
// key; the resource estimate printed, with the run limits it passes; experiment files.
#include "tests/experiments/cli/bad-values-fixture.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include "tests/support/build-paths.h"

using namespace ntlab;
using namespace ntlab::bad_values;
namespace fs = std::filesystem;

TEST_CASE("validate: a table of bad values, one line each naming the key", "[analysis][e2e]") {
  for (const auto& bad : BadValueTable()) {
    if (bad.args.find(" -") != std::string::npos) continue;  // validate takes no overrides
    INFO(bad.args);
    CheckOneLineError(Ntlab("validate " + bad.args), bad.key);
  }
}

TEST_CASE("validate prints the resource estimate and the limits it passes", "[analysis][e2e]") {
  auto quick = Ntlab("validate " + Quickstart());
  CHECK(quick.exit_code == 0);
  CHECK(quick.output.find("estimate: ~") != std::string::npos);
  CHECK(quick.output.find("over the run limits") == std::string::npos);

  std::string large = EditedQuickstart("a-busy-week", "duration: 3min", "duration: 7d\nbenign_load: 10");
  auto week = Ntlab("validate " + large);
  CHECK(week.exit_code == 0);
  CHECK(week.output.find("over the run limits: capture") != std::string::npos);
  CHECK(week.output.find("over the run limits: wall time") != std::string::npos);

  auto sweep = Ntlab("validate " + std::string(NTLAB_SOURCE_DIR) + "/experiments/quickstart-polling-sweep.yaml");
  INFO(sweep.output);
  CHECK(sweep.exit_code == 0);
  CHECK(sweep.output.find("quickstart-polling-sweep.yaml: valid experiment: ") != std::string::npos);
  CHECK(sweep.output.find("60 runs, 3 simulations together: estimate: ~") != std::string::npos);
  CHECK(sweep.output.find("largest run: estimate: ~") != std::string::npos);
}
