#include "experiments/pipeline/domain-step.h"

#include "analyzers/domains/domains-pipeline.h"
#include "analyzers/domains/merge-pipeline.h"
#include "analyzers/labeling/engine-variant.h"

#include <filesystem>

namespace ntlab {
namespace {

nlohmann::json LabelDomains(const std::string& captures, const std::string& truth, const std::string& out) {
  DomainRunOptions options;
  options.inputs = {captures};
  options.out_dir = out;
  options.truth = truth;
  std::filesystem::create_directories(out);
  return RunDomainLabelling(options);
}

// The device view, as `ntlab domains --socket-log` gives it: the hosts' captures with the run's
// socket log (the logger step's), so flows carry their process and user and stats.sqlite has the
// per-process and per-user views; graded against truth.csv and, when the hosts have users, the
// owners' truth (process-owners.csv, the logger step's).
nlohmann::json LabelDeviceView(const ScenarioConfig& config, const std::string& simulation_dir,
                               const std::string& truth, const std::string& out_dir) {
  DomainRunOptions options;
  options.inputs = {simulation_dir + "/pcap"};
  options.out_dir = out_dir + "/domains";
  options.truth = truth;
  options.socket_log = out_dir + "/socketlog.csv";
  options.label_truth = simulation_dir + "/truth.csv";
  if (std::filesystem::exists(out_dir + "/process-owners.csv")) options.owner_truth = out_dir + "/process-owners.csv";
  // The scenario loader accepted only paper or ntlab, as for the run's label step.
  options.label_engine = ParseLabelEngine(config.labeling.engine).value_or(LabelEngine::Paper);
  std::filesystem::create_directories(options.out_dir);
  return RunDomainLabelling(options);
}

}  // namespace

bool RunHasDomains(const ScenarioConfig& config) { return config.dns.truth || config.nat.enabled; }

DomainStepResult DomainStep(const ScenarioConfig& config, const std::string& simulation_dir,
                            const std::string& labels, const std::string& out_dir) {
  const std::string truth = config.dns.truth ? simulation_dir + "/expected-domains.csv" : std::string();
  DomainStepResult result;
  result.metrics = LabelDeviceView(config, simulation_dir, truth, out_dir);
  if (!config.nat.enabled) return result;
  // Outside the NAT every host is the public address, so the truth (keyed by the hosts' own
  // flows) grades the outside labels only through the merge.
  result.outside_metrics = LabelDomains(simulation_dir + "/pcap-outside", "", out_dir + "/domains-outside");
  MergeRunOptions merge;
  merge.device = {simulation_dir + "/pcap"};
  merge.network = {simulation_dir + "/pcap-outside"};
  merge.labels = labels;
  merge.socket_log = out_dir + "/socketlog.csv";  // the logger step's; its user column, when the hosts have users
  merge.domains = out_dir + "/domains-outside/flows.csv";
  merge.truth = truth;
  merge.out_dir = out_dir + "/merge";
  std::filesystem::create_directories(merge.out_dir);
  result.merge_metrics = RunViewMerge(merge);
  return result;
}

}  // namespace ntlab
