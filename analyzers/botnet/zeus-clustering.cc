#include "analyzers/botnet/zeus-clustering.h"

#include "analyzers/botnet/http-transaction-extractor.h"
#include "analyzers/botnet/zeus-truth.h"
#include "analyzers/capture/pcap-packet-source.h"
#include "analyzers/formats/atomic-file.h"
#include "analyzers/formats/csv-io.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>

namespace ntlab {
namespace {

// "cluster 0 (cookie_theft)"; empty for a cluster index the model does not have.
std::string ClusterName(const ZeusClusterModel& model, std::size_t cluster) {
  if (cluster >= model.KMeans().K()) return "";
  std::string label = model.ClusterLabel(cluster);
  return "cluster " + std::to_string(cluster) + (label.empty() ? "" : " (" + label + ")");
}

}  // namespace

void GradeZeusClustering(ZeusClusteringResult& r) {
  std::vector<std::string> truth;
  std::vector<std::size_t> clusters;
  for (std::size_t i = 0; i < r.episodes.size(); ++i) {
    if (r.episodes[i].truth_behaviour.empty()) continue;
    truth.push_back(r.episodes[i].truth_behaviour);
    clusters.push_back(r.clusters[i]);
  }
  r.graded = truth.size();
  if (truth.empty()) return;
  LabelIndex index;
  std::vector<std::size_t> classes = index.Encode(truth);
  r.classes = index.names;
  r.confusion = MakeContingency(classes, clusters);
  // Every cluster of the model gets a column, also when no graded episode fell into it.
  for (auto& row : r.confusion.counts) row.resize(std::max(row.size(), r.model.KMeans().K()), 0);
  r.ari = AdjustedRandIndex(r.confusion);
  r.purity = Purity(r.confusion);
  std::vector<int> mapping = MapClustersToClasses(r.confusion);
  std::uint64_t correct = 0;
  std::vector<std::string> labels(mapping.size());
  for (std::size_t j = 0; j < mapping.size(); ++j) {
    if (mapping[j] < 0) continue;
    labels[j] = r.classes[mapping[j]];
    correct += r.confusion.counts[mapping[j]][j];
  }
  r.accuracy = double(correct) / double(r.graded);
  r.model.SetClusterLabels(labels);
}

namespace {

// Paper 002 gives k = 3; when behaviours overlap or more exist, the question is whether k can be
// found from the data. Same episodes, same k-means options, only k differs.
ZeusAutoKComparison CompareAutoK(const ZeusClusteringResult& main, const ZeusClusteringOptions& o) {
  ZeusClusteringResult r;
  r.episodes = main.episodes;
  KMeansOptions km = o.kmeans;
  FeatureScaler scaler;
  std::size_t maxK = std::min(o.compare_auto_k_max, r.episodes.size() - 1);
  km.k = ChooseKBySilhouette(scaler.FitTransform(ZeusFeatureMatrix(r.episodes, o.features)), 2, maxK, km);
  r.model = ZeusClusterModel::Fit(r.episodes, o.features, km);
  r.clusters = r.model.Assign(r.episodes);
  GradeZeusClustering(r);
  return {km.k, r.ari, r.purity, r.accuracy};
}

}  // namespace

ZeusClusteringResult RunZeusClustering(const ZeusClusteringOptions& o) {
  ZeusClusteringResult r;
  ZeusEpisodeBuilder builder(o.episodes);
  HttpTransactionExtractor extractor([&builder](const HttpTransaction& t) { builder.Add(t); });
  PcapPacketSource source(CapturePlan::FromInputs(o.inputs), o.capture);
  source.Run(extractor);
  r.bad_packets = source.Stats().bad_packets;
  r.episodes = builder.Finish();
  r.episode_stats = builder.Stats();
  if (!o.truth_path.empty()) JoinZeusTruth(r.episodes, ReadZeusTruthCsv(o.truth_path));
  if (!o.model_in.empty()) {
    r.model = ZeusClusterModel::Load(o.model_in);
    for (const auto& e : r.episodes) r.clusters.push_back(r.model.Update(e));
  } else if (!r.episodes.empty()) {
    KMeansOptions km = o.kmeans;
    if (o.auto_k_max > 0) {
      FeatureScaler scaler;
      km.k = ChooseKBySilhouette(scaler.FitTransform(ZeusFeatureMatrix(r.episodes, o.features)), 2,
                                 o.auto_k_max, km);
    }
    r.model = ZeusClusterModel::Fit(r.episodes, o.features, km);
    r.clusters = r.model.Assign(r.episodes);
  }
  GradeZeusClustering(r);
  if (o.compare_auto_k_max >= 2 && o.model_in.empty() && r.episodes.size() >= 3) r.auto_k = CompareAutoK(r, o);
  if (!o.out_dir.empty()) WriteZeusClusteringOutputs(o.out_dir, r);
  return r;
}

void WriteZeusClusteringOutputs(const std::string& dir, const ZeusClusteringResult& r) {
  std::filesystem::create_directories(dir);
  CsvWriter w(dir + "/episodes.csv",
              {"bot_ip", "cnc_ip", "cnc_host", "first_ts", "last_ts", "php_requests", "ok_responses",
               "mean_ok_response_length", "mean_post_body_length", "mean_gap_s", "cluster",
               "cluster_label", "truth_episode", "truth_behaviour"});
  std::vector<ZeusScatterRow> points;  // paper 002's Fig. 8; the report layer draws it
  for (std::size_t i = 0; i < r.episodes.size(); ++i) {
    const ZeusEpisode& e = r.episodes[i];
    std::size_t c = i < r.clusters.size() ? r.clusters[i] : 0;
    w.Row(FormatIp(e.bot_ip), FormatIp(e.cnc_ip), e.cnc_host, FormatTs(e.first_ts), FormatTs(e.last_ts),
          e.php_requests, e.ok_responses, e.mean_ok_response_length, e.mean_post_body_length, e.mean_gap_s, c,
          r.model.ClusterLabel(c), e.truth_episode, e.truth_behaviour);
    points.push_back({e.mean_ok_response_length, double(e.php_requests), c, ClusterName(r.model, c), e.truth_behaviour});
  }
  w.Commit();
  WriteZeusScatterCsv(dir + "/scatter.csv", points);
  if (r.model.KMeans().K() > 0) r.model.Save(dir + "/model.json");

  nlohmann::json m;
  m["episodes"] = r.episodes.size();
  m["k"] = r.model.KMeans().K();
  m["features"] = r.model.Features();
  m["graded"] = r.graded;
  m["ari"] = r.ari ? nlohmann::json(*r.ari) : nlohmann::json(nullptr);
  m["purity"] = r.purity ? nlohmann::json(*r.purity) : nlohmann::json(nullptr);
  m["accuracy"] = r.accuracy ? nlohmann::json(*r.accuracy) : nlohmann::json(nullptr);
  m["classes"] = r.classes;
  m["confusion"] = r.confusion.counts;  // [class][cluster]
  m["dropped_no_ok"] = r.episode_stats.dropped_no_ok;
  m["dropped_pairs"] = r.episode_stats.dropped_pairs;
  m["dropped_incomplete"] = r.episode_stats.dropped_incomplete;
  m["bad_packets"] = r.bad_packets.ToJson();
  if (r.auto_k) {
    auto optional = [](const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
    m["auto_k"] = {{"k", r.auto_k->k}, {"ari", optional(r.auto_k->ari)}, {"purity", optional(r.auto_k->purity)},
                   {"accuracy", optional(r.auto_k->accuracy)}};
  }
  WriteFileAtomically(dir + "/metrics.json", m.dump(2) + "\n");
}

}  // namespace ntlab
