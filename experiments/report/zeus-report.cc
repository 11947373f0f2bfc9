#include "experiments/report/zeus-report.h"

#include "analyzers/formats/zeus-files.h"
#include "experiments/report/gnuplot-figure.h"

#include <cstdio>
#include <map>
#include <sstream>

namespace ntlab {

bool WriteZeusScatter(const std::string& dir) {
  if (!GnuplotFigure::Available()) return false;
  // One series per cluster; the cluster's name carries the behaviour it maps to.
  std::vector<std::vector<std::string>> rows{{"x", "y", "cluster"}};
  std::map<std::size_t, std::string> names;
  for (const ZeusScatterRow& point : ReadZeusScatterCsv(dir + "/scatter.csv")) {
    const std::string cluster = std::to_string(point.cluster);
    rows.push_back({FormatScatterCoordinate(point.x), FormatScatterCoordinate(point.y), cluster});
    names[point.cluster] = point.cluster_name.empty() ? "cluster " + cluster : point.cluster_name;
  }
  if (names.empty()) return false;
  // gnuplot's word() splits on spaces, so titles carry none ("cluster_0:cookie_theft").
  std::ostringstream titles;
  for (const auto& [cluster, name] : names) {
    std::string title = name;
    for (char& ch : title)
      if (ch == ' ') ch = '_';
    titles << (titles.tellp() > 0 ? " " : "") << title;
  }
  GnuplotFigure figure(dir + "/scatter");
  figure.SetData(rows);
  figure.SetScript("names = '" + titles.str() + "'\n" + R"(set title 'Zeus episodes clustered by k-means (paper 002, Fig. 8)'
set xlabel 'mean length of the 200 OK answer to *.php (bytes)'
set ylabel '*.php requests in the episode'
set grid
set key outside right top
plot for [c=0:)" + std::to_string(names.rbegin()->first) + R"(] @DATA@ using 1:($3 == c ? $2 : 1/0) with points pt 7 ps 0.9 title word(names, c + 1)
)");
  return figure.Render();
}

std::string RenderZeusSection(const nlohmann::json& z, const std::string& figure) {
  auto number = [](const nlohmann::json& v) {
    if (!v.is_number()) return std::string("n/a");
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", v.get<double>());
    return std::string(buf);
  };
  std::ostringstream r;
  r << "## Zeus behaviour clustering (paper 002)\n\n"
    << "Episodes of *.php POSTs after a C&C command, clustered with k-means on the paper's features "
       "(standardised as R's `scale`). Paper 002 shows three clean clusters (its Fig. 8) and reports "
       "no score; ntlab grades the clusters against the commands the C&C really gave.\n\n"
    << "| | ntlab | paper 002 |\n|---|---:|---:|\n"
    << "| episodes | " << z.value("episodes", 0) << " | not given |\n"
    << "| k | " << z.value("k", 0) << " | 3 |\n"
    << "| adjusted Rand index | " << number(z["ari"]) << " | not measured |\n"
    << "| purity | " << number(z["purity"]) << " | not measured |\n"
    << "| accuracy (best cluster to behaviour mapping) | " << number(z["accuracy"]) << " | not measured |\n\n";
  if (z.contains("classes") && z.contains("confusion")) {
    r << "Confusion matrix (rows: true behaviour, columns: cluster):\n\n| behaviour |";
    std::size_t k = z.value("k", 0);
    for (std::size_t c = 0; c < k; ++c) r << " cluster " << c << " |";
    r << "\n|---|";
    for (std::size_t c = 0; c < k; ++c) r << "---:|";
    r << "\n";
    for (std::size_t i = 0; i < z["classes"].size(); ++i) {
      r << "| " << z["classes"][i].get<std::string>() << " |";
      for (const auto& count : z["confusion"][i]) r << " " << count.dump() << " |";
      r << "\n";
    }
    r << "\n";
  }
  if (!figure.empty()) r << "![" << figure << "](" << figure << ")\n\n";
  return r.str();
}

}  // namespace ntlab
