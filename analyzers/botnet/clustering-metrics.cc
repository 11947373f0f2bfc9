#include "analyzers/botnet/clustering-metrics.h"

#include <dlib/optimization/max_cost_assignment.h>

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

namespace ntlab {

namespace {
double Choose2(std::uint64_t n) { return double(n) * double(n > 0 ? n - 1 : 0) / 2.0; }
}  // namespace

std::uint64_t ContingencyTable::Total() const {
  std::uint64_t n = 0;
  for (const auto& row : counts)
    for (std::uint64_t v : row) n += v;
  return n;
}

ContingencyTable MakeContingency(const std::vector<std::size_t>& classes,
                                 const std::vector<std::size_t>& clusters) {
  if (classes.size() != clusters.size()) throw std::invalid_argument("labellings differ in length");
  std::size_t nClasses = 0, nClusters = 0;
  for (std::size_t c : classes) nClasses = std::max(nClasses, c + 1);
  for (std::size_t c : clusters) nClusters = std::max(nClusters, c + 1);
  ContingencyTable t;
  t.counts.assign(nClasses, std::vector<std::uint64_t>(nClusters, 0));
  for (std::size_t i = 0; i < classes.size(); ++i) ++t.counts[classes[i]][clusters[i]];
  return t;
}

double AdjustedRandIndex(const ContingencyTable& t) {
  std::uint64_t n = t.Total();
  if (n < 2) return 1.0;
  double sumCells = 0, sumRows = 0, sumCols = 0;
  std::vector<std::uint64_t> cols(t.Clusters(), 0);
  for (const auto& row : t.counts) {
    std::uint64_t a = 0;
    for (std::size_t j = 0; j < row.size(); ++j) {
      sumCells += Choose2(row[j]);
      a += row[j];
      cols[j] += row[j];
    }
    sumRows += Choose2(a);
  }
  for (std::uint64_t b : cols) sumCols += Choose2(b);
  double expected = sumRows * sumCols / Choose2(n);
  double maximum = (sumRows + sumCols) / 2.0;
  if (maximum == expected) return 1.0;  // both labellings put everything in one group (or singletons)
  return (sumCells - expected) / (maximum - expected);
}

double AdjustedRandIndex(const std::vector<std::size_t>& a, const std::vector<std::size_t>& b) {
  return AdjustedRandIndex(MakeContingency(a, b));
}

double Purity(const ContingencyTable& t) {
  std::uint64_t n = t.Total();
  if (n == 0) return 0;
  std::uint64_t hit = 0;
  for (std::size_t j = 0; j < t.Clusters(); ++j) {
    std::uint64_t best = 0;
    for (std::size_t i = 0; i < t.Classes(); ++i) best = std::max(best, t.counts[i][j]);
    hit += best;
  }
  return double(hit) / double(n);
}

std::vector<int> MapClustersToClasses(const ContingencyTable& t) {
  // max_cost_assignment needs a square integer matrix: pad with zero rows/columns.
  long n = static_cast<long>(std::max(t.Classes(), t.Clusters()));
  std::vector<int> mapping(t.Clusters(), -1);
  if (n == 0) return mapping;
  dlib::matrix<long> cost(n, n);
  cost = 0;
  for (std::size_t i = 0; i < t.Classes(); ++i)
    for (std::size_t j = 0; j < t.Clusters(); ++j) cost(long(j), long(i)) = long(t.counts[i][j]);
  std::vector<long> assignment = dlib::max_cost_assignment(cost);
  for (std::size_t j = 0; j < t.Clusters(); ++j) {
    long cls = assignment[j];
    mapping[j] = cls < long(t.Classes()) ? int(cls) : -1;
  }
  return mapping;
}

std::vector<std::size_t> LabelIndex::Encode(const std::vector<std::string>& labels) {
  std::set<std::string> all(names.begin(), names.end());
  all.insert(labels.begin(), labels.end());
  names.assign(all.begin(), all.end());
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < names.size(); ++i) index[names[i]] = i;
  std::vector<std::size_t> out;
  out.reserve(labels.size());
  for (const auto& l : labels) out.push_back(index[l]);
  return out;
}

}  // namespace ntlab
