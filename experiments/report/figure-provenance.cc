#include "experiments/report/figure-provenance.h"

#include <cstdlib>
#include <filesystem>
#include <sstream>

namespace ntlab {
namespace {

std::string ScalarOr(const YAML::Node& node, const std::string& fallback = "") {
  return node && node.IsScalar() ? node.Scalar() : fallback;
}

/// Settings compare by meaning: "50ms" equals "0.05s", "0.20" equals "0.2".
bool SameSetting(const std::string& a, const std::string& b) {
  if (a == b) return true;
  double sa = 0, sb = 0;
  if (ParseDuration(a, sa) && ParseDuration(b, sb)) return sa == sb;
  char* endA = nullptr;
  char* endB = nullptr;
  double na = std::strtod(a.c_str(), &endA), nb = std::strtod(b.c_str(), &endB);
  return !a.empty() && !b.empty() && *endA == '\0' && *endB == '\0' && na == nb;
}

std::string ListSettings(const YAML::Node& map) {
  std::ostringstream text;
  for (const auto& item : map) {
    if (text.tellp() > 0) text << ", ";
    text << item.first.Scalar() << " = " << ScalarOr(item.second, "?");
  }
  return text.str();
}

/// The note a mark carries: the declared note, plus for a calibration which knobs were tuned to
/// which paper figure at which settings.
std::string Explain(FigureOrigin origin, const YAML::Node& entry, const std::string& target) {
  std::string note = ScalarOr(entry["note"]);
  if (origin != FigureOrigin::Calibrated) return note;
  std::string text = "tuned " + ListSettings(entry["knobs"]) + " to the paper's " + (target.empty() ? "figure" : target);
  if (entry["at"] && entry["at"].IsMap()) text += " at " + ListSettings(entry["at"]);
  return note.empty() ? text : text + " (" + note + ")";
}

/// The scalar at a dotted path of a YAML document, "" when absent. Recursion on const nodes:
/// assigning a YAML::Node would write into the tree instead of moving along it.
std::string ScalarAt(const YAML::Node& node, const std::string& path) {
  if (!node.IsMap()) return "";
  auto dot = path.find('.');
  const YAML::Node child = node[path.substr(0, dot)];
  if (!child) return "";
  return dot == std::string::npos ? ScalarOr(child) : ScalarAt(child, path.substr(dot + 1));
}

}  // namespace

const char* ToString(FigureOrigin origin) {
  switch (origin) {
    case FigureOrigin::Input: return "input";
    case FigureOrigin::Calibrated: return "calibrated";
    case FigureOrigin::Predicted: return "predicted";
  }
  return "predicted";
}

FigureProvenance::FigureProvenance(const YAML::Node& references) {
  if (!references || !references.IsMap()) return;
  const YAML::Node beside = references["beside"];
  if (beside && beside.IsMap())
    for (const auto& item : beside) m_beside.push_back({item.first.Scalar(), ScalarOr(item.second)});
  const YAML::Node provenance = references["provenance"];
  if (!provenance || !provenance.IsMap()) return;
  m_scenario = ScalarOr(provenance["scenario"]);
  for (FigureOrigin origin : {FigureOrigin::Input, FigureOrigin::Calibrated}) {
    const YAML::Node group = provenance[ToString(origin)];
    if (!group || !group.IsMap()) continue;
    for (const auto& item : group) {
      const std::string metric = item.first.Scalar();
      std::string target;
      for (const auto& pair : m_beside)
        if (pair.metric == metric) target = pair.paper_figure;
      Declaration d{origin, Explain(origin, item.second, target), {}};
      for (const char* conditions : {"knobs", "at"})
        if (item.second[conditions] && item.second[conditions].IsMap())
          for (const auto& setting : item.second[conditions])
            d.settings[setting.first.Scalar()] = ScalarOr(setting.second);
      // Keys left at their defaults: "" is what an unset key reads as (EffectiveSetting).
      if (item.second["default"] && item.second["default"].IsSequence())
        for (const auto& key : item.second["default"]) d.settings[key.Scalar()] = "";
      m_declared[metric] = d;
    }
  }
}

FigureMark FigureProvenance::MarkOf(const std::string& metric, const RunSettings& run) const {
  auto found = m_declared.find(metric);
  if (found == m_declared.end()) return {FigureOrigin::Predicted, "nothing was set from or tuned to the paper"};
  const Declaration& d = found->second;
  const std::string runScenario = std::filesystem::path(run.scenario_path).filename().string();
  if (!m_scenario.empty() && runScenario != m_scenario)
    return {FigureOrigin::Predicted, std::string(ToString(d.origin)) + " only in " + m_scenario};
  for (const auto& [key, value] : d.settings) {
    std::string actual = EffectiveSetting(run, key);
    if (!SameSetting(actual, value))
      return {FigureOrigin::Predicted, std::string(ToString(d.origin)) + " at " + key + " = " +
                                           (value.empty() ? "(default)" : value) + ", run at " +
                                           (actual.empty() ? "(default)" : actual)};
  }
  return {d.origin, d.why};
}

std::string ScalarAtPath(const YAML::Node& node, const std::string& dotted_path) {
  return node ? ScalarAt(node, dotted_path) : "";
}

RunSettings SettingsOfRun(const std::string& scenario_path, std::vector<ScenarioOverride> overrides, bool events_used) {
  overrides.push_back({"labeling.events", events_used ? "true" : "false"});
  return {scenario_path, std::move(overrides)};
}

std::string MarkCell(const FigureMark& mark) { return std::string("**") + ToString(mark.origin) + "**"; }

std::string EffectiveSetting(const RunSettings& run, const std::string& key) {
  for (auto it = run.overrides.rbegin(); it != run.overrides.rend(); ++it)
    if (it->key == key) return it->value;
  if (run.scenario_path.empty()) return "";
  try {
    return ScalarAt(YAML::LoadFile(run.scenario_path), key);
  } catch (const YAML::Exception&) {
    return "";
  }
}

}  // namespace ntlab
