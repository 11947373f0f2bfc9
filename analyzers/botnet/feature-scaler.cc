#include "analyzers/botnet/feature-scaler.h"

#include <cmath>
#include <stdexcept>

namespace ntlab {

void FeatureScaler::Fit(const Eigen::MatrixXd& x) {
  if (x.rows() == 0) throw std::invalid_argument("FeatureScaler::Fit: no rows");
  m_mean = x.colwise().mean().transpose();
  m_sd = Eigen::VectorXd::Ones(x.cols());
  if (x.rows() < 2) return;
  Eigen::MatrixXd centred = x.rowwise() - m_mean.transpose();
  for (Eigen::Index c = 0; c < x.cols(); ++c) {
    // Sample sd, as R's sd() and scale() use.
    double sd = std::sqrt(centred.col(c).squaredNorm() / double(x.rows() - 1));
    m_sd(c) = sd > 0 ? sd : 1.0;
  }
}

Eigen::MatrixXd FeatureScaler::Transform(const Eigen::MatrixXd& x) const {
  if (x.cols() != m_mean.size()) throw std::invalid_argument("FeatureScaler: column count differs");
  return (x.rowwise() - m_mean.transpose()).array().rowwise() / m_sd.transpose().array();
}

Eigen::VectorXd FeatureScaler::TransformRow(const Eigen::VectorXd& row) const {
  if (row.size() != m_mean.size()) throw std::invalid_argument("FeatureScaler: column count differs");
  return ((row - m_mean).array() / m_sd.array()).matrix();
}

Eigen::VectorXd FeatureScaler::InverseRow(const Eigen::VectorXd& row) const {
  return (row.array() * m_sd.array()).matrix() + m_mean;
}

}  // namespace ntlab
