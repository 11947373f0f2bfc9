#include "experiments/report/experiment-report.h"

#include "analyzers/formats/atomic-file.h"
#include "analyzers/formats/csv-io.h"
#include "experiments/report/gnuplot-figure.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <sstream>

namespace ntlab {
namespace {

const char* const kDefaultTable[] = {"sessions_monitored", "engine_rate", "post_rate", "accuracy"};

/// Numeric value of a swept setting: durations in seconds, plain numbers as they are.
std::optional<double> Numeric(const std::string& text) {
  double seconds = 0;
  if (ParseDuration(text, seconds)) return seconds;
  return std::nullopt;
}

std::string Fmt(double v, int digits = 4) {
  char buf[48];
  // Counts read better whole ("127374", not "1.274e+05"); other values keep `digits` digits.
  if (std::fabs(v) >= 1e4 && std::fabs(v) < 1e15 && v == std::floor(v))
    std::snprintf(buf, sizeof buf, "%.0f", v);
  else
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
  return buf;
}

struct Stats {
  double mean = 0, min = 0, max = 0;
  std::size_t n = 0;
};

std::optional<Stats> Summarize(const std::vector<double>& values) {
  if (values.empty()) return std::nullopt;
  Stats s;
  s.n = values.size();
  s.min = *std::min_element(values.begin(), values.end());
  s.max = *std::max_element(values.begin(), values.end());
  for (double v : values) s.mean += v;
  s.mean /= double(values.size());
  return s;
}

/// Runs grouped by the swept values of every key except the excluded ones (seeds always), in
/// the order the experiment file lists the values.
using GroupKey = std::vector<std::pair<std::string, std::string>>;
struct SweepOrder {
  bool operator()(const GroupKey& a, const GroupKey& b) const { return Rank(a) < Rank(b); }
  std::vector<std::size_t> Rank(const GroupKey& key) const {
    std::vector<std::size_t> rank;
    for (const auto& [k, v] : key)
      for (const auto& axis : *sweep)
        if (axis.key == k) rank.push_back(std::find(axis.values.begin(), axis.values.end(), v) - axis.values.begin());
    return rank;
  }
  const std::vector<SweepAxis>* sweep;
};
using Groups = std::map<GroupKey, std::vector<const RunOutcome*>, SweepOrder>;

Groups GroupBy(const std::vector<RunOutcome>& runs, const std::vector<SweepAxis>& sweep,
               const std::vector<std::string>& exclude) {
  Groups groups(SweepOrder{&sweep});
  for (const auto& run : runs) {
    if (!run.ok) continue;
    GroupKey key;
    for (const auto& [k, v] : run.spec.swept)
      if (k != "seed" && std::find(exclude.begin(), exclude.end(), k) == exclude.end()) key.push_back({k, v});
    groups[key].push_back(&run);
  }
  return groups;
}

std::string GroupName(const GroupKey& key) {
  std::string name;
  for (const auto& [k, v] : key) name += (name.empty() ? "" : ", ") + k + "=" + v;
  return name.empty() ? "all runs" : name;
}

std::vector<double> Values(const std::vector<const RunOutcome*>& runs, const std::string& metric) {
  std::vector<double> values;
  for (const RunOutcome* r : runs) {
    nlohmann::json v = MetricAt(r->metrics, metric);
    if (v.is_number()) values.push_back(v.get<double>());
  }
  return values;
}

std::string SweptValue(const RunOutcome& run, const std::string& key) {
  for (const auto& [k, v] : run.spec.swept)
    if (k == key) return v;
  return "";
}

}  // namespace

nlohmann::json MetricAt(const nlohmann::json& metrics, const std::string& path) {
  const nlohmann::json* node = &metrics;
  for (std::size_t start = 0;;) {
    auto dot = path.find('.', start);
    std::string part = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (!node->is_object() || !node->contains(part)) return nullptr;
    node = &(*node)[part];
    if (dot == std::string::npos) return *node;
    start = dot + 1;
  }
}

void WriteExperimentReport(const ExperimentConfig& config, const std::vector<RunOutcome>& runs,
                           const std::string& out_dir) {
  namespace fs = std::filesystem;
  std::vector<std::string> table = config.table;
  if (table.empty()) table.assign(std::begin(kDefaultTable), std::end(kDefaultTable));
  std::vector<std::string> sweptKeys;
  for (const auto& axis : config.sweep) sweptKeys.push_back(axis.key);

  // One row per run.
  {
    AtomicFile file(out_dir + "/results.csv");
    auto& out = file.Stream();
    out << "run,ok";
    for (const auto& k : sweptKeys) out << ',' << k;
    for (const auto& m : table) out << ',' << m;
    out << '\n';
    for (const auto& run : runs) {
      out << '"' << run.spec.id << "\"," << (run.ok ? "true" : "false");
      for (const auto& k : sweptKeys) out << ',' << SweptValue(run, k);
      for (const auto& m : table) {
        nlohmann::json v = run.ok ? MetricAt(run.metrics, m) : nlohmann::json(nullptr);
        out << ',' << (v.is_null() ? "" : v.dump());
      }
      out << '\n';
    }
    file.Commit();
  }

  // Per group of settings (seeds pooled): mean, min, max.
  nlohmann::json metrics;
  metrics["experiment"] = config.name;
  metrics["scenario"] = config.scenario;
  metrics["runs"] = runs.size();
  metrics["failed"] = std::count_if(runs.begin(), runs.end(), [](const RunOutcome& r) { return !r.ok; });
  auto groups = GroupBy(runs, config.sweep, {});
  auto summaryRow = [&](const GroupKey& key, const std::vector<const RunOutcome*>& members) {
    nlohmann::json row;
    for (const auto& [k, v] : key) row[k] = v;
    row["seeds"] = members.size();
    for (const auto& m : table) {
      const std::vector<double> values = Values(members, m);
      if (auto s = Summarize(values)) row[m] = {{"mean", s->mean}, {"min", s->min}, {"max", s->max}};
    }
    return row;
  };
  if (config.rows_by.empty()) {
    for (const auto& [key, members] : groups) metrics["rows"].push_back(summaryRow(key, members));
  } else {
    // One row per value of rows_by (in sweep order); the other settings nested as "settings".
    const SweepAxis* axis = nullptr;
    for (const auto& a : config.sweep)
      if (a.key == config.rows_by) axis = &a;
    for (const auto& value : axis->values) {
      nlohmann::json row = {{config.rows_by, value}, {"settings", nlohmann::json::array()}};
      for (const auto& [key, members] : groups) {
        auto it = std::find_if(key.begin(), key.end(), [&](const auto& kv) { return kv.first == config.rows_by; });
        if (it == key.end() || it->second != value) continue;
        GroupKey rest;
        for (const auto& kv : key)
          if (kv.first != config.rows_by) rest.push_back(kv);
        row["settings"].push_back(summaryRow(rest, members));
      }
      metrics["rows"].push_back(row);
    }
  }

  // Figures: each metric against the plot's x, one line per group of the other settings.
  std::vector<std::string> figures;
  if (GnuplotFigure::Available()) fs::create_directories(out_dir + "/plots");
  for (const auto& plot : config.plots) {
    auto lines = GroupBy(runs, config.sweep, {plot.x});
    for (const auto& metric : plot.metrics) {
      std::map<double, std::string> xs;  // numeric x -> label
      for (const auto& run : runs)
        if (run.ok)
          if (auto x = Numeric(SweptValue(run, plot.x))) xs[*x] = SweptValue(run, plot.x);
      if (xs.empty()) continue;
      std::vector<std::vector<std::string>> rows{{plot.x}};
      for (const auto& [key, members] : lines) {
        std::string name = GroupName(key);
        rows[0].insert(rows[0].end(), {name, name + " min", name + " max"});
      }
      for (const auto& [x, label] : xs) {
        std::vector<std::string> row{Fmt(x, 9)};
        for (const auto& [key, members] : lines) {
          std::vector<const RunOutcome*> at;
          for (const RunOutcome* r : members)
            if (SweptValue(*r, plot.x) == label) at.push_back(r);
          auto s = Summarize(Values(at, metric));
          if (s)
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
      if (figure.Render()) figures.push_back("plots/" + stem + ".svg");
    }
  }

  // Recommendation: the largest x whose mean metric reaches each threshold.
  std::ostringstream rec;
  if (config.recommend) {
    const RecommendSpec& r = *config.recommend;
    rec << "## Recommendation\n\nThe largest " << r.x << " whose mean " << r.metric
        << " (over seeds) still reaches the threshold:\n\n| settings | " << r.metric << " at least | " << r.x
        << " | mean " << r.metric;
    for (const auto& c : r.costs) rec << " | " << c;
    rec << " |\n|---|---:|---:|---:";
    for (std::size_t i = 0; i < r.costs.size(); ++i) rec << "|---:";
    rec << "|\n";
    for (const auto& [key, members] : GroupBy(runs, config.sweep, {r.x})) {
      std::map<double, std::vector<const RunOutcome*>> byX;
      for (const RunOutcome* m : members)
        if (auto x = Numeric(SweptValue(*m, r.x))) byX[*x].push_back(m);
      for (double threshold : r.at_least) {
        const std::vector<const RunOutcome*>* best = nullptr;
        double bestX = 0;
        for (const auto& [x, at] : byX) {
          auto s = Summarize(Values(at, r.metric));
          if (s && s->mean >= threshold) {
            best = &at;
            bestX = x;
          }
        }
        nlohmann::json entry = {{"settings", GroupName(key)}, {"threshold", threshold}};
        rec << "| " << GroupName(key) << " | " << Fmt(threshold) << " | ";
        if (!best) {
          rec << "none reaches it | |";
          for (std::size_t i = 0; i < r.costs.size(); ++i) rec << " |";
          entry[r.x] = nullptr;
        } else {
          std::string label = SweptValue(*best->front(), r.x);
          rec << label << " | " << Fmt(Summarize(Values(*best, r.metric))->mean) << " |";
          entry[r.x] = label;
          for (const auto& c : r.costs) {
            auto s = Summarize(Values(*best, c));
            rec << " " << (s ? Fmt(s->mean) : "n/a") << " |";
            if (s) entry[c] = s->mean;
          }
          (void)bestX;
        }
        rec << "\n";
        metrics["recommendation"].push_back(entry);
      }
    }
    rec << "\n";
  }
  // A one-run experiment (a reproduction, not a sweep) is that run: its metrics at the top level
  // (sessions, engine_rate, top10, ...) and its whole report below the summary.
  const RunOutcome* single = runs.size() == 1 && runs.front().ok ? &runs.front() : nullptr;
  if (single)
    for (const auto& [k, v] : single->metrics.items())
      if (!metrics.contains(k)) metrics[k] = v;
  WriteFileAtomically(out_dir + "/metrics.json", metrics.dump(2) + "\n");

  std::ostringstream md;
  md << "# Experiment: " << config.name << "\n\n";
  if (!config.description.empty()) md << config.description << "\n\n";
  std::size_t reused = std::count_if(runs.begin(), runs.end(), [](const RunOutcome& r) { return r.reused; });
  md << "Scenario `" << config.scenario << "`; " << runs.size() << " runs (" << reused
     << " reused from an earlier invocation, " << metrics["failed"].get<std::size_t>() << " failed). One row "
     << "per setting; mean over seeds with the range in brackets. Every run's own report is in `runs/`.\n\n";
  md << "| settings | seeds |";
  for (const auto& m : table) md << " " << m << " |";
  md << "\n|---|---:|";
  for (std::size_t i = 0; i < table.size(); ++i) md << "---:|";
  md << "\n";
  for (const auto& [key, members] : groups) {
    md << "| " << GroupName(key) << " | " << members.size() << " |";
    for (const auto& m : table) {
      auto s = Summarize(Values(members, m));
      md << " " << (s ? Fmt(s->mean) + (s->n > 1 ? " [" + Fmt(s->min) + "-" + Fmt(s->max) + "]" : "") : "n/a") << " |";
    }
    md << "\n";
  }
  md << "\n" << rec.str();
  for (const auto& f : figures) md << "![" << f << "](" << f << ")\n\n";
  if (!config.references.empty()) {
    try {
      YAML::Node ref = YAML::LoadFile(config.references);
      md << "## The paper's figures, for comparison\n\n| figure | value |\n|---|---|\n";
      std::function<void(const YAML::Node&, const std::string&)> walk = [&](const YAML::Node& n, const std::string& p) {
        if (n.IsScalar()) md << "| " << p << " | " << n.Scalar() << " |\n";
        if (n.IsMap())
          for (const auto& item : n) walk(item.second, p.empty() ? item.first.as<std::string>() : p + "." + item.first.as<std::string>());
      };
      walk(ref, "");
      md << "\n";
    } catch (const YAML::Exception&) {
      md << "(references file " << config.references << " could not be read)\n\n";
    }
  }
  for (const auto& run : runs)
    if (!run.ok) md << "- run `" << run.spec.id << "` failed: " << run.error << "\n";
  if (single) {
    std::ifstream in(fs::path(single->dir) / "report.md");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // Its figures live in the run's folder; its headings go one level down.
    std::string prefix = fs::relative(single->dir, out_dir).string() + "/";
    text = std::regex_replace(text, std::regex(R"(\]\((plots/))"), "](" + prefix + "$1");
    text = std::regex_replace(text, std::regex("(^|\n)#"), "$1##");
    md << "\n" << text;
  }
  WriteFileAtomically(out_dir + "/report.md", md.str());
}

}  // namespace ntlab
