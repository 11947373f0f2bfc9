// The label step's options: the scenario's labeling.engine selects the engine `ntlab run` labels
// with, as `ntlab label --engine` does.
#include "experiments/pipeline/label-step.h"

#include <catch2/catch.hpp>

using namespace ntlab;

TEST_CASE("label step: labeling.engine ntlab turns on the ntlab rules, paper leaves the paper's", "[analysis][pipeline]") {
  ScenarioConfig config;
  LabelOptions paper = RunLabelOptions(config, "sim", "out", true);
  CHECK(paper.engine_kind == LabelEngine::Paper);
  CHECK_FALSE(paper.engine.defer_learnt);
  CHECK_FALSE(paper.stage_a2.refuse_shared);
  CHECK_FALSE(paper.post.full_scan.remote_aware);
  CHECK(paper.post.full_scan.all_dates_on_ephemeral);
  CHECK(paper.stage_a.max_row_age == 0);
  config.labeling.engine = "ntlab";
  LabelOptions ntlab = RunLabelOptions(config, "sim", "out", true);
  CHECK(ntlab.engine_kind == LabelEngine::Ntlab);
  CHECK(ntlab.engine.defer_learnt);
  CHECK(ntlab.stage_a2.refuse_shared);
  CHECK(ntlab.stage_c.refuse_shared);
  CHECK(ntlab.stage_c.skip_shared_service_ports);
  CHECK(ntlab.stage_b.skip_shared_service_ports);
  CHECK(ntlab.stage_d.skip_shared_service_ports);
  CHECK_FALSE(ntlab.post.full_scan.all_dates_on_ephemeral);
  CHECK(ntlab.post.full_scan.remote_aware);
  CHECK(ntlab.stage_a.newer_event_wins);
  CHECK(ntlab.stage_a.refuse_nameless);
  CHECK(ntlab.stage_a.max_row_age == 5 * kUsPerSecond);
  CHECK(ntlab.stage_a.backtrack == paper.stage_a.backtrack);  // what the engine does not govern stays
}
