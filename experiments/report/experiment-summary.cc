#include "experiments/report/experiment-summary.h"

#include <algorithm>
#include <iterator>
#include <map>

namespace ntlab {
namespace {

const char* const kDefaultTable[] = {"sessions_monitored", "engine_rate", "post_rate", "accuracy"};

using Settings = std::vector<std::pair<std::string, std::string>>;

/// Orders settings by the position of each value in its sweep axis, as the file lists them.
struct SweepOrder {
  bool operator()(const Settings& a, const Settings& b) const { return Rank(a) < Rank(b); }
  std::vector<std::size_t> Rank(const Settings& key) const {
    std::vector<std::size_t> rank;
    for (const auto& [k, v] : key)
      for (const auto& axis : *sweep)
        if (axis.key == k) rank.push_back(std::find(axis.values.begin(), axis.values.end(), v) - axis.values.begin());
    return rank;
  }
  const std::vector<SweepAxis>* sweep;
};

std::vector<double> MetricValues(const std::vector<const RunOutcome*>& runs, const std::string& metric) {
  std::vector<double> values;
  for (const RunOutcome* r : runs) {
    nlohmann::json v = MetricAt(r->metrics, metric);
    if (v.is_number()) values.push_back(v.get<double>());
    if (v.is_boolean()) values.push_back(v.get<bool>() ? 1.0 : 0.0);  // the mean: the share of runs where it holds
  }
  return values;
}

/// The largest x whose mean metric reaches `threshold` among the runs of one group, by x.
Recommendation Choose(const std::map<double, std::vector<const RunOutcome*>>& byX, const RecommendSpec& spec,
                      double threshold) {
  Recommendation choice;
  choice.threshold = threshold;
  const std::vector<const RunOutcome*>* best = nullptr;
  for (const auto& [x, at] : byX) {
    auto s = SummarizeMetric(at, spec.metric);
    if (s && s->mean >= threshold) best = &at;
  }
  if (!best) return choice;
  choice.x = SweptValue(*best->front(), spec.x);
  choice.mean = SummarizeMetric(*best, spec.metric)->mean;
  for (const auto& c : spec.costs) {
    auto s = SummarizeMetric(*best, c);
    choice.costs.push_back(s ? std::optional<double>(s->mean) : std::nullopt);
  }
  return choice;
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

std::vector<std::string> ResultTableMetrics(const ExperimentConfig& config) {
  if (!config.table.empty()) return config.table;
  return {std::begin(kDefaultTable), std::end(kDefaultTable)};
}

std::string SweptValue(const RunOutcome& run, const std::string& key) {
  for (const auto& [k, v] : run.spec.swept)
    if (k == key) return v;
  return "";
}

std::optional<double> NumericSetting(const std::string& text) {
  double seconds = 0;
  if (ParseDuration(text, seconds)) return seconds;
  return std::nullopt;
}

std::optional<MetricStats> SummarizeMetric(const std::vector<const RunOutcome*>& runs, const std::string& metric) {
  const std::vector<double> values = MetricValues(runs, metric);
  if (values.empty()) return std::nullopt;
  MetricStats s;
  s.n = values.size();
  s.min = *std::min_element(values.begin(), values.end());
  s.max = *std::max_element(values.begin(), values.end());
  for (double v : values) s.mean += v;
  s.mean /= double(values.size());
  return s;
}

std::vector<RunGroup> GroupRuns(const std::vector<RunOutcome>& runs, const std::vector<SweepAxis>& sweep,
                                const std::vector<std::string>& exclude) {
  std::map<Settings, std::vector<const RunOutcome*>, SweepOrder> groups(SweepOrder{&sweep});
  for (const auto& run : runs) {
    if (!run.ok) continue;
    Settings key;
    for (const auto& [k, v] : run.spec.swept)
      if (k != "seed" && std::find(exclude.begin(), exclude.end(), k) == exclude.end()) key.push_back({k, v});
    groups[key].push_back(&run);
  }
  std::vector<RunGroup> ordered;
  for (auto& [key, members] : groups) ordered.push_back({key, std::move(members)});
  return ordered;
}

std::string SettingsName(const std::vector<std::pair<std::string, std::string>>& settings) {
  std::string name;
  for (const auto& [k, v] : settings) name += (name.empty() ? "" : ", ") + k + "=" + v;
  return name.empty() ? "all runs" : name;
}

std::vector<Recommendation> Recommend(const ExperimentConfig& config, const std::vector<RunOutcome>& runs) {
  std::vector<Recommendation> lines;
  if (!config.recommend) return lines;
  const RecommendSpec& spec = *config.recommend;
  for (const auto& group : GroupRuns(runs, config.sweep, {spec.x})) {
    std::map<double, std::vector<const RunOutcome*>> byX;
    for (const RunOutcome* m : group.runs)
      if (auto x = NumericSetting(SweptValue(*m, spec.x))) byX[*x].push_back(m);
    for (double threshold : spec.at_least) {
      lines.push_back(Choose(byX, spec, threshold));
      lines.back().settings = SettingsName(group.settings);
    }
  }
  return lines;
}

}  // namespace ntlab
