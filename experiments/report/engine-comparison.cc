#include "experiments/report/engine-comparison.h"

#include "analyzers/labeling/label-confidence.h"
#include "experiments/report/experiment-report.h"
#include "experiments/report/figure-provenance.h"
#include "experiments/report/gnuplot-figure.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iterator>
#include <sstream>

namespace ntlab {
namespace {

/// The thresholds the confidence table shows (steps of 1/ConfidenceCurve::kSteps): everything, the
/// learnt answers backed by more agreeing than disagreeing observations, by about 8 of 8, the direct
/// evidence, and only the evidence that names the session's remote.
constexpr int kTableSteps[] = {0, 10, 16, 19, 20};

std::string PercentText(double ratio) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f %%", 100.0 * ratio);
  return buf;
}

std::string MeanPercent(const std::vector<const RunOutcome*>& runs, const std::string& metric) {
  auto s = SummarizeMetric(runs, metric);
  return s ? PercentText(s->mean) : "n/a";
}

std::vector<const RunOutcome*> RunsOfEngine(const RunGroup& group, const std::string& engine) {
  std::vector<const RunOutcome*> out;
  for (const RunOutcome* run : group.runs)
    if (SweptValue(*run, kEngineAxis) == engine) out.push_back(run);
  return out;
}

/// The stages any run decided a session with, in metrics.json's order.
std::vector<std::string> StagesUsed(const std::vector<RunOutcome>& runs) {
  std::vector<std::string> stages;
  for (const auto& run : runs) {
    if (!run.ok || !run.metrics.contains("stages") || !run.metrics["stages"].is_object()) continue;
    for (const auto& item : run.metrics["stages"].items()) {
      const auto decided = item.value().find("decided");
      bool used = decided != item.value().end() && decided->is_number() && decided->get<double>() > 0;
      if (used && std::find(stages.begin(), stages.end(), item.key()) == stages.end()) stages.push_back(item.key());
    }
  }
  std::sort(stages.begin(), stages.end());  // metrics.json's object order, whichever run named a stage first
  return stages;
}

/// The references file's paper figure beside `metric` ("" when there is none), and its provenance.
struct PaperSide {
  YAML::Node ref;
  std::optional<FigureProvenance> provenance;
  std::string FigureOf(const std::string& metric) const {
    if (!provenance) return "";
    for (const auto& pair : provenance->Beside())
      if (pair.metric == metric) return ScalarAtPath(ref, pair.paper_figure);
    return "";
  }
};

PaperSide LoadPaperSide(const std::string& references) {
  PaperSide side;
  if (references.empty()) return side;
  try {
    side.ref = YAML::LoadFile(references);
    side.provenance.emplace(side.ref);
  } catch (const YAML::Exception&) {
    side.provenance.reset();  // the report's other sections say that the file could not be read
  }
  return side;
}

/// The paper's rate as a percent like ours ("0.9017" -> "90.17 %"); other text as it is.
std::string PaperRateCell(const std::string& figure) {
  if (figure.empty()) return "no figure";
  char* end = nullptr;
  double ratio = std::strtod(figure.c_str(), &end);
  return end && *end == '\0' && ratio >= 0 && ratio <= 1 ? PercentText(ratio) : figure;
}

/// A rate cell: the mean over the runs and, when the paper has a figure beside it, its mark.
std::string RateCell(const PaperSide& paper, const ExperimentConfig& config, const std::string& metric,
                     const RunGroup& engineRuns) {
  std::string cell = MeanPercent(engineRuns.runs, metric);
  if (cell == "n/a" || paper.FigureOf(metric).empty()) return cell;
  return cell + " " + GroupMark(*paper.provenance, metric, config.scenario, engineRuns);
}

std::string RenderRatesTable(const ExperimentConfig& config, const std::vector<std::string>& engines,
                             const std::vector<RunGroup>& groups) {
  static const std::pair<const char*, const char*> kRates[] = {
      {"engine_rate", "engine only"}, {"post_rate", "after post-processing"}, {"accuracy", "right"}};
  const PaperSide paper = LoadPaperSide(config.references);
  std::ostringstream md;
  md << "| settings |";
  for (const auto& [metric, title] : kRates)
    for (const auto& engine : engines) md << " " << title << ", " << engine << " |";
  md << "\n|---|";
  for (std::size_t i = 0; i < engines.size() * 3; ++i) md << "---:|";
  md << "\n";
  if (paper.provenance) {
    md << "| paper |";
    for (const auto& [metric, title] : kRates) {
      const std::string figure = PaperRateCell(paper.FigureOf(metric));
      for (std::size_t i = 0; i < engines.size(); ++i) md << " " << figure << " |";
    }
    md << "\n";
  }
  for (const auto& group : groups) {
    md << "| " << SettingsName(group.settings) << " |";
    for (const auto& [metric, title] : kRates)
      for (const auto& engine : engines)
        md << " " << RateCell(paper, config, metric, RunGroup{group.settings, RunsOfEngine(group, engine)}) << " |";
    md << "\n";
  }
  return md.str();
}

std::string RenderStagesTable(const std::vector<std::string>& engines, const std::vector<RunGroup>& groups,
                              const std::vector<std::string>& stages) {
  std::ostringstream md;
  md << "| settings | engine |";
  for (const auto& stage : stages) md << " " << stage << " |";
  md << "\n|---|---|";
  for (std::size_t i = 0; i < stages.size(); ++i) md << "---:|";
  md << "\n";
  for (const auto& group : groups)
    for (const auto& engine : engines) {
      const auto runs = RunsOfEngine(group, engine);
      md << "| " << SettingsName(group.settings) << " | " << engine << " |";
      for (const auto& stage : stages) {
        auto decided = SummarizeMetric(runs, "stages." + stage + ".decided");
        char count[32];
        std::snprintf(count, sizeof count, "%.0f", decided ? decided->mean : 0.0);
        md << " " << count << " / " << MeanPercent(runs, "stages." + stage + ".accuracy") << " |";
      }
      md << "\n";
    }
  return md.str();
}

/// The lines of the curves: per group of runs, and per engine when the engine is swept.
struct CurveLine {
  std::string name;
  std::vector<const RunOutcome*> runs;
};

std::vector<CurveLine> LinesOf(const std::vector<RunGroup>& groups, const std::string& engine) {
  std::vector<CurveLine> lines;
  for (const auto& group : groups) {
    auto runs = engine.empty() ? group.runs : RunsOfEngine(group, engine);
    if (!runs.empty()) lines.push_back({SettingsName(group.settings), std::move(runs)});
  }
  return lines;
}

bool AnyCurve(const std::vector<CurveLine>& lines) {
  for (const auto& line : lines)
    if (MeanCurvePoint(line.runs, 0).precision) return true;
  return false;
}

std::string PercentOrMissing(const std::optional<double>& ratio) {
  if (!ratio) return "?";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", 100.0 * *ratio);
  return buf;
}

std::string DrawCurvesFigure(const std::vector<CurveLine>& lines, const std::string& title, const std::string& stem) {
  std::vector<std::vector<std::string>> rows{{"threshold"}};
  for (const auto& line : lines) rows[0].insert(rows[0].end(), {line.name + " coverage", line.name});
  for (int step = 0; step <= ConfidenceCurve::kSteps; ++step) {
    char threshold[16];
    std::snprintf(threshold, sizeof threshold, "%.2f", double(step) / ConfidenceCurve::kSteps);
    std::vector<std::string> row{threshold};
    for (const auto& line : lines) {
      CurvePoint p = MeanCurvePoint(line.runs, step);
      row.insert(row.end(), {PercentOrMissing(p.coverage), PercentOrMissing(p.precision)});
    }
    rows.push_back(std::move(row));
  }
  GnuplotFigure figure(stem);
  figure.SetData(rows);
  figure.SetSize(760, 480);
  figure.SetScript("set title '" + title + "'\nset datafile missing '?'\n"
                   "set xlabel 'coverage (% of monitored sessions labelled at or above the threshold)'\n"
                   "set ylabel 'precision (% of them right)'\nset grid\nset key inside left bottom font ',9'\n"
                   "plot for [i=0:" + std::to_string(lines.size() - 1) +
                   "] @DATA@ using (column(2+2*i)):(column(3+2*i)) with linespoints pt 7 ps 0.6 "
                   "title columnhead(3+2*i)\n");
  return figure.Render() ? figure.SvgPath() : "";
}

}  // namespace

