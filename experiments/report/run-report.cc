#include "experiments/report/run-report.h"

#include "analyzers/formats/records.h"
#include "experiments/report/gnuplot-figure.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <sstream>

namespace ntlab {
namespace {

// Session-duration buckets: the poll interval decides which of them the socket table can see.
struct BucketBound {
  const char* name;
  TimeUs below;
};
constexpr BucketBound kBuckets[] = {{"< 50 ms", 50'000},       {"50-250 ms", 250'000}, {"0.25-1 s", 1'000'000},
                                   {"1-10 s", 10'000'000},    {"10-60 s", 60'000'000}, {">= 60 s", INT64_MAX}};

std::string Percent(const nlohmann::json& ratio) {
  if (!ratio.is_number()) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f %%", 100.0 * ratio.get<double>());
  return buf;
}

std::string Percent(std::uint64_t num, std::uint64_t den) {
  return den == 0 ? std::string("n/a") : Percent(nlohmann::json(double(num) / double(den)));
}

std::string Count(const nlohmann::json& v) {
  if (!v.is_number()) return "n/a";
  std::string digits = std::to_string(v.get<std::uint64_t>());
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(i, ",");
  return digits;
}

std::string RefText(const YAML::Node& node, const char* a, const char* b = nullptr) {
  // Index a const node: assigning a YAML::Node would write into the tree, not rebind.
  const YAML::Node outer = node[a];
  const YAML::Node v = b && outer && outer.IsMap() ? outer[b] : outer;
  if (!v || !v.IsScalar()) return "n/a";
  return v.Scalar();
}

std::string RefPercent(const YAML::Node& node, const char* section) {
  const YAML::Node outer = node[section];
  const YAML::Node v = outer && outer.IsMap() ? outer["rate"] : outer;
  if (!v || !v.IsScalar()) return "n/a";
  try {
    return Percent(nlohmann::json(v.as<double>()));
  } catch (const YAML::Exception&) {
    return v.Scalar();
  }
}

}  // namespace

nlohmann::json LabelBreakdown::ToJson() const {
  nlohmann::json j;
  for (const auto& b : buckets)
    j["by_duration"].push_back({{"bucket", b.name},
                                {"sessions", b.sessions},
                                {"matched", b.matched},
                                {"matching_rate", b.sessions ? nlohmann::json(double(b.matched) / b.sessions) : nlohmann::json(nullptr)},
                                {"accuracy", b.with_truth_matched ? nlohmann::json(double(b.correct) / b.with_truth_matched) : nlohmann::json(nullptr)}});
  for (const auto& p : processes)
    j["by_process"].push_back({{"process", p.process},
                               {"truth_sessions", p.truth_sessions},
                               {"labelled_sessions", p.labelled_sessions},
                               {"correct", p.correct}});
  return j;
}

LabelBreakdown AnalyzeLabels(const std::string& labels_csv) {
  LabelBreakdown out;
  for (const auto& b : kBuckets) out.buckets.push_back({b.name});
  std::map<std::string, LabelBreakdown::ProcessCount> byProcess;
  LabelReader reader(labels_csv);
  LabelRow row;
  while (reader.Next(row)) {
    TimeUs duration = row.last_ts - row.first_ts;
    std::size_t i = 0;
    while (duration >= kBuckets[i].below) ++i;
    auto& bucket = out.buckets[i];
    bool matched = row.process != kUnknownProcess;
    ++bucket.sessions;
    bucket.matched += matched;
    if (matched && !row.truth_process.empty()) {
      ++bucket.with_truth_matched;
      bucket.correct += row.process == row.truth_process;
    }
    if (!row.truth_process.empty()) {
      auto& p = byProcess[row.truth_process];
      p.process = row.truth_process;
      ++p.truth_sessions;
      p.correct += row.process == row.truth_process;
    }
    if (matched) {
      auto& p = byProcess[row.process];
      p.process = row.process;
      ++p.labelled_sessions;
    }
  }
  for (auto& [name, p] : byProcess) out.processes.push_back(p);
  std::stable_sort(out.processes.begin(), out.processes.end(),
                   [](const auto& a, const auto& b) { return a.truth_sessions > b.truth_sessions; });
  return out;
}

nlohmann::json ApplicationShares(const LabelBreakdown& breakdown, std::uint64_t sessions) {
  std::vector<const LabelBreakdown::ProcessCount*> labelled;
  std::uint64_t labelledTotal = 0;
  for (const auto& p : breakdown.processes)
    if (p.labelled_sessions > 0) {
      labelled.push_back(&p);
      labelledTotal += p.labelled_sessions;
    }
  std::stable_sort(labelled.begin(), labelled.end(),
                   [](const auto* a, const auto* b) { return a->labelled_sessions > b->labelled_sessions; });
  auto share = [&](std::uint64_t n) { return sessions ? double(n) / double(sessions) : 0.0; };
  // top10 maps process -> share (as docs/experiments.md promises); JSON objects forget order, so
  // the ranked rows come along in top10_ranked.
  nlohmann::json top = nlohmann::json::object(), topTruth = nlohmann::json::object();
  nlohmann::json ranked = nlohmann::json::array();
  std::uint64_t topSessions = 0;
  for (std::size_t i = 0; i < labelled.size() && i < 10; ++i) {
    top[labelled[i]->process] = share(labelled[i]->labelled_sessions);
    ranked.push_back({{"rank", i + 1}, {"process", labelled[i]->process},
                      {"sessions", labelled[i]->labelled_sessions}, {"share", share(labelled[i]->labelled_sessions)}});
    topSessions += labelled[i]->labelled_sessions;
  }
  for (std::size_t i = 0; i < breakdown.processes.size() && i < 10; ++i)  // already by truth sessions
    topTruth[breakdown.processes[i].process] = share(breakdown.processes[i].truth_sessions);
  return {{"applications", labelled.size()},
          {"top10", top},
          {"top10_ranked", ranked},
          {"top10_truth", topTruth},
          {"others", {{"applications", labelled.size() - std::min<std::size_t>(10, labelled.size())},
                      {"sessions", labelledTotal - topSessions},
                      {"share", share(labelledTotal - topSessions)}}}};
}

namespace {
std::string PercentCell(std::uint64_t num, std::uint64_t den) {
  if (den == 0) return "?";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", 100.0 * double(num) / double(den));
  return buf;
}

/// A ratio of metrics.json as a percent cell, "?" (gnuplot's missing value) when null.
std::string RatioCell(const nlohmann::json& ratio) {
  if (!ratio.is_number()) return "?";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", 100.0 * ratio.get<double>());
  return buf;
}

/// plots/confidence-curve.svg: precision against coverage as the confidence threshold rises
/// (each point labelled with its threshold). False when the metrics have no curve or no truth.
bool DrawConfidenceCurve(const std::string& out_dir, const nlohmann::json& metrics) {
  auto curve = metrics.find("confidence_curve");
  if (curve == metrics.end() || !curve->is_array() || !metrics.value("has_truth", false)) return false;
  std::vector<std::vector<std::string>> rows{{"threshold", "coverage (%)", "precision (%)"}};
  for (const auto& point : *curve) {
    char threshold[16];
    std::snprintf(threshold, sizeof threshold, "%.2f", point.value("threshold", 0.0));
    rows.push_back({threshold, RatioCell(point["coverage"]), RatioCell(point["precision"])});
  }
  GnuplotFigure figure(out_dir + "/plots/confidence-curve");
  figure.SetData(rows);
  figure.SetScript(R"(set title 'Labels kept at or above a confidence threshold, checked against the truth'
set datafile missing '?'
set xlabel 'coverage (% of monitored sessions labelled at or above the threshold)'
set ylabel 'precision (% of them right)'
set grid
set key off
plot @DATA@ using 2:3 with linespoints lc rgb '#4e79a7' pt 7, \
     '' using 2:3:1 every 2 with labels offset 0,1 font ',8'
)");
  return figure.Render();
}
}  // namespace

std::vector<std::string> WriteRunFigures(const std::string& out_dir, const nlohmann::json& metrics,
                                         const LabelBreakdown& breakdown) {
  std::vector<std::string> figures;
  if (!GnuplotFigure::Available()) return figures;
  std::filesystem::create_directories(out_dir + "/plots");
  double pollMs = metrics.contains("scenario") ? 1000 * metrics["scenario"].value("poll_interval_s", 0.0) : 0.0;

  GnuplotFigure duration(out_dir + "/plots/by-duration");
  std::vector<std::vector<std::string>> rows{{"duration", "matched (% of sessions)", "correct (% of matched)", "sessions"}};
  for (const auto& b : breakdown.buckets)
    rows.push_back({b.name, PercentCell(b.matched, b.sessions), PercentCell(b.correct, b.with_truth_matched),
                    std::to_string(b.sessions)});
  duration.SetData(rows);
  char title[160];
  std::snprintf(title, sizeof title, "Labels by session duration (socket table polled every %g ms)", pollMs);
  duration.SetScript(std::string("set title '") + title + "'\n" + R"(set datafile missing '?'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set yrange [0:115]
set ylabel 'percent'
set xlabel 'session duration (sessions in the bucket above the bars)'
set grid ytics
set key outside bottom center horizontal
plot @DATA@ using 2:xtic(1) lc rgb '#4e79a7', '' using 3 lc rgb '#59a14f', \
     '' using 0:(108):4 with labels notitle
)");
  if (duration.Render()) figures.push_back("plots/by-duration.svg");

  GnuplotFigure stages(out_dir + "/plots/stages");
  std::vector<std::vector<std::string>> stageRows{{"stage", "correct", "wrong", "no truth"}};
  if (metrics.contains("stages"))
    for (const auto& item : metrics["stages"].items()) {
      const std::string& name = item.key();
      const nlohmann::json& stage = item.value();  // a named copy: C++17 lambdas cannot capture a binding
      auto get = [&stage](const char* key) -> std::uint64_t {
        auto field = stage.find(key);  // find, not operator[]: a missing key in a const json is undefined
        return field != stage.end() && field->is_number_unsigned() ? field->get<std::uint64_t>() : 0;
      };
      std::uint64_t decided = get("decided"), correct = get("correct"), wrong = get("wrong");
      std::uint64_t unknownTruth = decided - std::min(decided, correct + wrong);
      stageRows.push_back({name, std::to_string(correct), std::to_string(wrong), std::to_string(unknownTruth)});
    }
  stages.SetData(stageRows);
  stages.SetScript(R"(set title 'Sessions decided by each stage, checked against the truth'
set style data histograms
set style histogram rowstacked
set style fill solid 0.85 border -1
set boxwidth 0.6
set ylabel 'sessions'
set grid ytics
set key top right
plot @DATA@ using 2:xtic(1) lc rgb '#59a14f', '' using 3 lc rgb '#e15759', '' using 4 lc rgb '#bab0ac'
)");
  if (stages.Render()) figures.push_back("plots/stages.svg");
  if (DrawConfidenceCurve(out_dir, metrics)) figures.push_back("plots/confidence-curve.svg");
  return figures;
}

namespace {

/// A figure shown beside a paper's, with its input/calibrated/predicted mark (figure-provenance.h).
class Marker {
 public:
  Marker(const YAML::Node& references, const RunSettings& run) : m_provenance(references), m_run(run) {}
  std::string operator()(const std::string& cell, const char* metric) const {
    return cell + " " + MarkCell(m_provenance.MarkOf(metric, m_run));
  }
  /// One line per figure put beside the paper's: its mark and why.
  void WriteLegend(std::ostream& r) const {
    if (m_provenance.Beside().empty()) return;
    r << "Marks (from the references file's `provenance`; a figure not declared there is predicted):\n\n";
    for (const auto& pair : m_provenance.Beside()) {
      FigureMark mark = m_provenance.MarkOf(pair.metric, m_run);
      r << "- `" << pair.metric << "` beside the paper's `" << pair.paper_figure << "`: " << MarkCell(mark);
      r << (mark.why.empty() ? "" : " (" + mark.why + ")") << "\n";
    }
    r << "\n";
  }

