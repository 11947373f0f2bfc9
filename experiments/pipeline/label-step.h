// The label step: the same labelling run as `ntlab label` (analyzers/labeling), on the run's
// captures and emulated socket log, with the scenario's labelling settings and the truth.
#pragma once

#include "analyzers/labeling/labeling-pipeline.h"
#include "scenarios/config/scenario-config.h"

#include <string>

namespace ntlab {

struct LabelStepResult {
  LabelOptions options;            // what was labelled with (events or not, engine settings)
  LabelSummary summary;
};

/// The options `ntlab run` labels with: captures, truth and events (when the scenario records
/// them and `use_events`) from the simulation folder, the socket log from the run folder.
LabelOptions RunLabelOptions(const ScenarioConfig& config, const std::string& simulation_dir,
                             const std::string& out_dir, bool use_events);

/// Writes <out_dir>/labels.csv.
LabelStepResult LabelStep(const ScenarioConfig& config, const std::string& simulation_dir,
                          const std::string& out_dir, bool use_events);

}  // namespace ntlab