std::vector<std::string> SweptEngines(const ExperimentConfig& config) {
  for (const auto& axis : config.sweep)
    if (axis.key == kEngineAxis) return axis.values;
  return {};
}

CurvePoint MeanCurvePoint(const std::vector<const RunOutcome*>& runs, int threshold_step) {
  double coverage = 0, precision = 0;
  std::size_t withCoverage = 0, withPrecision = 0;
  for (const RunOutcome* run : runs) {
    auto curve = run->metrics.find("confidence_curve");
    if (curve == run->metrics.end() || !curve->is_array() || std::size_t(threshold_step) >= curve->size()) continue;
    const nlohmann::json& point = (*curve)[threshold_step];
    if (point.contains("coverage") && point["coverage"].is_number()) {
      coverage += point["coverage"].get<double>();
      ++withCoverage;
    }
    if (point.contains("precision") && point["precision"].is_number()) {
      precision += point["precision"].get<double>();
      ++withPrecision;
    }
  }
  CurvePoint mean;
  if (withCoverage) mean.coverage = coverage / double(withCoverage);
  if (withPrecision) mean.precision = precision / double(withPrecision);
  return mean;
}

std::string RenderEngineComparison(const ExperimentConfig& config, const std::vector<RunOutcome>& runs) {
  const std::vector<std::string> engines = SweptEngines(config);
  if (engines.empty()) return "";
  const auto groups = GroupRuns(runs, config.sweep, {kEngineAxis});
  std::ostringstream md;
  md << "## Both engines, side by side\n\nMean over each group's runs. Rates beside a paper figure carry its "
        "mark from the references file (**input**, **calibrated** or **predicted**); accuracy (right = correct "
        "labels of the labelled sessions with a truth) has no paper figure: the paper had no truth.\n\n"
     << RenderRatesTable(config, engines, groups)
     << "\nPer stage: sessions decided / share of them right (mean over seeds); only the stages that decided "
        "a session in some run.\n\n"
     << RenderStagesTable(engines, groups, StagesUsed(runs)) << "\n";
  return md.str();
}

