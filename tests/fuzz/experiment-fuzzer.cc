// Experiment files (experiments/runner/experiment-config.h): LoadExperiment parses the YAML,
// expands the sweep into runs and loads the scenario once per run with that run's overrides.
// The input is the experiment file, in a scratch folder beside a small fixed scenario,
// scenario.yaml (the scenario harness fuzzes that file). InputError is the documented refusal;
// any other exception (yaml-cpp's own included) is a finding. An accepted experiment lists runs
// with distinct ids, one per combination of swept values.
#include "experiments/runner/experiment-config.h"
#include "tests/fuzz/fuzz-support.h"

#include <cstdint>
#include <set>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ntlab;
  static const std::string scenario = fuzz::Scratch::Write("scenario.yaml", fuzz::Fixture("scenario.yaml"));
  (void)scenario;
  const std::string path = fuzz::Scratch::Write("experiment.yaml", data, size);
  ExperimentConfig config;
  if (!fuzz::AcceptsOrRefuses([&] { config = LoadExperiment(path); })) return 0;
  const auto runs = config.Runs();
  std::size_t combinations = 1;
  for (const auto& axis : config.sweep) combinations *= axis.values.size();
  NTLAB_FUZZ_CHECK(runs.size() == combinations);
  std::set<std::string> ids;
  for (const auto& run : runs) ids.insert(run.id);
  NTLAB_FUZZ_CHECK(ids.size() == runs.size() || config.sweep.empty());
  return 0;
}
