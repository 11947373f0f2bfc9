// Where a figure shown beside a paper's comes from: set from the paper (input), tuned to match it
// (calibrated) or neither (predicted). The references file declares it, never the code: its
// `beside:` maps an ntlab metric to the paper figure it is compared with, and its `provenance:`
// says which metrics were inputs or calibrations, in which scenario, under which settings
// (docs/experiments.md, "Marks"). A run away from those settings (another scenario, another poll
// interval, a knob moved) makes the figure a prediction again, and so does a figure nobody declared.
#pragma once

#include "scenarios/config/scenario-config.h"

#include <yaml-cpp/yaml.h>

#include <map>
#include <string>
#include <vector>

namespace ntlab {

enum class FigureOrigin { Input, Calibrated, Predicted };

const char* ToString(FigureOrigin origin);

struct FigureMark {
  FigureOrigin origin = FigureOrigin::Predicted;
  std::string why;  // the declaration's text (input/calibrated), or why the declaration does not hold
};

/// The settings a run was made with: its scenario file and every override (sweep axes, --set,
/// --poll-interval), plus `labeling.events` as the runner used it.
struct RunSettings {
  std::string scenario_path;
  std::vector<ScenarioOverride> overrides;
};

/// One metric compared with one paper figure (a dotted path into the references file).
struct BesidePair {
  std::string metric;
  std::string paper_figure;
};

class FigureProvenance {
 public:
  /// Reads `beside:` and `provenance:` of a references document (both optional).
  explicit FigureProvenance(const YAML::Node& references);

  /// The mark of `metric` for a run made with `run`: predicted unless declared, in the declared
  /// scenario, with every declared setting at its declared value.
  FigureMark MarkOf(const std::string& metric, const RunSettings& run) const;
  const std::vector<BesidePair>& Beside() const { return m_beside; }

 private:
  struct Declaration {
    FigureOrigin origin = FigureOrigin::Predicted;
    std::string why;
    std::map<std::string, std::string> settings;  // scenario key -> the value the mark holds at ("" = unset)
  };
  std::string m_scenario;  // file name of the scenario the declarations hold for
  std::map<std::string, Declaration> m_declared;
  std::vector<BesidePair> m_beside;
};

/// "**calibrated**" etc., for a markdown cell.
std::string MarkCell(const FigureMark& mark);

/// The scalar at a dotted path of a YAML document ("setting.sessions"), "" when absent.
std::string ScalarAtPath(const YAML::Node& node, const std::string& dotted_path);

/// A run of an experiment or `ntlab run`, as the marks see it: the overrides plus whether the
/// labelling used the events (the runner's choice, not a scenario key).
RunSettings SettingsOfRun(const std::string& scenario_path, std::vector<ScenarioOverride> overrides, bool events_used);

/// The effective text of a scenario key for a run: its last override, else the scenario file's
/// scalar at that dotted path, else "" (the key is not set).
std::string EffectiveSetting(const RunSettings& run, const std::string& key);

}  // namespace ntlab