std::vector<std::string> DrawConfidenceCurves(const ExperimentConfig& config, const std::vector<RunOutcome>& runs,
                                              const std::string& out_dir) {
  std::vector<std::string> figures;
  if (!GnuplotFigure::Available()) return figures;
  std::vector<std::string> engines = SweptEngines(config);
  const auto groups = GroupRuns(runs, config.sweep, {kEngineAxis});
  if (engines.empty()) engines.push_back("");  // one figure, one line per group
  for (const auto& engine : engines) {
    auto lines = LinesOf(groups, engine);
    if (lines.empty() || !AnyCurve(lines)) continue;
    std::filesystem::create_directories(out_dir + "/plots");
    std::string stem = engine.empty() ? "confidence-curves" : "confidence-curves-" + engine;
    std::string title = "Precision against coverage over the confidence threshold" +
                        (engine.empty() ? std::string() : ", " + engine + " engine");
    if (!DrawCurvesFigure(lines, title, out_dir + "/plots/" + stem).empty()) figures.push_back("plots/" + stem + ".svg");
  }
  return figures;
}

std::string RenderConfidenceTable(const ExperimentConfig& config, const std::vector<RunOutcome>& runs) {
  std::vector<std::string> engines = SweptEngines(config);
  const auto groups = GroupRuns(runs, config.sweep, {kEngineAxis});
  if (engines.empty()) engines.push_back("");
  std::ostringstream rows;
  bool any = false;
  for (const auto& group : groups)
    for (const auto& engine : engines) {
      auto runs_of = engine.empty() ? group.runs : RunsOfEngine(group, engine);
      if (runs_of.empty()) continue;
      rows << "| " << SettingsName(group.settings) << " | " << (engine.empty() ? "-" : engine) << " |";
      for (int step : kTableSteps) {
        CurvePoint p = MeanCurvePoint(runs_of, step);
        any = any || p.precision.has_value();
        rows << " " << (p.coverage ? PercentText(*p.coverage) : "n/a") << ", "
             << (p.precision ? PercentText(*p.precision) : "n/a") << " |";
      }
      rows << "\n";
    }
  if (!any) return "";
  std::ostringstream md;
  md << "## Confidence curves\n\nEach label's confidence (analyzers/labeling/label-confidence.h): 1 for a socket "
        "row or event naming the session's remote, 0.95 for one that matched the port only, 0.9 x (k + 1) / "
        "(n + 2) for a learnt answer backed by k of n observations. Cells: coverage (share of monitored sessions "
        "labelled at or above the threshold), precision (share of them right); mean over seeds.\n\n"
     << "| settings | engine |";
  for (int step : kTableSteps) {
    char buf[24];
    std::snprintf(buf, sizeof buf, " >= %.2f |", double(step) / ConfidenceCurve::kSteps);
    md << buf;
  }
  md << "\n|---|---|";
  for (std::size_t i = 0; i < std::size(kTableSteps); ++i) md << "---:|";
  md << "\n" << rows.str() << "\n";
  return md.str();
}

}  // namespace ntlab
