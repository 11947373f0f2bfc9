// Paper 002's Figure 8 as data and as a picture: one point per episode (x = mean 200 OK response
// length, y = *.php request count, colour = cluster). gnuplot is not installed on the build
// machines and no plotting library is a dependency, so the SVG is written directly: axes with
// ticks, one colour per cluster, a legend. Good enough to eyeball the clusters.
#pragma once

#include <string>
#include <vector>

namespace ntlab {

struct ScatterPoint {
  double x = 0;
  double y = 0;
  std::size_t cluster = 0;
  std::string label;   // e.g. the truth behaviour, shown in the CSV and as the SVG tooltip
};

struct ScatterPlotOptions {
  std::string title = "Zeus episodes";
  std::string x_label = "mean 200 OK response length (bytes)";
  std::string y_label = "*.php requests per episode";
  std::vector<std::string> cluster_names;  // legend; "cluster <i>" when missing
  int width = 720;
  int height = 480;
};

/// CSV with columns x, y, cluster, label (atomic write).
void WriteScatterCsv(const std::string& path, const std::vector<ScatterPoint>& points,
                     const ScatterPlotOptions& options = {});
std::string RenderScatterSvg(const std::vector<ScatterPoint>& points, const ScatterPlotOptions& options = {});
void WriteScatterSvg(const std::string& path, const std::vector<ScatterPoint>& points,
                     const ScatterPlotOptions& options = {});

}  // namespace ntlab
