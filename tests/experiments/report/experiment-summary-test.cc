// The experiment table's summary of one metric over runs: numbers are averaged, and a true/false
// metric (e.g. isolation.contained_by_graph) counts as 1/0, so its mean is the share of runs where it holds.
#include "experiments/report/experiment-summary.h"

#include <catch2/catch.hpp>

using namespace ntlab;

TEST_CASE("experiment summary: a true/false metric summarises as the share of runs where it holds",
          "[analysis][experiments]") {
  std::vector<RunOutcome> runs(3);
  runs[0].metrics = {{"isolation", {{"contained_by_graph", true}, {"leaked_packets", 0}}}};
  runs[1].metrics = {{"isolation", {{"contained_by_graph", false}, {"leaked_packets", 2}}}};
  runs[2].metrics = {{"isolation", {{"contained_by_graph", false}, {"leaked_packets", 0}}}};
  std::vector<const RunOutcome*> all{&runs[0], &runs[1], &runs[2]};
  auto contained = SummarizeMetric(all, "isolation.contained_by_graph");
  REQUIRE(contained);
  CHECK(contained->n == 3);
  CHECK(contained->mean == Approx(1.0 / 3));
  CHECK(contained->min == 0.0);
  CHECK(contained->max == 1.0);
  CHECK(SummarizeMetric(all, "isolation.leaked_packets")->max == 2.0);
  CHECK_FALSE(SummarizeMetric(all, "isolation.graph_leak_path"));
}
