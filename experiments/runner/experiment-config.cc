#include "experiments/runner/experiment-config.h"

#include "analyzers/formats/text-rules.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

namespace ntlab {
namespace {

/// "<file>: <key>: <reason>" with control bytes escaped, so that the error stays one line.
[[noreturn]] void Fail(const std::string& file, const std::string& key, const std::string& reason) {
  throw InputError(file + ": " + key + ": " + reason);
}

/// A scalar's text, under the input text rule of scenario files and CSV fields (a NUL would cut a
/// value short).
std::string Scalar(const std::string& file, const std::string& key, const YAML::Node& node) {
  if (!node.IsScalar()) Fail(file, key, "expected a single value");
  const std::string refusal = TextRuleRefusal(node.Scalar());
  if (!refusal.empty()) Fail(file, key, refusal);
  return node.Scalar();
}

/// The description is prose: its line breaks and tabs are kept; otherwise the same rule.
std::string Description(const std::string& file, const YAML::Node& node) {
  if (!node.IsScalar()) Fail(file, "description", "expected a single value");
  std::string prose = node.Scalar();
  std::replace_if(prose.begin(), prose.end(), [](char ch) { return ch == '\n' || ch == '\t'; }, ' ');
  const std::string refusal = TextRuleRefusal(prose);
  if (!refusal.empty()) Fail(file, "description", refusal);
  return node.Scalar();
}

/// A mapping key's text: a complex key (a list or a mapping) has none.
std::string KeyText(const std::string& file, const std::string& where, const YAML::Node& key) {
  if (!key.IsScalar()) Fail(file, where.empty() ? "(top level)" : where, "a key must be a plain name, not a list or a mapping");
  return Scalar(file, where.empty() ? "(top level)" : where, key);
}

bool BoolValue(const std::string& file, const std::string& key, const YAML::Node& node) {
  std::string text = Scalar(file, key, node);
  if (text == "true") return true;
  if (text == "false") return false;
  Fail(file, key, "'" + text + "' is not true or false");
}

void ExpectKeys(const std::string& file, const std::string& where, const YAML::Node& node,
                const std::set<std::string>& allowed) {
  if (!node.IsMap()) Fail(file, where.empty() ? "(top level)" : where, "expected a mapping of keys");
  for (const auto& item : node) {
    std::string key = KeyText(file, where, item.first);
    if (!allowed.count(key)) {
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
      Fail(file, where.empty() ? key : where + "." + key, "unknown key (allowed here: " + list + ")");
    }
  }
}

/// One named group of a group axis, `{name: {scenario key: value, ...}}`: records its overrides in
/// `axis` and returns its name (the axis value shown in run ids and tables).
std::string GroupOf(const std::string& file, const std::string& where, const YAML::Node& item, SweepAxis& axis) {
  if (item.size() != 1) Fail(file, where, "a named group is one name mapped to its overrides");
  const auto entry = *item.begin();
  const std::string name = KeyText(file, where, entry.first);
  const std::string at = where + "." + name;
  if (!entry.second.IsMap()) Fail(file, at, "expected a mapping of scenario keys to values (`{}` for none)");
  std::vector<ScenarioOverride> overrides;
  for (const auto& o : entry.second) {
    const std::string key = KeyText(file, at, o.first);
    if (key == "labeling.events") Fail(file, at + "." + key, "cannot be part of a group; sweep it on its own");
    overrides.push_back({key, Scalar(file, at + "." + key, o.second)});
  }
  axis.groups[name] = std::move(overrides);
  return name;
}

/// `related: [{experiment: FILE, out: FOLDER}]`: FILE relative to this experiment file, FOLDER to
/// this experiment's output folder. The file must be an experiment; it is loaded (and its runs
/// validated) only when the report is written, so two experiments may name each other.
std::vector<RelatedExperiment> RelatedExperiments(const std::string& file, const YAML::Node& list) {
  namespace fs = std::filesystem;
  if (!list.IsSequence()) Fail(file, "related", "expected a list of {experiment, out}");
  std::vector<RelatedExperiment> related;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string where = "related[" + std::to_string(i) + "]";
    ExpectKeys(file, where, list[i], {"experiment", "out"});
    if (!list[i]["experiment"] || !list[i]["out"]) Fail(file, where, "needs experiment and out");
    RelatedExperiment r;
    r.experiment = (fs::path(file).parent_path() / Scalar(file, where + ".experiment", list[i]["experiment"]))
                       .lexically_normal().string();
    r.out = Scalar(file, where + ".out", list[i]["out"]);
    if (r.out.empty()) Fail(file, where + ".out", "expected a folder");
    std::error_code ec;
    if (!fs::is_regular_file(r.experiment, ec) || !IsExperimentFile(r.experiment))
      Fail(file, where + ".experiment", "'" + r.experiment + "' is not an experiment file");
    related.push_back(std::move(r));
  }
  return related;
}

}  // namespace

