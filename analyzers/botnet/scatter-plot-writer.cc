#include "analyzers/botnet/scatter-plot-writer.h"

#include "analyzers/formats/atomic-file.h"
#include "analyzers/formats/csv-io.h"

#include <cstdio>

namespace ntlab {

namespace {

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

}  // namespace

void WriteScatterCsv(const std::string& path, const std::vector<ScatterPoint>& points,
                     const ScatterPlotOptions& options) {
  CsvWriter w(path, {"x", "y", "cluster", "cluster_name", "label"});
  for (const auto& p : points) {
    std::string name = p.cluster < options.cluster_names.size() ? options.cluster_names[p.cluster] : "";
    w.Row(Num(p.x), Num(p.y), std::to_string(p.cluster), name, p.label);
  }
  w.Commit();
}

}  // namespace ntlab
