#include "analyzers/botnet/clustering-metrics.h"
#include "analyzers/botnet/feature-scaler.h"

#include <catch2/catch.hpp>

using namespace ntlab;

TEST_CASE("AdjustedRandIndex matches a hand-computed contingency table", "[analysis][botnet]") {
  // truth  0 0 0 1 1 1, clusters 0 0 1 1 2 2:
  // n_ij = [[2,1,0],[0,1,2]]; sum C(n_ij,2) = 2; rows (3,3) -> 6; cols (2,2,2) -> 3; C(6,2) = 15
  // E = 6*3/15 = 1.2; max = (6+3)/2 = 4.5; ARI = (2-1.2)/(4.5-1.2) = 0.8/3.3
  std::vector<std::size_t> truth = {0, 0, 0, 1, 1, 1};
  std::vector<std::size_t> clusters = {0, 0, 1, 1, 2, 2};
  ContingencyTable t = MakeContingency(truth, clusters);
  REQUIRE(t.counts == std::vector<std::vector<std::uint64_t>>{{2, 1, 0}, {0, 1, 2}});
  CHECK(AdjustedRandIndex(t) == Approx(0.8 / 3.3));
  CHECK(Purity(t) == Approx(5.0 / 6.0));
  // A relabelled identical partition scores 1; ARI is symmetric.
  CHECK(AdjustedRandIndex(truth, std::vector<std::size_t>{2, 2, 2, 0, 0, 0}) == Approx(1.0));
  CHECK(AdjustedRandIndex(clusters, truth) == Approx(0.8 / 3.3));
  // Independent-looking labelling: ARI can be negative. truth 0 0 1 1 vs 0 1 0 1:
  // sum C(n_ij,2)=0, rows 1+1=2, cols 1+1=2, C(4,2)=6, E=4/6, max=2 -> (0-2/3)/(2-2/3) = -0.5
  CHECK(AdjustedRandIndex(std::vector<std::size_t>{0, 0, 1, 1}, std::vector<std::size_t>{0, 1, 0, 1}) ==
        Approx(-0.5));
}

TEST_CASE("MapClustersToClasses finds the best one-to-one mapping", "[analysis][botnet]") {
  // Majority alone would map clusters 0 and 1 both to class 0; Hungarian gives 0->0, 1->1, 2->2
  // (5 + 3 + 4 = 12, better than 0->1 1->0: 1 + 4 + 4 = 9).
  ContingencyTable t;
  t.counts = {{5, 4, 0}, {1, 3, 0}, {0, 0, 4}};
  CHECK(MapClustersToClasses(t) == std::vector<int>{0, 1, 2});
  // More clusters than classes: one cluster stays unmapped.
  t.counts = {{5, 0, 1}, {0, 6, 0}};
  CHECK(MapClustersToClasses(t) == std::vector<int>{0, 1, -1});
}

TEST_CASE("FeatureScaler equals R's scale()", "[analysis][botnet]") {
  // R: scale(matrix(c(1,2,3, 2,4,9), ncol = 2))
  //   col 1: mean 2, sd 1           -> -1, 0, 1
  //   col 2: mean 5, sd sqrt(26/2)  -> -3/sqrt(13), -1/sqrt(13), 4/sqrt(13)
  //          = -0.8320503, -0.2773501, 1.1094004
  Eigen::MatrixXd x(3, 2);
  x << 1, 2, 2, 4, 3, 9;
  FeatureScaler scaler;
  Eigen::MatrixXd z = scaler.FitTransform(x);
  Eigen::MatrixXd r(3, 2);
  r << -1, -0.8320503, 0, -0.2773501, 1, 1.1094004;
  CHECK((z - r).cwiseAbs().maxCoeff() < 1e-7);
  CHECK(scaler.Sd()(1) == Approx(3.605551).epsilon(1e-6));
  CHECK(scaler.InverseRow(z.row(2).transpose()).isApprox(x.row(2).transpose()));
  // A constant column becomes zeros (R would give NaN).
  Eigen::MatrixXd c(2, 1);
  c << 7, 7;
  CHECK(scaler.FitTransform(c).cwiseAbs().maxCoeff() == 0.0);
}
