#include "experiments/pipeline/domain-step.h"

#include "analyzers/domains/domains-pipeline.h"
#include "analyzers/domains/merge-pipeline.h"

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

}  // namespace

bool RunHasDomains(const ScenarioConfig& config) { return config.dns.truth || config.nat.enabled; }

DomainStepResult DomainStep(const ScenarioConfig& config, const std::string& simulation_dir,
                            const std::string& labels, const std::string& out_dir) {
  const std::string truth = config.dns.truth ? simulation_dir + "/expected-domains.csv" : std::string();
  DomainStepResult result;
  result.metrics = LabelDomains(simulation_dir + "/pcap", truth, out_dir + "/domains");
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
