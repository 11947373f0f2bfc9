// k-means over standardised features, with explicit centroids so that new observations can be
// assigned to them and move them (paper 002 feeds new results back into the clustering).
//
// Why dlib::find_clusters_using_kmeans (Lloyd iterations) rather than dlib::kkmeans with a
// linear kernel: both minimise the same within-cluster sum of squares in this space, but kkmeans
// keeps each centre as a kernel expansion over a sparsified dictionary (approximate, controlled
// by a tolerance) and exposes no centre vectors, while find_clusters_using_kmeans works on plain
// column vectors - exactly what the running-mean update and the JSON model need. Seeding: restart
// 0 uses dlib::pick_initial_centers (deterministic, kmeans++-like farthest-point); further
// restarts use kmeans++ with a seeded generator; the lowest within-cluster sum of squares wins
// (R's kmeans(nstart=...) picks the same way).
#pragma once

#include <Eigen/Dense>

#include <cstdint>
#include <vector>

namespace ntlab {

struct KMeansOptions {
  std::size_t k = 3;
  std::size_t restarts = 10;
  std::uint64_t seed = 1;
  unsigned long max_iterations = 1000;
};

class KMeansModel {
 public:
  KMeansModel() = default;
  KMeansModel(std::vector<Eigen::VectorXd> centers, std::vector<std::uint64_t> counts)
      : m_centers(std::move(centers)), m_counts(std::move(counts)) {}

  /// Clusters the rows of `x`; needs at least k distinct rows (k >= 2).
  static KMeansModel Fit(const Eigen::MatrixXd& x, const KMeansOptions& options);

  std::size_t K() const { return m_centers.size(); }
  std::size_t Nearest(const Eigen::VectorXd& row) const;
  std::vector<std::size_t> Assign(const Eigen::MatrixXd& x) const;
  /// Incremental mode: assigns `row` to its nearest centre and moves that centre to the running
  /// mean of its members (centre += (row - centre) / n). Returns the cluster.
  std::size_t Update(const Eigen::VectorXd& row);
  /// Within-cluster sum of squared distances of `x` to its nearest centres.
  double WithinSs(const Eigen::MatrixXd& x) const;

  const std::vector<Eigen::VectorXd>& Centers() const { return m_centers; }
  const std::vector<std::uint64_t>& Counts() const { return m_counts; }

 private:
  std::vector<Eigen::VectorXd> m_centers;
  std::vector<std::uint64_t> m_counts;
};

/// Mean silhouette width of a labelling (Rousseeuw 1987); singletons count 0, as in R's
/// cluster::silhouette.
double MeanSilhouette(const Eigen::MatrixXd& x, const std::vector<std::size_t>& labels);

/// Automatic k: fits k = k_min..k_max and returns the k with the largest mean silhouette.
std::size_t ChooseKBySilhouette(const Eigen::MatrixXd& x, std::size_t kMin, std::size_t kMax,
                                KMeansOptions options);

}  // namespace ntlab
