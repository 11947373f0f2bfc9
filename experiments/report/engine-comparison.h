// The labelling engines side by side in an experiment report (issue 10): for an experiment that
// sweeps `labeling.engine`, one row per group of the other settings with each engine's
// engine-only rate, post-processing rate and accuracy beside the paper's figures and their
// input/calibrated/predicted marks, each engine's per-stage decided/right, and the
// precision-coverage curves over the label confidence (analyzers/labeling/label-confidence.h),
// one line per group and engine. The curves are drawn for any experiment whose runs have a truth.
#pragma once

#include "experiments/report/experiment-summary.h"
#include "experiments/runner/experiment-config.h"
#include "experiments/runner/experiment-runner.h"

#include <optional>
#include <string>
#include <vector>

namespace ntlab {

/// The swept key that selects the labelling engine (scenario key `labeling.engine`).
inline constexpr const char* kEngineAxis = "labeling.engine";

/// The engine axis's values in the experiment's order; empty when the experiment does not sweep it.
std::vector<std::string> SweptEngines(const ExperimentConfig& config);

/// "## Both engines, side by side": the rates table (with the paper row and marks when the
/// experiment has `references:`) and the per-stage table; "" without an engine axis.
std::string RenderEngineComparison(const ExperimentConfig& config, const std::vector<RunOutcome>& runs);

/// The mean over a group's runs of the confidence curve's point at `threshold_step` (0 ..
/// ConfidenceCurve::kSteps): coverage and precision, each null when no run has it.
struct CurvePoint {
  std::optional<double> coverage, precision;
};
CurvePoint MeanCurvePoint(const std::vector<const RunOutcome*>& runs, int threshold_step);

/// plots/confidence-curves*.svg: precision against coverage as the threshold rises, one line per
/// group (mean over seeds); one figure per engine when the engine is swept. Paths relative to
/// out_dir; none when gnuplot is missing or no run has a truth.
std::vector<std::string> DrawConfidenceCurves(const ExperimentConfig& config, const std::vector<RunOutcome>& runs,
                                              const std::string& out_dir);

/// "## Confidence curves": per group (and engine), coverage and precision at a few thresholds;
/// "" when no run has a curve with a truth.
std::string RenderConfidenceTable(const ExperimentConfig& config, const std::vector<RunOutcome>& runs);

}  // namespace ntlab
