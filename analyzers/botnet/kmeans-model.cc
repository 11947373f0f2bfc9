#include "analyzers/botnet/kmeans-model.h"

#include <dlib/clustering.h>

#include <limits>
#include <random>
#include <set>
#include <stdexcept>

namespace ntlab {

namespace {

using Sample = dlib::matrix<double, 0, 1>;

Sample ToDlib(const Eigen::VectorXd& v) {
  Sample s(v.size());
  for (Eigen::Index i = 0; i < v.size(); ++i) s(i) = v(i);
  return s;
}

Eigen::VectorXd ToEigen(const Sample& s) {
  Eigen::VectorXd v(s.size());
  for (long i = 0; i < s.size(); ++i) v(i) = s(i);
  return v;
}

// kmeans++ (Arthur and Vassilvitskii 2007): each next centre drawn with probability proportional
// to the squared distance to the nearest centre so far.
std::vector<Sample> KMeansPlusPlus(const std::vector<Sample>& samples, std::size_t k, std::mt19937_64& rng) {
  std::vector<Sample> centers;
  std::uniform_int_distribution<std::size_t> first(0, samples.size() - 1);
  centers.push_back(samples[first(rng)]);
  std::vector<double> d2(samples.size(), std::numeric_limits<double>::infinity());
  while (centers.size() < k) {
    double total = 0;
    for (std::size_t i = 0; i < samples.size(); ++i) {
      d2[i] = std::min(d2[i], dlib::length_squared(samples[i] - centers.back()));
      total += d2[i];
    }
    if (total <= 0) break;
    std::uniform_real_distribution<double> u(0, total);
    double r = u(rng);
    std::size_t pick = 0;
    for (double acc = 0; pick < samples.size(); ++pick) {
      acc += d2[pick];
      if (acc >= r) break;
    }
    centers.push_back(samples[std::min(pick, samples.size() - 1)]);
  }
  return centers;
}

}  // namespace

KMeansModel KMeansModel::Fit(const Eigen::MatrixXd& x, const KMeansOptions& options) {
  if (options.k < 2) throw std::invalid_argument("k-means: k must be at least 2");
  std::set<std::vector<double>> distinct;
  std::vector<Sample> samples;
  for (Eigen::Index r = 0; r < x.rows(); ++r) {
    Eigen::VectorXd row = x.row(r).transpose();
    distinct.insert(std::vector<double>(row.data(), row.data() + row.size()));
    samples.push_back(ToDlib(row));
  }
  if (distinct.size() < options.k) {
    throw std::invalid_argument("k-means: " + std::to_string(distinct.size()) +
                                " distinct observations for k = " + std::to_string(options.k));
  }
  std::mt19937_64 rng(options.seed);
  KMeansModel best;
  double bestSs = std::numeric_limits<double>::infinity();
  for (std::size_t r = 0; r < std::max<std::size_t>(1, options.restarts); ++r) {
    std::vector<Sample> centers;
    if (r == 0) {
      dlib::pick_initial_centers(static_cast<long>(options.k), centers, samples);
    } else {
      centers = KMeansPlusPlus(samples, options.k, rng);
    }
    if (centers.size() != options.k) continue;
    dlib::find_clusters_using_kmeans(samples, centers, options.max_iterations);
    KMeansModel model;
    for (const Sample& c : centers) model.m_centers.push_back(ToEigen(c));
    model.m_counts.assign(options.k, 0);
    for (std::size_t i : model.Assign(x)) ++model.m_counts[i];
    // An empty cluster means a degenerate start; such a solution only wins if nothing else runs.
    bool empty = std::find(model.m_counts.begin(), model.m_counts.end(), 0u) != model.m_counts.end();
    double ss = model.WithinSs(x) + (empty ? 1e300 : 0.0);
    if (ss < bestSs) {
      bestSs = ss;
      best = std::move(model);
    }
  }
  return best;
}

std::size_t KMeansModel::Nearest(const Eigen::VectorXd& row) const {
  std::size_t best = 0;
  double bestD = std::numeric_limits<double>::infinity();
  for (std::size_t c = 0; c < m_centers.size(); ++c) {
    double d = (row - m_centers[c]).squaredNorm();
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}

std::vector<std::size_t> KMeansModel::Assign(const Eigen::MatrixXd& x) const {
  std::vector<std::size_t> out;
  out.reserve(x.rows());
  for (Eigen::Index r = 0; r < x.rows(); ++r) out.push_back(Nearest(x.row(r).transpose()));
  return out;
}

std::size_t KMeansModel::Update(const Eigen::VectorXd& row) {
  std::size_t c = Nearest(row);
  if (m_counts.size() < m_centers.size()) m_counts.resize(m_centers.size(), 0);
  ++m_counts[c];
  m_centers[c] += (row - m_centers[c]) / double(m_counts[c]);
  return c;
}

double KMeansModel::WithinSs(const Eigen::MatrixXd& x) const {
  double ss = 0;
  for (Eigen::Index r = 0; r < x.rows(); ++r) {
    Eigen::VectorXd row = x.row(r).transpose();
    ss += (row - m_centers[Nearest(row)]).squaredNorm();
  }
  return ss;
}

double MeanSilhouette(const Eigen::MatrixXd& x, const std::vector<std::size_t>& labels) {
  const Eigen::Index n = x.rows();
  if (n < 2) return 0;
  std::size_t k = 0;
  for (std::size_t l : labels) k = std::max(k, l + 1);
  std::vector<std::size_t> sizes(k, 0);
  for (std::size_t l : labels) ++sizes[l];
  double total = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    std::vector<double> sum(k, 0.0);
    for (Eigen::Index j = 0; j < n; ++j) {
      if (i != j) sum[labels[j]] += (x.row(i) - x.row(j)).norm();
    }
    std::size_t own = labels[i];
    if (sizes[own] <= 1) continue;  // s(i) = 0 for a singleton
    double a = sum[own] / double(sizes[own] - 1);
    double b = std::numeric_limits<double>::infinity();
    for (std::size_t c = 0; c < k; ++c) {
      if (c != own && sizes[c] > 0) b = std::min(b, sum[c] / double(sizes[c]));
    }
    if (!std::isfinite(b)) continue;
    double m = std::max(a, b);
    total += m > 0 ? (b - a) / m : 0.0;
  }
  return total / double(n);
}

std::size_t ChooseKBySilhouette(const Eigen::MatrixXd& x, std::size_t kMin, std::size_t kMax,
                                KMeansOptions options) {
  std::size_t bestK = std::max<std::size_t>(2, kMin);
  double best = -std::numeric_limits<double>::infinity();
  for (std::size_t k = std::max<std::size_t>(2, kMin); k <= kMax; ++k) {
    options.k = k;
    try {
      KMeansModel model = KMeansModel::Fit(x, options);
      double s = MeanSilhouette(x, model.Assign(x));
      if (s > best) {
        best = s;
        bestK = k;
      }
    } catch (const std::invalid_argument&) {
      break;  // fewer distinct observations than k
    }
  }
  return bestK;
}

}  // namespace ntlab
