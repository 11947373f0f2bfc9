#include "experiments/pipeline/metrics-step.h"

#include "analyzers/formats/atomic-file.h"

#include <cmath>
#include <algorithm>

namespace ntlab {
namespace {

nlohmann::json ScenarioSection(const ScenarioConfig& config) {
  return {{"name", config.name},
          {"seed", config.seed},
          {"hosts", config.hosts.size()},
          {"duration_s", config.duration_s},
          {"poll_interval_s", config.poll_interval_s}};
}

nlohmann::json SimulationSection(const SimulationFiles& simulation) {
  const SimulationSummary& s = simulation.summary;
  nlohmann::json section = {{"frames_captured", s.frames_captured},
                            {"pcap_files", s.pcap_files},
                            {"socket_history_rows", s.socket_history_rows},
                            {"truth_rows", s.truth_rows},
                            {"events_recorded", s.events_recorded},
                            {"events_lost", s.events_lost},
                            {"reused", simulation.reused}};
  // Only runs with a domain truth (dns.truth) carry its counts: other runs' metrics stay as they were.
  if (s.domain_truth_rows > 0) {
    section["domain_truth_rows"] = s.domain_truth_rows;
    section["domain_truth_conflicts"] = s.domain_truth_conflicts;
    section["domain_truth_hard_coded"] = s.domain_truth_hard_coded;
  }
  if (s.outside_frames_captured > 0) section["outside_frames_captured"] = s.outside_frames_captured;
  return section;
}

nlohmann::json LabelingInputsSection(const ScenarioConfig& config, const LabelOptions& options) {
  return {{"engine", ToString(options.engine_kind)},
          {"events", options.events.has_value()},
          {"events_in_post", options.events_in_post},
          {"defer_learnt", options.engine.defer_learnt},
          {"log_delay_s", config.labeling.log_delay_s}};
}

/// What the SocketLogger costs a host: polls, CPU time, and log volume per hour, both as ntlab
/// writes it (change-only) and as a full-snapshot logger like the paper's would.
nlohmann::json LoggerSection(const ScenarioConfig& config, const LoggerStepResult& logger) {
  const SocketLoggerStats& stats = logger.stats;
  double hostSeconds = config.duration_s * double(config.hosts.size());
  double hostHours = hostSeconds / 3600.0;
  nlohmann::json section = {{"polls", stats.Polls()},
          {"polls_per_host_second", double(stats.Polls()) / hostSeconds},
          {"sockets_never_polled", stats.unseen_rows},
          {"socket_rows_in_history", stats.history_rows},
          {"mean_rows_per_poll", stats.MeanRowsPerPoll()},
          {"mean_poll_cost_ms", stats.MeanPollCostMs(logger.cost)},
          {"cpu_ms_per_s", stats.CpuMsPerSecond(logger.cost)},
          {"saturated", stats.CpuMsPerSecond(logger.cost) >= 1000.0},
          {"snapshot_rows_per_host_hour", double(stats.RowPolls()) / hostHours},
          {"snapshot_bytes_per_host_hour", double(stats.SnapshotBytes()) / hostHours},
          {"log_rows", stats.LogRows()},
          {"log_bytes_per_host_hour", double(logger.log_bytes) / hostHours}};
  const LoggerSpec& spec = config.logger;
  if (spec.clock_offset_s > 0 || spec.clock_drift_ppm > 0 || spec.poll_jitter_s > 0 || spec.late_polls || spec.name_at_poll) {
    // Issue 10's realism, only when on (so the perfect sampler's metrics keep their bytes).
    double maxOffsetMs = 0;
    for (const auto& h : stats.hosts) maxOffsetMs = std::max(maxOffsetMs, std::abs(double(h.clock.offset_us)) / 1000.0);
    section["late_polls"] = stats.LatePolls();
    section["missed_slots"] = stats.MissedSlots();
    section["renamed_rows"] = stats.renamed_rows;
    section["nameless_rows"] = stats.nameless_rows;
    section["max_clock_offset_ms"] = maxOffsetMs;
  }
  return section;
}

/// One row of an experiment: its settings, how many seeds it pools, and each table metric's
/// mean/min/max over them.
nlohmann::json SettingsRow(const std::vector<std::pair<std::string, std::string>>& settings,
                           const std::vector<const RunOutcome*>& runs, const std::vector<std::string>& table) {
  nlohmann::json row;
  for (const auto& [k, v] : settings) row[k] = v;
  row["seeds"] = runs.size();
  for (const auto& m : table)
    if (auto s = SummarizeMetric(runs, m)) row[m] = {{"mean", s->mean}, {"min", s->min}, {"max", s->max}};
  return row;
}

/// One row per value of `rows_by` (in sweep order), the other settings nested as "settings".
nlohmann::json RowsBy(const ExperimentConfig& config, const std::vector<RunGroup>& groups,
                      const std::vector<std::string>& table) {
  nlohmann::json rows;
  auto axis = std::find_if(config.sweep.begin(), config.sweep.end(),
                           [&](const SweepAxis& a) { return a.key == config.rows_by; });
  for (const auto& value : axis->values) {
    nlohmann::json row = {{config.rows_by, value}, {"settings", nlohmann::json::array()}};
    for (const auto& group : groups) {
      auto it = std::find_if(group.settings.begin(), group.settings.end(),
                             [&](const auto& kv) { return kv.first == config.rows_by; });
      if (it == group.settings.end() || it->second != value) continue;
      std::vector<std::pair<std::string, std::string>> rest;
      for (const auto& kv : group.settings)
        if (kv.first != config.rows_by) rest.push_back(kv);
      row["settings"].push_back(SettingsRow(rest, group.runs, table));
    }
    rows.push_back(row);
  }
  return rows;
}

nlohmann::json RecommendationEntry(const RecommendSpec& spec, const Recommendation& line) {
  nlohmann::json entry = {{"settings", line.settings}, {"threshold", line.threshold}};
  if (!line.x) {
    entry[spec.x] = nullptr;
    return entry;
  }
  entry[spec.x] = *line.x;
  for (std::size_t i = 0; i < spec.costs.size(); ++i)
    if (line.costs[i]) entry[spec.costs[i]] = *line.costs[i];
  return entry;
}

}  // namespace

nlohmann::json LabelingMetrics(const LabelSummary& summary) { return summary.ToJson(); }

RunMetrics CollectRunMetrics(const RunStepResults& steps) {
  const ScenarioConfig& config = *steps.config;
  const LabelStepResult& labeling = *steps.labeling;
  RunMetrics metrics;
  nlohmann::json& m = metrics.json;
  m = LabelingMetrics(labeling.summary);
  m["scenario"] = ScenarioSection(config);
  m["simulation"] = SimulationSection(*steps.simulation);
  m["labeling_inputs"] = LabelingInputsSection(config, labeling.options);
  m["logger"] = LoggerSection(config, *steps.logger);
  metrics.breakdown = AnalyzeLabels(labeling.options.labels_out);
  m["breakdown"] = metrics.breakdown.ToJson();
  m.update(ApplicationShares(metrics.breakdown, labeling.summary.Monitored()));
  if (steps.zeus) m["zeus"] = steps.zeus->metrics;
  if (steps.isolation) m["isolation"] = steps.isolation->metrics;
  if (steps.kraken) m["kraken"] = steps.kraken->metrics;
  if (steps.messengers) m["messengers"] = steps.messengers->metrics;
  if (steps.domains) {
    m["domains"] = steps.domains->metrics;
    if (!steps.domains->merge_metrics.is_null()) {
      m["domains_outside"] = steps.domains->outside_metrics;
      m["merge"] = steps.domains->merge_metrics;
    }
  }
  return metrics;
}

nlohmann::json ExperimentMetrics(const ExperimentConfig& config, const std::vector<RunOutcome>& runs,
                                 const std::vector<Recommendation>& recommendations) {
  const std::vector<std::string> table = ResultTableMetrics(config);
  nlohmann::json metrics;
  metrics["experiment"] = config.name;
  metrics["scenario"] = config.scenario;
  metrics["runs"] = runs.size();
  metrics["failed"] = std::count_if(runs.begin(), runs.end(), [](const RunOutcome& r) { return !r.ok; });
  const std::vector<RunGroup> groups = GroupRuns(runs, config.sweep);
  if (!config.rows_by.empty()) {
    nlohmann::json rows = RowsBy(config, groups, table);
    if (!rows.is_null()) metrics["rows"] = rows;
  } else {
    for (const auto& group : groups) metrics["rows"].push_back(SettingsRow(group.settings, group.runs, table));
  }
  for (const auto& line : recommendations)
    metrics["recommendation"].push_back(RecommendationEntry(*config.recommend, line));
  // A one-run experiment (a reproduction, not a sweep) is that run: its metrics at the top level
  // (sessions, engine_rate, top10, ...).
  if (runs.size() == 1 && runs.front().ok)
    for (const auto& [k, v] : runs.front().metrics.items())
      if (!metrics.contains(k)) metrics[k] = v;
  return metrics;
}

void WriteMetrics(const std::string& path, const nlohmann::json& metrics) {
  WriteFileAtomically(path, metrics.dump(2) + "\n");
}

}  // namespace ntlab
