// External validation of a clustering against the simulator's truth: contingency table, purity,
// adjusted Rand index (Hubert and Arabie 1985), and the one-to-one mapping of clusters to classes
// that maximises agreement (Hungarian algorithm, dlib::max_cost_assignment), which gives the
// confusion matrix and the accuracy of "cluster = behaviour".
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ntlab {

/// counts[class][cluster]; classes and clusters are dense indices 0..n-1.
struct ContingencyTable {
  std::vector<std::vector<std::uint64_t>> counts;
  std::size_t Classes() const { return counts.size(); }
  std::size_t Clusters() const { return counts.empty() ? 0 : counts[0].size(); }
  std::uint64_t Total() const;
};

ContingencyTable MakeContingency(const std::vector<std::size_t>& classes,
                                 const std::vector<std::size_t>& clusters);

/// (sum_ij C(n_ij,2) - E) / (max - E), E = sum_i C(a_i,2) sum_j C(b_j,2) / C(n,2),
/// max = (sum_i C(a_i,2) + sum_j C(b_j,2)) / 2. 1 when both labellings are trivial and equal.
double AdjustedRandIndex(const ContingencyTable& table);
double AdjustedRandIndex(const std::vector<std::size_t>& a, const std::vector<std::size_t>& b);

/// Share of observations in their cluster's majority class.
double Purity(const ContingencyTable& table);

/// For each cluster, the class it stands for under the best one-to-one mapping (-1 for clusters
/// left over when there are more clusters than classes).
std::vector<int> MapClustersToClasses(const ContingencyTable& table);

/// Dense indices for string labels: index i stands for names[i] (sorted, so stable across runs).
struct LabelIndex {
  std::vector<std::string> names;  // sorted
  std::vector<std::size_t> Encode(const std::vector<std::string>& labels);
};

}  // namespace ntlab
