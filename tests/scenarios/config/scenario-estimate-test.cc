// The resource estimate against what the shipped scenarios measured (docs/scenario-schema.md,
// "Resource estimate"): every figure within the calibration error the estimate states.
#include "scenarios/config/scenario-estimate.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include "tests/support/build-paths.h"

using namespace ntlab;

namespace {

/// A run as measured (ntlab run on the calibration machine, /usr/bin/time -v for memory).
struct Measured {
  const char* scenario;
  double frames, capture_bytes, socket_rows, memory_bytes, wall_s;
};

// Frames, PCAP bytes and socket-history rows are deterministic; memory is peak RSS, wall time the
// quiet-machine `ntlab run` time. paper-001: docs/benchmarks.md (6.0 M frames, ~4 GB, 258 k rows).
constexpr Measured kCalibration[] = {
    {"scenarios/quickstart.yaml", 22309, 17908846, 1259, 31016e3, 2.91},
    {"tests/data/scenarios/small.yaml", 3099, 1846741, 295, 29012e3, 1.67},
    {"tests/data/scenarios/paper-001-small.yaml", 60968, 40125105, 4588, 40468e3, 4.58},
    {"tests/data/scenarios/zeus-small.yaml", 12574, 4870638, 2858, 30864e3, 1.41},
    {"scenarios/kraken-office.yaml", 16369, 6720330, 2766, 31632e3, 1.67},
    {"scenarios/zeus-office.yaml", 431413, 359835200, 20464, 41672e3, 35.1},
    {"scenarios/paper-001.yaml", 6.0e6, 4.0e9, 258000, 217e6, 181},
};

double Ratio(double estimate, double measured) { return std::max(estimate / measured, measured / estimate); }

}  // namespace

TEST_CASE("the estimate is within its stated error on the calibration scenarios", "[analysis][scenario]") {
  EstimateError error = CalibrationError();
  for (const Measured& m : kCalibration) {
    INFO(m.scenario);
    ResourceEstimate e = EstimateResources(LoadScenario(std::string(NTLAB_SOURCE_DIR) + "/" + m.scenario));
    CHECK(Ratio(e.frames, m.frames) <= error.frames);
    CHECK(Ratio(e.capture_bytes, m.capture_bytes) <= error.capture_bytes);
    CHECK(Ratio(e.socket_rows, m.socket_rows) <= error.socket_rows);
    CHECK(Ratio(e.memory_bytes, m.memory_bytes) <= error.memory);
    CHECK(Ratio(e.wall_s, m.wall_s) <= error.wall);
  }
}

TEST_CASE("the estimate grows with the scenario and names the limits it passes", "[analysis][scenario]") {
  std::string quick = std::string(NTLAB_SOURCE_DIR) + "/scenarios/quickstart.yaml";
  ResourceEstimate base = EstimateResources(LoadScenario(quick));
  ResourceEstimate longer = EstimateResources(LoadScenario(quick, {{"duration", "30min"}}));
  ResourceEstimate busier = EstimateResources(LoadScenario(quick, {{"benign_load", "4"}}));
  CHECK(longer.frames == Approx(10 * base.frames).epsilon(0.01));
  CHECK(busier.frames > 3.5 * base.frames);
  CHECK(ExceededLimits(base, ResourceLimits{}).empty());

  ResourceEstimate week = EstimateResources(LoadScenario(quick, {{"duration", "7d"}, {"benign_load", "10"}}));
  auto exceeded = ExceededLimits(week, ResourceLimits{});
  REQUIRE(exceeded.size() == 3);
  CHECK(exceeded[0].find("memory ") == 0);
  CHECK(exceeded[1].find("capture ") == 0);
  CHECK(exceeded[1].find(" > 50.0 GB") != std::string::npos);
  CHECK(exceeded[2].find("wall time ") == 0);

  ResourceLimits tight;
  tight.capture_bytes = 1e6;
  CHECK(ExceededLimits(base, tight).size() == 1);
  CHECK(FormatEstimate(base).find("estimate: ~") == 0);
  CHECK(FormatBytes(17.9e6) == "18 MB");
  CHECK(FormatBytes(4.2e9) == "4.2 GB");
}