 private:
  FigureProvenance m_provenance;
  const RunSettings& m_run;
};

/// The title, the scenario, what the simulation wrote and what the logger cost.
void WriteRunHeader(std::ostream& r, const RunReportInput& in, const Marker& mark) {
  const auto& m = in.metrics;
  r << "# ntlab run: " << in.scenario_name << "\n\n";
  r << "Scenario `" << in.scenario_path << "`";
  if (m.contains("scenario")) {
    const auto& s = m["scenario"];
    r << ": seed " << s.value("seed", 0) << ", " << s.value("hosts", 0) << " hosts, "
      << s.value("duration_s", 0.0) << " s simulated, socket table polled every "
      << s.value("poll_interval_s", 0.0) * 1000 << " ms";
  }
  r << ".\n\n";
  if (m.contains("simulation")) {
    const auto& s = m["simulation"];
    r << "## What the simulation wrote\n\n| output | count |\n|---|---:|\n"
      << "| frames captured at the mirror ports | " << Count(s["frames_captured"]) << " |\n"
      << "| PCAP files (one per host per rotation) | " << Count(s["pcap_files"]) << " |\n"
      << "| socket-table rows in the recorded history | " << Count(s["socket_history_rows"]) << " |\n"
      << "| ground-truth sockets | " << Count(s["truth_rows"]) << " |\n";
    if (m.contains("logger")) {
      const auto& l = m["logger"];
      r << "| SocketLogger polls (all hosts) | " << Count(l["polls"]) << " |\n"
        << "| socket-log rows (change-only form) | " << Count(l["log_rows"]) << " |\n"
        << "| sockets no poll saw (opened and gone between two polls) | " << Count(l["sockets_never_polled"])
        << " |\n";
    }
    r << "\n";
  }
  if (m.contains("logger")) {
    const auto& l = m["logger"];
    char cost[32], rest[200];
    std::snprintf(cost, sizeof cost, "%.2f ms", l.value("mean_poll_cost_ms", 0.0));
    std::snprintf(rest, sizeof rest,
                  " (paper 001: about 1.7 ms at 50 ms), %.0f ms CPU per second; a full-snapshot log would grow by "
                  "%.1f MB per hour (ntlab's change-only form: %.2f MB).\n\n",
                  l.value("cpu_ms_per_s", 0.0), l.value("snapshot_bytes_per_host_hour", 0.0) / 1e6,
                  l.value("log_bytes_per_host_hour", 0.0) / 1e6);
    char rows[64];
    std::snprintf(rows, sizeof rows, "%.1f rows per poll, ", l.value("mean_rows_per_poll", 0.0));
    r << "SocketLogger cost per host: " << rows << mark(std::string(cost) + " CPU per poll", "logger.mean_poll_cost_ms")
      << rest;
  }
}

/// The papers' figures (experiments/references/paper-001.yaml); empty when absent or unreadable,
/// so that the report still shows ntlab's side.
YAML::Node LoadReferences(const std::string& path) {
  if (path.empty()) return YAML::Node();
  try {
    return YAML::LoadFile(path);
  } catch (const YAML::Exception&) {
    return YAML::Node();
  }
}

/// Paper 001's Tables 2 and 4 beside ntlab's engine and post-processing rates, each ntlab figure
/// with its mark.
void WriteLabelingTable(std::ostream& r, const nlohmann::json& m, const YAML::Node& ref, const Marker& mark) {
  auto num = [](const nlohmann::json& v) { return v.is_number() ? v.get<std::uint64_t>() : 0; };
  std::uint64_t monitored = num(m["sessions_monitored"]);
  std::uint64_t engineMatched = num(m["engine_matched"]);
  const bool eventsInPost = m.contains("labeling_inputs") && m["labeling_inputs"].value("events_in_post", false);
  const bool hasScenario = m.contains("scenario");
  r << "## Labeling beside paper 001 (its Tables 2 and 4)\n\n"
    << "The paper could count only how many sessions got *a* label; ntlab also checks each label "
       "against the ground truth the simulator recorded. "
    << (eventsInPost ? "Engine = stages A, A2, B, C, D in real time; post-processing = the ETW-like events "
                       "(`events_post`), the full socket-log scan, DNS lookups' resolvers from the answers' use "
                       "(`dns_use`, ntlab engine) and SNI matching of what stayed Unknown.\n\n"
                     : "Engine = stages A, events, A2, B, C, D in real time; post-processing = full socket-log "
                       "scan, DNS lookups' resolvers from the answers' use (`dns_use`, ntlab engine) and SNI "
                       "matching of what stayed Unknown.\n\n")
    << "Each ntlab figure is marked **input** (set from the paper), **calibrated** (tuned to match it) or "
       "**predicted** (nothing tuned to it); the marks are explained below the table.\n\n"
    << "| | ntlab engine only | ntlab after post-processing | paper engine only | paper after post-processing |\n"
    << "|---|---:|---:|---:|---:|\n"
    << "| hosts / duration | "
    << mark(hasScenario ? std::to_string(m["scenario"].value("hosts", 0)) : "?", "scenario.hosts") << " / "
    << mark(hasScenario ? std::to_string(int(m["scenario"].value("duration_s", 0.0))) + " s" : "?", "scenario.duration_s")
    << " | | " << RefText(ref, "setting", "hosts") << " / " << RefText(ref, "setting", "duration") << " | |\n"
    << "| sessions (monitored hosts) | " << mark(Count(m["sessions_monitored"]), "sessions_monitored") << " | "
    << mark(Count(m["sessions_monitored"]), "sessions_monitored") << " | " << RefText(ref, "setting", "sessions")
    << " | " << RefText(ref, "setting", "sessions") << " |\n"
    << "| matched | " << mark(Count(nlohmann::json(engineMatched)), "engine_rate") << " | "
    << mark(Count(m["matched"]), "post_rate") << " | " << RefText(ref, "engine_only", "matched") << " | "
    << RefText(ref, "after_post_processing", "matched") << " |\n"
    << "| unknown | " << mark(Count(nlohmann::json(monitored - std::min(monitored, engineMatched))), "engine_rate")
    << " | " << mark(Count(m["unknown"]), "unknown") << " | " << RefText(ref, "engine_only", "unknown") << " | "
    << RefText(ref, "after_post_processing", "unknown") << " |\n"
    << "| matching rate | " << mark(Percent(m["engine_rate"]), "engine_rate") << " | "
    << mark(Percent(m["matching_rate"]), "post_rate") << " | " << RefPercent(ref, "engine_only") << " | "
    << RefPercent(ref, "after_post_processing") << " |\n"
    << "| accuracy (correct / matched with truth) | | " << Percent(m["accuracy"]) << " | "
    << RefText(ref, "accuracy") << " | |\n\n";
  mark.WriteLegend(r);
  if (m.value("sessions_unmonitored", 0) > 0)
    r << "Sessions of hosts absent from the socket log (" << Count(m["sessions_unmonitored"])
      << ") are excluded from the rates.\n\n";
  if (m.contains("simulation") && m.contains("labeling_inputs"))
    r << "ETW-like events: " << Count(m["simulation"]["events_recorded"]) << " recorded, "
      << Count(m["simulation"]["events_lost"]) << " lost by the collector's loss model; "
      << (m["labeling_inputs"].value("events", false) ? "used" : "not used") << " for labeling.\n\n";
}

/// Paper 001's Table 3 (top applications) beside ntlab's labelled and true shares.
void WriteTable3(std::ostream& r, const nlohmann::json& m, const YAML::Node& ref, const Marker& mark) {
  if (m.contains("top10") && ref["table3"] && ref["table3"].IsSequence()) {
    // Table 3 compares label counts: the paper had no truth, so its shares are of labels.
    std::map<std::string, double> ours, truth;
    for (const auto& [process, v] : m["top10"].items()) ours[process] = v.get<double>();
    if (m.contains("top10_truth"))
      for (const auto& [process, v] : m["top10_truth"].items()) truth[process] = v.get<double>();
    auto pct = [](double v) { return Percent(nlohmann::json(v)); };
    r << "### Top applications beside paper 001's Table 3\n\n"
      << "Share of all sessions labelled with the process (ntlab: its own labels after post-processing), "
         "and, where ntlab has it, the share the process really owns (truth). "
      << "Distinct applications labelled: " << mark(Count(m["applications"]), "applications") << " (paper: "
      << RefText(ref, "setting", "applications") << ").\n\n"
      << "Every ntlab share here is " << mark("", "top10").substr(1) << " (see the marks above).\n\n"
      << "| rank | paper process | paper share | ntlab labelled share | ntlab true share | ntlab rank |\n"
      << "|---:|---|---:|---:|---:|---:|\n";
    for (const auto& row : ref["table3"]) {
      std::string process = row["process"].Scalar();
      std::string ourRank = "-";
      if (m.contains("top10_ranked"))
        for (const auto& o : m["top10_ranked"])
          if (o.value("process", "") == process) ourRank = std::to_string(o.value("rank", 0));
      r << "| " << row["rank"].Scalar() << " | " << process << " | " << pct(row["share"].as<double>()) << " | "
        << (ours.count(process) ? pct(ours[process]) : "(not in top 10)") << " | "
        << (truth.count(process) ? pct(truth[process]) : "(not in top 10)") << " | " << ourRank << " |\n";
    }
    if (ref["table3_others"] && m.contains("others"))
      r << "| - | " << RefText(ref, "table3_others", "applications") << " other applications | "
        << pct(ref["table3_others"]["share"].as<double>()) << " | " << pct(m["others"].value("share", 0.0))
        << " (" << Count(m["others"]["applications"]) << " others) | | |\n";
    r << "\n";
  }
}

/// Accuracy per stage and the most frequent wrong labels.
void WriteStageTables(std::ostream& r, const nlohmann::json& m) {
  r << "### Per stage\n\n| stage | decided | correct | accuracy |\n|---|---:|---:|---:|\n";
  if (m.contains("stages"))
    for (const auto& [stage, s] : m["stages"].items())
      r << "| " << stage << " | " << Count(s["decided"]) << " | " << Count(s["correct"]) << " | "
        << Percent(s["accuracy"]) << " |\n";
  if (m.contains("wrong_labels") && m["wrong_labels"].is_array() && !m["wrong_labels"].empty()) {
    r << "\n### Most frequent wrong labels\n\n| label | truth | stage | reason | sessions |\n|---|---|---|---|---:|\n";
    for (const auto& w : m["wrong_labels"])
      r << "| " << w.value("label", "") << " | " << w.value("truth", "") << " | " << w.value("stage", "") << " | "
        << w.value("reason", "") << " | " << Count(w["count"]) << " |\n";
  }
}

/// The precision-coverage curve over the label confidence (label-confidence.h) and how the SNI
/// cross-check of learnt labels fared; nothing without a truth.
void WriteConfidenceSection(std::ostream& r, const nlohmann::json& m) {
  auto curve = m.find("confidence_curve");
  if (!m.value("has_truth", false) || curve == m.end() || !curve->is_array()) return;
  r << "\n### Confidence: precision against coverage\n\nEach label's confidence is 1 for a socket row or "
       "event naming the session's remote, 0.95 for one that matched the port only, and 0.9 x (k + 1) / (n + 2) "
       "for a learnt answer backed by k of n observations (analyzers/labeling/label-confidence.h). Keeping only "
       "labels at or above a threshold trades coverage for precision.\n\n"
    << "| threshold | labelled | coverage (% of monitored) | precision (% right) |\n|---:|---:|---:|---:|\n";
  for (const auto& point : *curve) {
    double threshold = point.value("threshold", 0.0);
    int step = static_cast<int>(threshold * 20 + 0.5);
    if (step % 4 != 0 && step < 18) continue;  // the table: every 0.2 and the top steps; the figure has all
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.2f", threshold);
    r << "| " << buf << " | " << Count(point["sessions"]) << " | " << Percent(point["coverage"]) << " | "
      << Percent(point["precision"]) << " |\n";
  }
  auto check = m.find("sni_cross_check");
  if (check != m.end() && check->is_object())
    r << "\nSNI cross-check of learnt labels (flagged when the process was never seen with the session's SNI "
         "while another process was): "
      << Count((*check)["checked"]) << " checked, " << Count((*check)["flagged"]) << " flagged, "
      << Count((*check)["flagged_wrong"]) << " of them wrong (precision " << Percent((*check)["precision"])
      << "); it catches " << Count((*check)["flagged_wrong"]) << " of " << Count((*check)["wrong_labels"])
      << " wrong labels (recall " << Percent((*check)["recall"]) << ").\n";
}

/// Labels by session duration and by truth process.
void WriteBreakdown(std::ostream& r, const LabelBreakdown& breakdown) {
  r << "\n### By session duration\n\nConnections that open and close between two polls never "
       "appear in the socket table with their owner (a TIME_WAIT row carries PID 0), so short "
       "sessions are where the method loses labels.\n\n"
    << "| duration | sessions | matched | matching rate | accuracy |\n|---|---:|---:|---:|---:|\n";
  for (const auto& b : breakdown.buckets)
    r << "| " << b.name << " | " << b.sessions << " | " << b.matched << " | " << Percent(b.matched, b.sessions)
      << " | " << Percent(b.correct, b.with_truth_matched) << " |\n";
  r << "\n### By process (truth)\n\n| process | sessions (truth) | labelled as it | correct | recall |\n|---|---:|---:|---:|---:|\n";
  for (const auto& p : breakdown.processes)
    r << "| " << p.process << " | " << p.truth_sessions << " | " << p.labelled_sessions << " | " << p.correct
      << " | " << Percent(p.correct, p.truth_sessions) << " |\n";
}

/// The figures, and where every file of the run is.
void WriteFiguresAndFiles(std::ostream& r, const std::vector<std::string>& figures) {
  if (!figures.empty()) {
    r << "\n## Figures\n\n";
    for (const auto& f : figures) r << "![" << f << "](" << f << ")\n\n";
  } else {
    r << "\n(Figures skipped: gnuplot is not installed.)\n";
  }
  r << "\nFiles: `socketlog.csv` + `socketlog-polls.csv` (the SocketLogger's change-only log), `labels.csv`, "
       "`metrics.json`; the simulation's `pcap/` (mirror-port captures), `socket-history.csv`, `truth.csv`, "
       "`events.csv` and `hosts.csv` are in the run folder or, for runs of an experiment, in the shared "
       "simulation folder named in `run.json`. Formats in docs/formats.md.\n";
}

}  // namespace

std::string RenderRunReport(const RunReportInput& in) {
  std::ostringstream r;
  const YAML::Node ref = LoadReferences(in.references_path);
  RunSettings settings = in.settings;
  if (settings.scenario_path.empty()) settings.scenario_path = in.scenario_path;
  const Marker mark(ref, settings);
  WriteRunHeader(r, in, mark);
  WriteLabelingTable(r, in.metrics, ref, mark);
  WriteTable3(r, in.metrics, ref, mark);
  WriteStageTables(r, in.metrics);
  WriteConfidenceSection(r, in.metrics);
  WriteBreakdown(r, in.breakdown);
  WriteFiguresAndFiles(r, in.figures);
  return r.str();
}

}  // namespace ntlab