bool IsExperimentFile(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return false;  // LoadScenario names the folder
  try {
    YAML::Node root = YAML::LoadFile(path);
    return root.IsMap() && root["scenario"].IsDefined();
  } catch (const std::exception&) {
    return false;  // LoadScenario reports the problem (unreadable file, bad YAML)
  }
}

ExperimentConfig LoadExperiment(const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    throw InputError(path + ": cannot open experiment file (missing or unreadable)");
  } catch (const YAML::Exception& e) {
    throw InputError(path + ": not valid YAML: " + e.what());
  }
  ExpectKeys(path, "", root, {"name", "description", "scenario", "set", "sweep", "plots", "table", "references", "recommend", "rows_by",
                              "related"});
  ExperimentConfig c;
  c.source = path;
  namespace fs = std::filesystem;
  fs::path base = fs::path(path).parent_path();
  if (!root["name"]) Fail(path, "name", "required key is missing");
  c.name = Scalar(path, "name", root["name"]);
  if (root["description"]) c.description = Description(path, root["description"]);
  if (!root["scenario"]) Fail(path, "scenario", "required key is missing");
  c.scenario = (base / Scalar(path, "scenario", root["scenario"])).lexically_normal().string();
  if (root["references"])
    c.references = (base / Scalar(path, "references", root["references"])).lexically_normal().string();

  if (const YAML::Node set = root["set"]) {
    if (!set.IsMap()) Fail(path, "set", "expected a mapping of scenario keys to values");
    for (const auto& item : set) {
      std::string key = KeyText(path, "set", item.first);
      c.overrides.push_back({key, Scalar(path, "set." + key, item.second)});
    }
  }
  if (const YAML::Node sweep = root["sweep"]) {
    if (!sweep.IsMap()) Fail(path, "sweep", "expected a mapping of keys to lists of values");
    for (const auto& item : sweep) {
      SweepAxis axis;
      axis.key = KeyText(path, "sweep", item.first);
      std::string where = "sweep." + axis.key;
      if (!item.second.IsSequence() || item.second.size() == 0) Fail(path, where, "expected a non-empty list");
      // A key or a value given twice would make two runs with one id, and so one results folder.
      for (const SweepAxis& other : c.sweep)
        if (other.key == axis.key) Fail(path, where, "swept twice");
      std::set<std::string> seen;
      for (const auto& v : item.second) {
        axis.values.push_back(v.IsMap() ? GroupOf(path, where, v, axis) : Scalar(path, where, v));
        if (!seen.insert(axis.values.back()).second) Fail(path, where, "'" + axis.values.back() + "' is listed twice");
      }
      if (!axis.groups.empty() && axis.groups.size() != axis.values.size())
        Fail(path, where, "mixes named groups of overrides with plain values");
      if (axis.key == "labeling.events")
        for (const auto& v : axis.values)
          if (v != "true" && v != "false") Fail(path, where, "'" + v + "' is not true or false");
      c.sweep.push_back(std::move(axis));
    }
    // Refused before Runs() spells out every combination (found by the experiment fuzz campaign:
    // twenty keys of four values asked for 4^20 runs and 2 GB before any check).
    std::size_t runs = 1;  // capped as it goes, so the product cannot overflow
    for (const SweepAxis& axis : c.sweep) runs = std::min(runs * axis.values.size(), kMaxExperimentRuns + 1);
    if (runs > kMaxExperimentRuns)
      Fail(path, "sweep", "makes more than " + std::to_string(kMaxExperimentRuns) +
                              " runs (the product of the swept lists); split it into several experiments");
  }
  auto swept = [&](const std::string& key) {
    for (const auto& a : c.sweep)
      if (a.key == key) return true;
    return false;
  };
  if (const YAML::Node plots = root["plots"]) {
    if (!plots.IsSequence()) Fail(path, "plots", "expected a list");
    for (std::size_t i = 0; i < plots.size(); ++i) {
      std::string where = "plots[" + std::to_string(i) + "]";
      ExpectKeys(path, where, plots[i], {"x", "metrics", "log_x"});
      PlotSpec p;
      if (!plots[i]["x"]) Fail(path, where + ".x", "required key is missing");
      p.x = Scalar(path, where + ".x", plots[i]["x"]);
      if (!swept(p.x)) Fail(path, where + ".x", "'" + p.x + "' is not a swept key");
      if (!plots[i]["metrics"] || !plots[i]["metrics"].IsSequence()) Fail(path, where + ".metrics", "expected a list");
      for (const auto& m : plots[i]["metrics"]) p.metrics.push_back(Scalar(path, where + ".metrics", m));
      if (plots[i]["log_x"]) p.log_x = BoolValue(path, where + ".log_x", plots[i]["log_x"]);
      c.plots.push_back(std::move(p));
    }
  }
  if (const YAML::Node table = root["table"]) {
    if (!table.IsSequence()) Fail(path, "table", "expected a list of metrics.json keys");
    for (const auto& m : table) c.table.push_back(Scalar(path, "table", m));
  }
  if (const YAML::Node rowsBy = root["rows_by"]) {
    c.rows_by = Scalar(path, "rows_by", rowsBy);
    if (!swept(c.rows_by) || c.rows_by == "seed") Fail(path, "rows_by", "'" + c.rows_by + "' is not a swept key (other than seed)");
  }
  if (const YAML::Node rec = root["recommend"]) {
    ExpectKeys(path, "recommend", rec, {"x", "metric", "at_least", "costs"});
    RecommendSpec r;
    if (!rec["x"] || !rec["metric"] || !rec["at_least"]) Fail(path, "recommend", "needs x, metric and at_least");
    r.x = Scalar(path, "recommend.x", rec["x"]);
    if (!swept(r.x)) Fail(path, "recommend.x", "'" + r.x + "' is not a swept key");
    r.metric = Scalar(path, "recommend.metric", rec["metric"]);
    if (!rec["at_least"].IsSequence()) Fail(path, "recommend.at_least", "expected a list of numbers");
    for (const auto& v : rec["at_least"]) {
      try {
        r.at_least.push_back(v.as<double>());
      } catch (const YAML::Exception&) {
        Fail(path, "recommend.at_least", "'" + Scalar(path, "recommend.at_least", v) + "' is not a number");
      }
    }
    if (rec["costs"])
      for (const auto& m : rec["costs"]) r.costs.push_back(Scalar(path, "recommend.costs", m));
    c.recommend = std::move(r);
  }
  if (const YAML::Node related = root["related"]) c.related = RelatedExperiments(path, related);
  // Check every run's overrides against the scenario's schema now, not an hour into the sweep.
  for (const RunSpec& run : c.Runs()) {
    try {
      LoadScenario(c.scenario, run.overrides);
    } catch (const InputError& e) {
      throw InputError(path + ": run " + run.id + ": " + e.what());
    }
  }
  return c;
}

