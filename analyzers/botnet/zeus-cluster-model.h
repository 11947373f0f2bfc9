// The Zeus behaviour model of paper 002 as one object: which episode features, the scale()
// parameters learnt at fit time, the k-means centroids, and the behaviour each cluster stands for
// (from the truth mapping, when there was truth). New episodes are standardised with the stored
// parameters (not refitted, so old and new points share one space) and assigned to, and move, the
// centroids. Saved and loaded as model.json (analyzers/formats/zeus-files.h).
#pragma once

#include "analyzers/botnet/feature-scaler.h"
#include "analyzers/botnet/kmeans-model.h"
#include "analyzers/botnet/zeus-episode-builder.h"

#include <string>
#include <vector>

namespace ntlab {

/// Feature names: "response_length" (mean 200 OK body bytes), "php_requests" (the paper's two),
/// "post_body_length", "request_gap".
const std::vector<std::string>& ZeusPaperFeatures();
double ZeusFeature(const ZeusEpisode& episode, const std::string& name);  // throws on unknown
Eigen::MatrixXd ZeusFeatureMatrix(const std::vector<ZeusEpisode>& episodes,
                                  const std::vector<std::string>& features);

class ZeusClusterModel {
 public:
  ZeusClusterModel() = default;
  /// Standardises (scale()) and clusters the episodes.
  static ZeusClusterModel Fit(const std::vector<ZeusEpisode>& episodes,
                              const std::vector<std::string>& features, const KMeansOptions& options);

  std::vector<std::size_t> Assign(const std::vector<ZeusEpisode>& episodes) const;
  /// Incremental mode: assign one new episode and update its centroid (running mean).
  std::size_t Update(const ZeusEpisode& episode);
  Eigen::MatrixXd Standardise(const std::vector<ZeusEpisode>& episodes) const;

  void SetClusterLabels(std::vector<std::string> labels) { m_labels = std::move(labels); }
  /// Behaviour of a cluster ("" when unmapped).
  std::string ClusterLabel(std::size_t cluster) const;

  const std::vector<std::string>& Features() const { return m_features; }
  const FeatureScaler& Scaler() const { return m_scaler; }
  const KMeansModel& KMeans() const { return m_kmeans; }

  void Save(const std::string& path) const;            // atomic write
  static ZeusClusterModel Load(const std::string& path);  // InputError on a bad file

 private:
  std::vector<std::string> m_features;
  FeatureScaler m_scaler;
  KMeansModel m_kmeans;
  std::vector<std::string> m_labels;
};

}  // namespace ntlab
