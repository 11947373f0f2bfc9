#include "experiments/pipeline/label-step.h"

#include <cmath>

namespace ntlab {

LabelOptions RunLabelOptions(const ScenarioConfig& config, const std::string& simulation_dir,
                             const std::string& out_dir, bool use_events) {
  LabelOptions options;
  options.pcap_inputs = {simulation_dir + "/pcap"};
  options.socket_log = out_dir + "/socketlog.csv";
  options.truth = simulation_dir + "/truth.csv";
  if (config.events.enabled && use_events) options.events = simulation_dir + "/events.csv";
  options.events_in_post = config.labeling.events_in_post;
  options.engine.defer_learnt = config.labeling.defer_learnt;
  options.engine.log_delay = static_cast<TimeUs>(std::llround(config.labeling.log_delay_s * 1e6));
  options.labels_out = out_dir + "/labels.csv";
  // The scenario loader accepted only paper or ntlab; ntlab also sets defer_learnt.
  UseEngine(options, ParseLabelEngine(config.labeling.engine).value_or(LabelEngine::Paper));
  return options;
}

LabelStepResult LabelStep(const ScenarioConfig& config, const std::string& simulation_dir,
                          const std::string& out_dir, bool use_events) {
  LabelStepResult result;
  result.options = RunLabelOptions(config, simulation_dir, out_dir, use_events);
  result.summary = RunLabeling(result.options);
  return result;
}

}  // namespace ntlab
