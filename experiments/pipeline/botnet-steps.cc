#include "experiments/pipeline/botnet-steps.h"

#include "experiments/report/kraken-report.h"
#include "experiments/report/zeus-report.h"

#include <filesystem>
#include <fstream>

namespace ntlab {
namespace fs = std::filesystem;

ZeusStepResult ZeusStep(const ZeusClusteringOptions& options) {
  fs::create_directories(options.out_dir);
  ZeusClusteringResult clustering = RunZeusClustering(options);
  WriteZeusClusteringOutputs(options.out_dir, clustering);
  WriteZeusScatter(options.out_dir);
  ZeusStepResult result;
  std::ifstream in(options.out_dir + "/metrics.json");
  result.metrics = nlohmann::json::parse(in);
  result.scatter_drawn = fs::exists(options.out_dir + "/scatter.svg");
  return result;
}

KrakenStepResult KrakenStep(const KrakenRunOptions& options) {
  KrakenStepResult result;
  result.metrics = RunKrakenDetection(options);
  result.hosts_csv = options.out_dir + "/kraken_hosts.csv";
  result.timeseries_drawn = WriteKrakenTimeSeries(options.out_dir);
  return result;
}

bool RunHasZeus(const ScenarioConfig& config, std::uint64_t zeus_episodes) {
  if (zeus_episodes > 0) return true;
  for (const auto& s : config.servers)
    if (s.kind == ServerKind::ZeusCnc) return true;
  return false;
}

ZeusClusteringOptions RunZeusOptions(const ScenarioConfig& config, const std::string& simulation_dir,
                                     const std::string& out_dir) {
  ZeusClusteringOptions zeus;
  zeus.episodes.require_config_bin = config.zeus_require_config_bin;
  zeus.compare_auto_k_max = 8;  // a run's metrics compare k = 3 with k chosen by silhouette (auto_k)
  zeus.inputs = {simulation_dir + "/pcap"};
  zeus.truth_path = simulation_dir + "/zeus_episodes.csv";
  zeus.out_dir = out_dir + "/zeus";
  return zeus;
}

KrakenRunOptions RunKrakenOptions(const std::string& simulation_dir, const std::string& out_dir) {
  KrakenRunOptions options;
  options.inputs = {simulation_dir + "/pcap"};
  options.socket_truth = simulation_dir + "/truth.csv";
  options.kraken_truth = simulation_dir + "/kraken_truth.csv";
  options.out_dir = out_dir + "/kraken";
  options.ablations = true;  // a run's metrics carry the ablation table (docs/botnets.md)
  return options;
}

}  // namespace ntlab
