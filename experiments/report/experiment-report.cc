#include "experiments/report/experiment-report.h"

#include "analyzers/formats/atomic-file.h"
#include "experiments/report/engine-comparison.h"
#include "experiments/report/gnuplot-figure.h"
#include "experiments/report/related-experiment.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <sstream>

namespace ntlab {
namespace fs = std::filesystem;
namespace {

std::string Fmt(double v, int digits = 4) {
  char buf[48];
  // Counts read better whole ("127374", not "1.274e+05"); other values keep `digits` digits.
  if (std::fabs(v) >= 1e4 && std::fabs(v) < 1e15 && v == std::floor(v))
    std::snprintf(buf, sizeof buf, "%.0f", v);
  else
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
  return buf;
}

void WriteResultsCsv(const ExperimentConfig& config, const std::vector<RunOutcome>& runs, const std::string& out_dir) {
  const std::vector<std::string> table = ResultTableMetrics(config);
  AtomicFile file(out_dir + "/results.csv");
  auto& out = file.Stream();
  out << "run,ok";
  for (const auto& axis : config.sweep) out << ',' << axis.key;
  for (const auto& m : table) out << ',' << m;
  out << '\n';
  for (const auto& run : runs) {
    out << '"' << run.spec.id << "\"," << (run.ok ? "true" : "false");
    for (const auto& axis : config.sweep) out << ',' << SweptValue(run, axis.key);
    for (const auto& m : table) {
      nlohmann::json v = run.ok ? MetricAt(run.metrics, m) : nlohmann::json(nullptr);
      out << ',' << (v.is_null() ? "" : v.dump());
    }
    out << '\n';
  }
  file.Commit();
}

/// One figure: `metric` against the plot's x, one line per group of the other settings; returns
/// its path relative to the report, "" when not drawn.
std::string DrawMetricFigure(const PlotSpec& plot, const std::string& metric, const std::vector<RunOutcome>& runs,
                             const std::vector<RunGroup>& lines, const std::string& out_dir) {
  std::map<double, std::string> xs;  // numeric x -> label
  for (const auto& run : runs)
    if (run.ok)
      if (auto x = NumericSetting(SweptValue(run, plot.x))) xs[*x] = SweptValue(run, plot.x);
  if (xs.empty()) return "";
  std::vector<std::vector<std::string>> rows{{plot.x}};
  for (const auto& line : lines) {
    std::string name = SettingsName(line.settings);
    rows[0].insert(rows[0].end(), {name, name + " min", name + " max"});
  }
  for (const auto& [x, label] : xs) {
    std::vector<std::string> row{Fmt(x, 9)};
    for (const auto& line : lines) {
      std::vector<const RunOutcome*> at;
      for (const RunOutcome* r : line.runs)
        if (SweptValue(*r, plot.x) == label) at.push_back(r);
      if (auto s = SummarizeMetric(at, metric))
        row.insert(row.end(), {Fmt(s->mean, 9), Fmt(s->min, 9), Fmt(s->max, 9)});
      else
        row.insert(row.end(), {"?", "?", "?"});
    }
    rows.push_back(row);
  }
  std::string stem = metric + "-vs-" + plot.x;
  std::replace(stem.begin(), stem.end(), '.', '_');
  GnuplotFigure figure(out_dir + "/plots/" + stem);
  figure.SetData(rows);
  figure.SetScript("set title '" + metric + " against " + plot.x + " (mean; bars: min-max over seeds)'\n" +
                   (plot.log_x ? "set logscale x\n" : "") + "set xlabel '" + plot.x +
                   " (seconds)'\nset ylabel '" + metric + "'\nset grid\nset datafile missing '?'\n"
                   "set key outside bottom center horizontal\n"
                   "plot for [i=0:" + std::to_string(lines.size() - 1) +
                   "] @DATA@ using 1:(column(2+3*i)):(column(3+3*i)):(column(4+3*i)) "
                   "with yerrorlines pt 7 ps 0.7 title columnhead(2+3*i)\n");
  return figure.Render() ? "plots/" + stem + ".svg" : "";
}

std::vector<std::string> DrawFigures(const ExperimentConfig& config, const std::vector<RunOutcome>& runs,
                                     const std::string& out_dir) {
  std::vector<std::string> figures;
  if (GnuplotFigure::Available()) fs::create_directories(out_dir + "/plots");
  for (const auto& plot : config.plots) {
    auto lines = GroupRuns(runs, config.sweep, {plot.x});
    for (const auto& metric : plot.metrics) {
      std::string figure = DrawMetricFigure(plot, metric, runs, lines, out_dir);
      if (!figure.empty()) figures.push_back(figure);
    }
  }
  return figures;
}

std::string RenderRecommendation(const RecommendSpec& r, const std::vector<Recommendation>& recommendations) {
  std::ostringstream rec;
  rec << "## Recommendation\n\nThe largest " << r.x << " whose mean " << r.metric
      << " (over seeds) still reaches the threshold:\n\n| settings | " << r.metric << " at least | " << r.x
      << " | mean " << r.metric;
  for (const auto& c : r.costs) rec << " | " << c;
  rec << " |\n|---|---:|---:|---:";
  for (std::size_t i = 0; i < r.costs.size(); ++i) rec << "|---:";
  rec << "|\n";
  for (const auto& line : recommendations) {
    rec << "| " << line.settings << " | " << Fmt(line.threshold) << " | ";
    if (!line.x) {
      rec << "none reaches it | |";
      for (std::size_t i = 0; i < r.costs.size(); ++i) rec << " |";
    } else {
      rec << *line.x << " | " << Fmt(line.mean) << " |";
      for (const auto& cost : line.costs) rec << " " << (cost ? Fmt(*cost) : "n/a") << " |";
    }
    rec << "\n";
  }
  rec << "\n";
  return rec.str();
}

std::string RenderSummaryTable(const std::vector<std::string>& table, const std::vector<RunGroup>& groups) {
  std::ostringstream md;
  md << "| settings | seeds |";
  for (const auto& m : table) md << " " << m << " |";
  md << "\n|---|---:|";
  for (std::size_t i = 0; i < table.size(); ++i) md << "---:|";
  md << "\n";
  for (const auto& group : groups) {
    md << "| " << SettingsName(group.settings) << " | " << group.runs.size() << " |";
    for (const auto& m : table) {
      auto s = SummarizeMetric(group.runs, m);
      md << " " << (s ? Fmt(s->mean) + (s->n > 1 ? " [" + Fmt(s->min) + "-" + Fmt(s->max) + "]" : "") : "n/a") << " |";
    }
    md << "\n";
  }
  return md.str();
}

/// Every figure the references file puts beside a paper figure (`beside:`), per group of runs,
/// with its input/calibrated/predicted mark; "" without a references file or comparisons.
std::string RenderBesidePaper(const ExperimentConfig& config, const std::vector<RunGroup>& groups) {
  YAML::Node ref;
  try {
    ref = YAML::LoadFile(config.references);
  } catch (const YAML::Exception&) {
    return "";
  }
  const FigureProvenance provenance(ref);
  std::vector<BesidePair> shown;  // numeric metrics only (Table 3's shares are in the runs' reports)
  for (const auto& pair : provenance.Beside())
    if (!groups.empty() && SummarizeMetric(groups.front().runs, pair.metric)) shown.push_back(pair);
  if (shown.empty()) return "";
  std::ostringstream md;
  md << "## Beside the paper, marked\n\nMean over the group's runs, marked **input** (set from the paper), "
        "**calibrated** (tuned to match it) or **predicted** (nothing tuned to it), from the references file's "
        "`provenance` (a figure not declared there is predicted).\n\n| settings |";
  for (const auto& pair : shown) md << " " << pair.metric << " |";
  md << "\n|---|";
  for (std::size_t i = 0; i < shown.size(); ++i) md << "---:|";
  md << "\n| paper |";
  for (const auto& pair : shown) md << " " << ScalarAtPath(ref, pair.paper_figure) << " |";
  md << "\n";
  for (const auto& group : groups) {
    md << "| " << SettingsName(group.settings) << " |";
    for (const auto& pair : shown) {
      auto s = SummarizeMetric(group.runs, pair.metric);
      md << " " << (s ? Fmt(s->mean) + " " + GroupMark(provenance, pair.metric, config.scenario, group) : "n/a") << " |";
    }
    md << "\n";
  }
  return md.str() + "\n";
}

std::string RenderReferences(const std::string& path) {
  std::ostringstream md;
  try {
    YAML::Node ref = YAML::LoadFile(path);
    md << "## The paper's figures, for comparison\n\n| figure | value |\n|---|---|\n";
    std::function<void(const YAML::Node&, const std::string&)> walk = [&](const YAML::Node& n, const std::string& p) {
      if (p == "beside" || p == "provenance") return;  // how ntlab compares, not the paper's figures
      if (n.IsScalar()) md << "| " << p << " | " << n.Scalar() << " |\n";
      if (n.IsMap())
        for (const auto& item : n) walk(item.second, p.empty() ? item.first.as<std::string>() : p + "." + item.first.as<std::string>());
    };
    walk(ref, "");
    md << "\n";
  } catch (const YAML::Exception&) {
    md << "(references file " << path << " could not be read)\n\n";
  }
  return md.str();
}

/// A one-run experiment (a reproduction, not a sweep) shows that run's whole report.
std::string EmbeddedRunReport(const RunOutcome& run, const std::string& out_dir) {
  std::ifstream in(fs::path(run.dir) / "report.md");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // Its figures live in the run's folder; its headings go one level down.
  std::string prefix = fs::relative(run.dir, out_dir).string() + "/";
  text = std::regex_replace(text, std::regex(R"(\]\((plots/))"), "](" + prefix + "$1");
  return std::regex_replace(text, std::regex("(^|\n)#"), "$1##");
}

}  // namespace

// The mean over seeds of which one seed was calibrated is mostly a prediction: hence the count.
std::string GroupMark(const FigureProvenance& provenance, const std::string& metric, const std::string& scenario,
                      const RunGroup& group) {
  std::map<FigureOrigin, std::size_t> counts;
  for (const RunOutcome* run : group.runs)
    ++counts[provenance.MarkOf(metric, SettingsOfRun(scenario, run->spec.overrides, run->spec.use_events)).origin];
  if (counts.empty()) return MarkCell({});
  const FigureOrigin strongest = counts.begin()->first;  // the enum runs input, calibrated, predicted
  std::string cell = MarkCell({strongest, ""});
  if (counts.size() > 1)
    cell += " (" + std::to_string(counts.begin()->second) + "/" + std::to_string(group.runs.size()) + " runs)";
  return cell;
}

std::string RenderResultTables(const ExperimentConfig& config, const std::vector<RunOutcome>& runs,
                               const std::vector<Recommendation>& recommendations) {
  std::string md = RenderSummaryTable(ResultTableMetrics(config), GroupRuns(runs, config.sweep)) + "\n";
  if (config.recommend) md += RenderRecommendation(*config.recommend, recommendations);
  return md;
}

void WriteExperimentReport(const ExperimentConfig& config, const std::vector<RunOutcome>& runs,
                           const std::vector<Recommendation>& recommendations, const std::string& out_dir) {
  WriteResultsCsv(config, runs, out_dir);
  std::vector<std::string> figures = DrawFigures(config, runs, out_dir);
  // A one-run experiment embeds its run's report, which has the run's curve already.
  const bool sweep = runs.size() > 1;
  std::vector<std::string> curves = sweep ? DrawConfidenceCurves(config, runs, out_dir) : std::vector<std::string>{};

  std::ostringstream md;
  md << "# Experiment: " << config.name << "\n\n";
  if (!config.description.empty()) md << config.description << "\n\n";
  std::size_t reused = std::count_if(runs.begin(), runs.end(), [](const RunOutcome& r) { return r.reused; });
  std::size_t failed = std::count_if(runs.begin(), runs.end(), [](const RunOutcome& r) { return !r.ok; });
  md << "Scenario `" << config.scenario << "`; " << runs.size() << " runs (" << reused
     << " reused from an earlier invocation, " << failed << " failed). One row "
     << "per setting; mean over seeds with the range in brackets. Every run's own report is in `runs/`.\n\n";
  md << RenderResultTables(config, runs, recommendations);
  for (const auto& f : figures) md << "![" << f << "](" << f << ")\n\n";
  md << RenderEngineComparison(config, runs) << (sweep ? RenderConfidenceTable(config, runs) : "");
  for (const auto& f : curves) md << "![" << f << "](" << f << ")\n\n";
  for (const auto& related : config.related) md << RenderRelatedExperiment(related, out_dir);
  if (!config.references.empty())
    md << RenderBesidePaper(config, GroupRuns(runs, config.sweep)) << RenderReferences(config.references);
  for (const auto& run : runs)
    if (!run.ok) md << "- run `" << run.spec.id << "` failed: " << run.error << "\n";
  if (runs.size() == 1 && runs.front().ok) md << "\n" << EmbeddedRunReport(runs.front(), out_dir);
  WriteFileAtomically(out_dir + "/report.md", md.str());
}

}  // namespace ntlab
