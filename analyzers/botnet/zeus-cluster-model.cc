#include "analyzers/botnet/zeus-cluster-model.h"

#include "analyzers/formats/atomic-file.h"
#include "analyzers/formats/basic-types.h"

#include <nlohmann/json.hpp>

#include <fstream>
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
  nlohmann::json j;
  j["format"] = "ntlab-zeus-kmeans-1";
  j["features"] = m_features;
  j["scale"] = {{"center", ToVector(m_scaler.Mean())}, {"sd", ToVector(m_scaler.Sd())}};
  nlohmann::json clusters = nlohmann::json::array();
  for (std::size_t c = 0; c < m_kmeans.K(); ++c) {
    clusters.push_back({{"center", ToVector(m_kmeans.Centers()[c])},
                        {"center_original_units", ToVector(m_scaler.InverseRow(m_kmeans.Centers()[c]))},
                        {"count", c < m_kmeans.Counts().size() ? m_kmeans.Counts()[c] : 0},
                        {"label", ClusterLabel(c)}});
  }
  j["clusters"] = clusters;
  WriteFileAtomically(path, j.dump(2) + "\n");
}

ZeusClusterModel ZeusClusterModel::Load(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path + ": cannot open file (missing or unreadable)");
  try {
    nlohmann::json j = nlohmann::json::parse(in);
    if (j.at("format") != "ntlab-zeus-kmeans-1") throw InputError(path + ": not an ntlab Zeus model");
    ZeusClusterModel m;
    m.m_features = j.at("features").get<std::vector<std::string>>();
    m.m_scaler = FeatureScaler(ToEigen(j.at("scale").at("center").get<std::vector<double>>()),
                               ToEigen(j.at("scale").at("sd").get<std::vector<double>>()));
    std::vector<Eigen::VectorXd> centers;
    std::vector<std::uint64_t> counts;
    for (const auto& c : j.at("clusters")) {
      centers.push_back(ToEigen(c.at("center").get<std::vector<double>>()));
      counts.push_back(c.at("count").get<std::uint64_t>());
      m.m_labels.push_back(c.value("label", ""));
      if (std::size_t(centers.back().size()) != m.m_features.size()) {
        throw InputError(path + ": a centre's size differs from the feature count");
      }
    }
    if (std::size_t(m.m_scaler.Mean().size()) != m.m_features.size() ||
        std::size_t(m.m_scaler.Sd().size()) != m.m_features.size()) {
      throw InputError(path + ": scale parameters do not match the features");
    }
    for (const auto& f : m.m_features) (void)ZeusFeature(ZeusEpisode{}, f);
    m.m_kmeans = KMeansModel(std::move(centers), std::move(counts));
    return m;
  } catch (const nlohmann::json::exception& e) {
    throw InputError(path + ": malformed model: " + e.what());
  } catch (const std::invalid_argument& e) {
    throw InputError(path + ": " + e.what());
  }
}

}  // namespace ntlab