ExperimentEstimate EstimateExperiment(const ExperimentConfig& experiment) {
  ExperimentEstimate out;
  std::set<std::map<std::string, std::string>> simulations;
  for (const RunSpec& run : experiment.Runs()) {
    ResourceEstimate e = EstimateResources(LoadScenario(experiment.scenario, run.overrides));
    if (out.runs == 0 || e.wall_s > out.largest.wall_s) out.largest = e;
    ++out.runs;
    if (!simulations.insert(SimulationOverrides(run.overrides)).second) continue;
    out.total.sessions += e.sessions;
    out.total.frames += e.frames;
    out.total.capture_bytes += e.capture_bytes;
    out.total.socket_rows += e.socket_rows;
    out.total.wall_s += e.wall_s;
    out.total.memory_bytes = std::max(out.total.memory_bytes, e.memory_bytes);
  }
  out.simulations = simulations.size();
  return out;
}

std::vector<RunSpec> ExperimentConfig::Runs() const {
  std::vector<RunSpec> runs(1);
  runs[0].overrides = overrides;
  for (const SweepAxis& axis : sweep) {
    std::vector<RunSpec> next;
    for (const RunSpec& run : runs)
      for (const std::string& value : axis.values) {
        RunSpec r = run;
        r.swept.push_back({axis.key, value});
        r.id += (r.id.empty() ? "" : ",") + axis.key + "=" + value;
        if (axis.key == "labeling.events")
          r.use_events = value == "true";
        else if (!axis.groups.empty())
          for (const ScenarioOverride& o : axis.groups.at(value)) r.overrides.push_back(o);
        else
          r.overrides.push_back({axis.key, value});
        next.push_back(std::move(r));
      }
    runs = std::move(next);
  }
  if (runs.size() == 1 && runs[0].id.empty()) runs[0].id = "base";
  return runs;
}

}  // namespace ntlab
