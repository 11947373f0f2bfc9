#include "analyzers/botnet/zeus-cluster-model.h"

#include "analyzers/formats/basic-types.h"
#include "analyzers/formats/zeus-files.h"

#include <stdexcept>

namespace ntlab {

const std::vector<std::string>& ZeusPaperFeatures() {
  static const std::vector<std::string> kFeatures = {"response_length", "php_requests"};
  return kFeatures;
}

double ZeusFeature(const ZeusEpisode& e, const std::string& name) {
  if (name == "response_length") return e.mean_ok_response_length;
  if (name == "php_requests") return double(e.php_requests);
  if (name == "post_body_length") return e.mean_post_body_length;
  if (name == "request_gap") return e.mean_gap_s;
  throw std::invalid_argument("unknown Zeus feature '" + name + "'");
}

Eigen::MatrixXd ZeusFeatureMatrix(const std::vector<ZeusEpisode>& episodes,
                                  const std::vector<std::string>& features) {
  Eigen::MatrixXd x(episodes.size(), features.size());
  for (std::size_t r = 0; r < episodes.size(); ++r)
    for (std::size_t c = 0; c < features.size(); ++c) x(r, c) = ZeusFeature(episodes[r], features[c]);
  return x;
}

ZeusClusterModel ZeusClusterModel::Fit(const std::vector<ZeusEpisode>& episodes,
                                       const std::vector<std::string>& features,
                                       const KMeansOptions& options) {
  ZeusClusterModel m;
  m.m_features = features;
  Eigen::MatrixXd z = m.m_scaler.FitTransform(ZeusFeatureMatrix(episodes, features));
  m.m_kmeans = KMeansModel::Fit(z, options);
  return m;
}

Eigen::MatrixXd ZeusClusterModel::Standardise(const std::vector<ZeusEpisode>& episodes) const {
  return m_scaler.Transform(ZeusFeatureMatrix(episodes, m_features));
}

std::vector<std::size_t> ZeusClusterModel::Assign(const std::vector<ZeusEpisode>& episodes) const {
  return m_kmeans.Assign(Standardise(episodes));
}

std::size_t ZeusClusterModel::Update(const ZeusEpisode& episode) {
  Eigen::VectorXd row(m_features.size());
  for (std::size_t c = 0; c < m_features.size(); ++c) row(c) = ZeusFeature(episode, m_features[c]);
  return m_kmeans.Update(m_scaler.TransformRow(row));
}

std::string ZeusClusterModel::ClusterLabel(std::size_t cluster) const {
  return cluster < m_labels.size() ? m_labels[cluster] : std::string();
}

namespace {
std::vector<double> ToVector(const Eigen::VectorXd& v) { return std::vector<double>(v.data(), v.data() + v.size()); }
Eigen::VectorXd ToEigen(const std::vector<double>& v) { return Eigen::Map<const Eigen::VectorXd>(v.data(), v.size()); }
}  // namespace

void ZeusClusterModel::Save(const std::string& path) const {
  ZeusModelFile file;
  file.features = m_features;
  file.scale_center = ToVector(m_scaler.Mean());
  file.scale_sd = ToVector(m_scaler.Sd());
  for (std::size_t c = 0; c < m_kmeans.K(); ++c) {
    file.clusters.push_back({ToVector(m_kmeans.Centers()[c]), ToVector(m_scaler.InverseRow(m_kmeans.Centers()[c])),
                             c < m_kmeans.Counts().size() ? m_kmeans.Counts()[c] : 0, ClusterLabel(c)});
  }
  WriteZeusModelFile(path, file);
}

ZeusClusterModel ZeusClusterModel::Load(const std::string& path) {
  ZeusModelFile file = ReadZeusModelFile(path);
  for (const auto& f : file.features) {
    try {
      (void)ZeusFeature(ZeusEpisode{}, f);
    } catch (const std::invalid_argument& e) {
      throw InputError(path + ": " + e.what());
    }
  }
  ZeusClusterModel m;
  m.m_features = file.features;
  m.m_scaler = FeatureScaler(ToEigen(file.scale_center), ToEigen(file.scale_sd));
  std::vector<Eigen::VectorXd> centers;
  std::vector<std::uint64_t> counts;
  for (const auto& c : file.clusters) {
    centers.push_back(ToEigen(c.center));
    counts.push_back(c.count);
    m.m_labels.push_back(c.label);
  }
  m.m_kmeans = KMeansModel(std::move(centers), std::move(counts));
  return m;
}

}  // namespace ntlab
