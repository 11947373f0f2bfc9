// Scenario files (scenarios/config): LoadScenario, which parses the YAML, applies `--set`
// overrides, validates every key and range (ValidateScenario) and loads the workload catalog the
// scenario names. Input: the scenario file, then optionally a form feed (0x0c) and `--set`
// arguments, one per line (ParseOverride). The scenario sits in a scratch folder beside a small
// fixed catalog, catalog.yaml (the workload-catalog harness fuzzes that file).
// InputError is the documented refusal; any other exception (yaml-cpp's own included) is a finding.
#include "scenarios/config/scenario-config.h"
#include "scenarios/config/workload-catalog.h"
#include "tests/fuzz/fuzz-support.h"

#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ntlab;
  static const std::string catalog = fuzz::Scratch::Write("catalog.yaml", fuzz::Fixture("catalog.yaml"));
  (void)catalog;
  const std::string input(reinterpret_cast<const char*>(data), size);
  const std::size_t split = input.find('\f');
  const std::string path = fuzz::Scratch::Write("scenario.yaml", input.substr(0, split));
  std::vector<ScenarioOverride> overrides;
  if (split != std::string::npos) {
    std::istringstream lines(input.substr(split + 1));
    for (std::string line; std::getline(lines, line);)
      if (!fuzz::AcceptsOrRefuses([&] { overrides.push_back(ParseOverride(line)); })) return 0;
  }
  ScenarioConfig config;
  if (!fuzz::AcceptsOrRefuses([&] { config = LoadScenario(path, overrides); })) return 0;
  NTLAB_FUZZ_CHECK(config.source == path);
  NTLAB_FUZZ_CHECK(config.workload.enabled == (config.workload.loaded_catalog != nullptr));
  NTLAB_FUZZ_CHECK(config.duration_s > 0 && config.poll_interval_s > 0);
  for (const auto& o : overrides) NTLAB_FUZZ_CHECK(!o.key.empty() && !o.value.empty());
  return 0;
}
