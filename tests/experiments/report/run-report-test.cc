#include "experiments/report/run-report.h"

#include "experiments/report/gnuplot-figure.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>
#include "tests/support/build-paths.h"

using namespace ntlab;

namespace {

/// A labelling's metrics with a confidence curve: 3 of 4 monitored sessions labelled, one wrong
/// label below 0.8, and one flagged label.
nlohmann::json MetricsWithCurve() {
  LabelSummary s;
  s.has_truth = true;
  std::string chrome = "chrome.exe", code = "Code.exe";
  s.Count(true, LabelDecision{1, "chrome.exe", "A", 0, "socket_row", 1, 1.0}, &chrome);
  s.Count(true, LabelDecision{1, "chrome.exe", "C", 0, "remote_endpoint", 9, 1.0}, &chrome, false);
  s.Count(true, LabelDecision{1, "chrome.exe", "A2", 0, "rule", 1, 1.0}, &code, true);
  s.Count(true, std::nullopt, &code);
  return s.ToJson();
}

}  // namespace

TEST_CASE("run report shows the confidence curve and the SNI cross-check", "[analysis][report][confidence]") {
  RunReportInput input;
  input.scenario_name = "hand-made";
  input.metrics = MetricsWithCurve();
  std::string report = RenderRunReport(input);
  CHECK(report.find("### Confidence: precision against coverage") != std::string::npos);
  CHECK(report.find("| 0.00 | 3 | 75.00 % | 66.67 % |") != std::string::npos);
  CHECK(report.find("| 0.80 | 2 | 50.00 % | 100.00 % |") != std::string::npos);
  CHECK(report.find("| 1.00 | 1 | 25.00 % | 100.00 % |") != std::string::npos);
  CHECK(report.find("| 0.05 |") == std::string::npos);  // the table shows every 0.2 and the top steps
  CHECK(report.find("2 checked, 1 flagged, 1 of them wrong (precision 100.00 %)") != std::string::npos);
  CHECK(report.find("catches 1 of 1 wrong labels (recall 100.00 %)") != std::string::npos);

  input.metrics["has_truth"] = false;
  CHECK(RenderRunReport(input).find("### Confidence") == std::string::npos);
}

TEST_CASE("run figures include the confidence curve when gnuplot is there", "[analysis][report][confidence]") {
  if (!GnuplotFigure::Available()) {
    WARN("gnuplot is not installed: no figure to check");
    return;
  }
  const std::string dir = std::string(NTLAB_BINARY_DIR) + "/test-report-confidence";
  std::vector<std::string> figures = WriteRunFigures(dir, MetricsWithCurve(), LabelBreakdown{});
  CHECK(std::find(figures.begin(), figures.end(), "plots/confidence-curve.svg") != figures.end());
  std::ifstream svg(dir + "/plots/confidence-curve.svg");
  std::string text((std::istreambuf_iterator<char>(svg)), std::istreambuf_iterator<char>());
  CHECK(text.find("<svg") != std::string::npos);
}
