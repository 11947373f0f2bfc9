// `ntlab run` in the analysis-only build (-DNTLAB_WITH_SIMULATION=OFF): running a scenario or an
// experiment simulates it in ns-3, which this build leaves out. The command stays visible so that
// whoever asks for it learns how to get it.
#include "analyzers/formats/basic-types.h"
#include "experiments/cli/commands.h"

namespace ntlab {

Subcommand AddRunCommand(CLI::App& app) {
  auto* run = app.add_subcommand(
      "run", "Simulate a scenario (full build only: this ntlab was built without ns-3, see .ci/setup)");
  run->allow_extras();
  return {run, []() -> int {
            throw InputError(
                "run simulates in ns-3, which this analysis-only build (-DNTLAB_WITH_SIMULATION=OFF) leaves out; "
                "for `ntlab run`, make the full build with .ci/setup and use build/ntlab");
          }};
}

}  // namespace ntlab
