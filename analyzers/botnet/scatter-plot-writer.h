// Paper 002's Figure 8 as data: one point per episode (x = mean 200 OK response length,
// y = *.php request count, cluster). The picture is drawn from this CSV by the report layer
// (gnuplot, experiments/report), so the analyzer stays free of presentation code.
#pragma once

#include <string>
#include <vector>

namespace ntlab {

struct ScatterPoint {
  double x = 0;
  double y = 0;
  std::size_t cluster = 0;
  std::string label;   // e.g. the truth behaviour
};

struct ScatterPlotOptions {
  std::string title = "Zeus episodes";
  std::string x_label = "mean 200 OK response length (bytes)";
  std::string y_label = "*.php requests per episode";
  std::vector<std::string> cluster_names;  // behaviour a cluster maps to; empty when unknown
};

/// CSV with columns x, y, cluster, label (atomic write).
void WriteScatterCsv(const std::string& path, const std::vector<ScatterPoint>& points,
                     const ScatterPlotOptions& options = {});

}  // namespace ntlab
