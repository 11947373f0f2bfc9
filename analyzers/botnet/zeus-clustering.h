// Paper 002's analysis end to end, for the command line and experiments: captures -> HTTP
// transactions -> Zeus episodes -> scale() -> k-means -> (with truth) cluster-to-behaviour
// mapping, purity, ARI, confusion matrix -> output files. With an input model it runs in
// incremental mode: episodes are assigned to the stored centroids, which move (running mean),
// and the updated model is saved.
#pragma once

#include "analyzers/capture/capture-options.h"
#include "analyzers/botnet/clustering-metrics.h"
#include "analyzers/botnet/zeus-cluster-model.h"
#include "analyzers/botnet/zeus-episode-builder.h"
#include "analyzers/capture/bad-packets.h"

#include <optional>
#include <string>
#include <vector>

namespace ntlab {

struct ZeusClusteringOptions {
  std::vector<std::string> inputs;             // capture files or folders
  std::string truth_path;                      // zeus_episodes.csv; empty: no grading
  ZeusEpisodeConfig episodes;
  std::vector<std::string> features = ZeusPaperFeatures();
  KMeansOptions kmeans;                        // k = 3 behaviour types (paper)
  std::size_t auto_k_max = 0;                  // > 0: choose k in 2..auto_k_max by silhouette
  std::size_t compare_auto_k_max = 0;          // > 0: also cluster with k chosen in 2..this, for comparison
  std::string model_in;                        // incremental mode when set
  std::string out_dir;                         // empty: write nothing
  CaptureOptions capture;                      // --strict-captures
};

/// The same episodes clustered with k chosen by silhouette instead (compare_auto_k_max).
struct ZeusAutoKComparison {
  std::size_t k = 0;
  std::optional<double> ari;
  std::optional<double> purity;
  std::optional<double> accuracy;
};

struct ZeusClusteringResult {
  std::vector<ZeusEpisode> episodes;
  std::vector<std::size_t> clusters;           // per episode
  ZeusClusterModel model;
  ZeusEpisodeStats episode_stats;
  BadPacketCounts bad_packets;                 // skipped by the capture reader and the HTTP parser
  // Grading (only with truth; episodes without a truth row are left out of it).
  std::size_t graded = 0;
  std::optional<double> ari;
  std::optional<double> purity;
  std::optional<double> accuracy;              // cluster -> behaviour under the best mapping
  std::vector<std::string> classes;            // truth behaviours, sorted
  ContingencyTable confusion;                  // counts[class][cluster]
  std::optional<ZeusAutoKComparison> auto_k;   // with compare_auto_k_max; metrics.json "auto_k"
};

/// Grades a clustering against the truth behaviours of the episodes (those with a truth label).
void GradeZeusClustering(ZeusClusteringResult& result);

ZeusClusteringResult RunZeusClustering(const ZeusClusteringOptions& options);

/// Writes episodes.csv, scatter.csv, model.json and metrics.json into `dir`.
void WriteZeusClusteringOutputs(const std::string& dir, const ZeusClusteringResult& result);

}  // namespace ntlab
