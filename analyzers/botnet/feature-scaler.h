// Column standardisation exactly as R's scale(x) does it: subtract the column mean, divide by the
// column's sample standard deviation (n - 1 in the denominator). Paper 002 standardises its two
// features with scale() before k-means. One deliberate difference: R yields NaN for a constant
// column (sd 0); here such a column gets sd 1 and becomes all zeros, so k-means still runs and the
// column simply carries no weight.
#pragma once

#include <Eigen/Dense>

namespace ntlab {

class FeatureScaler {
 public:
  FeatureScaler() = default;
  FeatureScaler(Eigen::VectorXd mean, Eigen::VectorXd sd) : m_mean(std::move(mean)), m_sd(std::move(sd)) {}

  /// Learns column means and sample sds from `x` (rows = observations). A single row gives sd 1.
  void Fit(const Eigen::MatrixXd& x);
  Eigen::MatrixXd Transform(const Eigen::MatrixXd& x) const;
  Eigen::VectorXd TransformRow(const Eigen::VectorXd& row) const;
  Eigen::MatrixXd FitTransform(const Eigen::MatrixXd& x) {
    Fit(x);
    return Transform(x);
  }
  /// Back to the original units (for plotting centroids).
  Eigen::VectorXd InverseRow(const Eigen::VectorXd& row) const;

  const Eigen::VectorXd& Mean() const { return m_mean; }
  const Eigen::VectorXd& Sd() const { return m_sd; }

 private:
  Eigen::VectorXd m_mean;
  Eigen::VectorXd m_sd;
};

}  // namespace ntlab
