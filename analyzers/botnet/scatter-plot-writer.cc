#include "analyzers/botnet/scatter-plot-writer.h"

#include "analyzers/formats/atomic-file.h"
#include "analyzers/formats/csv-io.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace ntlab {

namespace {

// Colour-blind-safe palette (Okabe and Ito).
const char* const kColours[] = {"#E69F00", "#56B4E9", "#009E73", "#D55E00",
                                "#0072B2", "#CC79A7", "#F0E442", "#000000"};

std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

// A "nice" tick step (1, 2 or 5 x 10^n) giving about `target` ticks over `range`.
double TickStep(double range, int target) {
  double raw = range / std::max(1, target);
  double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double norm = raw / mag;
  return (norm < 1.5 ? 1 : norm < 3.5 ? 2 : norm < 7.5 ? 5 : 10) * mag;
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

std::string RenderScatterSvg(const std::vector<ScatterPoint>& points, const ScatterPlotOptions& o) {
  const double left = 70, right = 160, top = 40, bottom = 55;
  const double pw = o.width - left - right, ph = o.height - top - bottom;
  double xmin = 0, xmax = 1, ymin = 0, ymax = 1;
  std::size_t clusters = 0;
  if (!points.empty()) {
    xmin = xmax = points[0].x;
    ymin = ymax = points[0].y;
    for (const auto& p : points) {
      xmin = std::min(xmin, p.x), xmax = std::max(xmax, p.x);
      ymin = std::min(ymin, p.y), ymax = std::max(ymax, p.y);
      clusters = std::max(clusters, p.cluster + 1);
    }
  }
  // Axes start at zero (lengths and counts), with a margin above the largest value.
  xmin = std::min(0.0, xmin), ymin = std::min(0.0, ymin);
  xmax = xmax > xmin ? xmax * 1.05 : xmin + 1, ymax = ymax > ymin ? ymax * 1.05 : ymin + 1;
  auto sx = [&](double x) { return left + (x - xmin) / (xmax - xmin) * pw; };
  auto sy = [&](double y) { return top + ph - (y - ymin) / (ymax - ymin) * ph; };

  std::ostringstream s;
  s << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << o.width << "\" height=\"" << o.height
    << "\" font-family=\"sans-serif\" font-size=\"12\">\n";
  s << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  s << "<text x=\"" << left + pw / 2 << "\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">" << Escape(o.title)
    << "</text>\n";
  s << "<rect x=\"" << left << "\" y=\"" << top << "\" width=\"" << pw << "\" height=\"" << ph
    << "\" fill=\"none\" stroke=\"black\"/>\n";
  double xs = TickStep(xmax - xmin, 6), ys = TickStep(ymax - ymin, 6);
  for (double x = std::ceil(xmin / xs) * xs; x <= xmax; x += xs) {
    s << "<line x1=\"" << sx(x) << "\" y1=\"" << top + ph << "\" x2=\"" << sx(x) << "\" y2=\"" << top + ph + 5
      << "\" stroke=\"black\"/><text x=\"" << sx(x) << "\" y=\"" << top + ph + 18 << "\" text-anchor=\"middle\">"
      << Num(x) << "</text>\n";
  }
  for (double y = std::ceil(ymin / ys) * ys; y <= ymax; y += ys) {
    s << "<line x1=\"" << left - 5 << "\" y1=\"" << sy(y) << "\" x2=\"" << left << "\" y2=\"" << sy(y)
      << "\" stroke=\"black\"/><text x=\"" << left - 8 << "\" y=\"" << sy(y) + 4 << "\" text-anchor=\"end\">"
      << Num(y) << "</text>\n";
  }
  s << "<text x=\"" << left + pw / 2 << "\" y=\"" << o.height - 12 << "\" text-anchor=\"middle\">"
    << Escape(o.x_label) << "</text>\n";
  s << "<text transform=\"translate(18," << top + ph / 2 << ") rotate(-90)\" text-anchor=\"middle\">"
    << Escape(o.y_label) << "</text>\n";
  for (const auto& p : points) {
    s << "<circle cx=\"" << sx(p.x) << "\" cy=\"" << sy(p.y) << "\" r=\"4\" fill=\""
      << kColours[p.cluster % 8] << "\" fill-opacity=\"0.8\" stroke=\"black\" stroke-width=\"0.5\">";
    if (!p.label.empty()) s << "<title>" << Escape(p.label) << "</title>";
    s << "</circle>\n";
  }
  for (std::size_t c = 0; c < clusters; ++c) {
    double y = top + 10 + 20.0 * double(c);
    std::string name = c < o.cluster_names.size() && !o.cluster_names[c].empty() ? o.cluster_names[c]
                                                                                 : "cluster " + std::to_string(c);
    s << "<circle cx=\"" << left + pw + 20 << "\" cy=\"" << y << "\" r=\"5\" fill=\"" << kColours[c % 8]
      << "\"/><text x=\"" << left + pw + 30 << "\" y=\"" << y + 4 << "\">" << Escape(name) << "</text>\n";
  }
  s << "</svg>\n";
  return s.str();
}

void WriteScatterSvg(const std::string& path, const std::vector<ScatterPoint>& points,
                     const ScatterPlotOptions& options) {
  WriteFileAtomically(path, RenderScatterSvg(points, options));
}

}  // namespace ntlab
