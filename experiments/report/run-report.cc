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

namespace {
std::string PercentCell(std::uint64_t num, std::uint64_t den) {
  if (den == 0) return "?";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", 100.0 * double(num) / double(den));
  return buf;
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
    for (const auto& [name, st] : metrics["stages"].items()) {
      auto get = [&](const char* key) { return st[key].is_number() ? st[key].get<std::uint64_t>() : 0; };
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
  return figures;
}

std::string RenderRunReport(const RunReportInput& in) {
  const auto& m = in.metrics;
  std::ostringstream r;
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
      << "| socket-table polls | " << Count(s["polls"]) << " |\n"
      << "| socket-log rows | " << Count(s["socket_log_rows"]) << " |\n"
      << "| ground-truth sockets | " << Count(s["truth_rows"]) << " |\n\n";
  }

  YAML::Node ref;
  if (!in.references_path.empty()) {
    try {
      ref = YAML::LoadFile(in.references_path);
    } catch (const YAML::Exception&) {
      ref = YAML::Node();
    }
  }
  auto num = [](const nlohmann::json& v) { return v.is_number() ? v.get<std::uint64_t>() : 0; };
  std::uint64_t monitored = num(m["sessions_monitored"]);
  std::uint64_t engineMatched = num(m["engine_matched"]);
  r << "## Labeling beside paper 001 (its Tables 2 and 4)\n\n"
    << "The paper could count only how many sessions got *a* label; ntlab also checks each label "
       "against the ground truth the simulator recorded. Engine = stages A, events, A2, B, C, D in real "
       "time; post-processing = full socket-log scan and SNI matching of what stayed Unknown.\n\n"
    << "| | ntlab engine only | ntlab after post-processing | paper engine only | paper after post-processing |\n"
    << "|---|---:|---:|---:|---:|\n"
    << "| hosts / duration | " << (m.contains("scenario") ? std::to_string(m["scenario"].value("hosts", 0)) : "?")
    << " / " << (m.contains("scenario") ? std::to_string(int(m["scenario"].value("duration_s", 0.0))) + " s" : "?")
    << " | | " << RefText(ref, "setting", "hosts") << " / " << RefText(ref, "setting", "duration") << " | |\n"
    << "| sessions (monitored hosts) | " << Count(m["sessions_monitored"]) << " | " << Count(m["sessions_monitored"])
    << " | " << RefText(ref, "setting", "sessions") << " | " << RefText(ref, "setting", "sessions") << " |\n"
    << "| matched | " << Count(nlohmann::json(engineMatched)) << " | " << Count(m["matched"]) << " | "
    << RefText(ref, "engine_only", "matched") << " | " << RefText(ref, "after_post_processing", "matched") << " |\n"
    << "| unknown | " << Count(nlohmann::json(monitored - std::min(monitored, engineMatched))) << " | "
    << Count(m["unknown"]) << " | " << RefText(ref, "engine_only", "unknown") << " | "
    << RefText(ref, "after_post_processing", "unknown") << " |\n"
    << "| matching rate | " << Percent(m["engine_rate"]) << " | " << Percent(m["matching_rate"]) << " | "
    << RefPercent(ref, "engine_only") << " | " << RefPercent(ref, "after_post_processing") << " |\n"
    << "| accuracy (correct / matched with truth) | | " << Percent(m["accuracy"]) << " | "
    << RefText(ref, "accuracy") << " | |\n\n";
  if (m.value("sessions_unmonitored", 0) > 0)
    r << "Sessions of hosts absent from the socket log (" << Count(m["sessions_unmonitored"])
      << ") are excluded from the rates.\n\n";
  if (m.contains("simulation") && m.contains("labeling_inputs"))
    r << "ETW-like events: " << Count(m["simulation"]["events_recorded"]) << " recorded, "
      << Count(m["simulation"]["events_lost"]) << " lost by the collector's loss model; "
      << (m["labeling_inputs"].value("events", false) ? "used" : "not used") << " for labeling.\n\n";

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
  r << "\n### By session duration\n\nConnections that open and close between two polls never "
       "appear in the socket table with their owner (a TIME_WAIT row carries PID 0), so short "
       "sessions are where the method loses labels.\n\n"
    << "| duration | sessions | matched | matching rate | accuracy |\n|---|---:|---:|---:|---:|\n";
  for (const auto& b : in.breakdown.buckets)
    r << "| " << b.name << " | " << b.sessions << " | " << b.matched << " | " << Percent(b.matched, b.sessions)
      << " | " << Percent(b.correct, b.with_truth_matched) << " |\n";
  r << "\n### By process (truth)\n\n| process | sessions (truth) | labelled as it | correct | recall |\n|---|---:|---:|---:|---:|\n";
  for (const auto& p : in.breakdown.processes)
    r << "| " << p.process << " | " << p.truth_sessions << " | " << p.labelled_sessions << " | " << p.correct
      << " | " << Percent(p.correct, p.truth_sessions) << " |\n";
  if (!in.figures.empty()) {
    r << "\n## Figures\n\n";
    for (const auto& f : in.figures) r << "![" << f << "](" << f << ")\n\n";
  } else {
    r << "\n(Figures skipped: gnuplot is not installed.)\n";
  }
  r << "\nFiles: `pcap/` (mirror-port captures), `socketlog.csv`, `truth.csv`, `hosts.csv`, `labels.csv`, "
       "`metrics.json`; formats in docs/formats.md.\n";
  return r.str();
}

}  // namespace ntlab
