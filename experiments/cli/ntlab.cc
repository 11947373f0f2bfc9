// ntlab: simulate an enterprise LAN, label its traffic by process, and report against the truth.
//
//   ntlab run <scenario.yaml> --out DIR     simulate, label, report
//   ntlab label --pcap P --socket-log S     the analyzer alone (real captures too)
//   ntlab sessions <pcap|dir>               sessions as CSV
//   ntlab validate <scenario.yaml>          check a scenario file
#include "analyzers/formats/atomic-file.h"
#include "analyzers/labeling/labeling-pipeline.h"
#include "analyzers/sessions/sessions-csv.h"
#include "experiments/cli/progress-line.h"
#include "experiments/cli/simulation-cache.h"
#include "models/agents/socket-logger.h"
#include "experiments/report/run-report.h"
#include "experiments/report/zeus-report.h"
#include "experiments/report/kraken-report.h"
#include "analyzers/botnet/kraken-pipeline.h"
#include "experiments/report/experiment-report.h"
#include "experiments/runner/experiment-runner.h"
#include "analyzers/botnet/zeus-clustering.h"
#include "scenarios/config/scenario-config.h"
#include "scenarios/sim/enterprise-lan-scenario.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

namespace fs = std::filesystem;
using namespace ntlab;

namespace {

std::string SourceDir() {
#ifdef NTLAB_SOURCE_DIR
  return NTLAB_SOURCE_DIR;
#else
  return ".";
#endif
}

/// A run folder is ours to overwrite only if an earlier run made it (it has run.json).
void PrepareRunFolder(const std::string& out) {
  fs::path dir(out);
  std::error_code ec;
  if (fs::exists(dir)) {
    if (!fs::is_directory(dir)) throw InputError(out + ": exists and is not a folder");
    bool empty = fs::directory_iterator(dir) == fs::directory_iterator();
    if (!empty && !fs::exists(dir / "run.json"))
      throw InputError(out + ": folder is not empty and is not an earlier ntlab run (no run.json); choose another --out");
    // Everything a run writes goes, so no output of an earlier scenario survives beside the new one.
    for (const char* old : {"pcap", "plots", "zeus", "kraken", "socketlog.csv", "socketlog-polls.csv", "socket-history.csv",
                            "events.csv", "truth.csv", "hosts.csv", "labels.csv", "metrics.json", "report.md",
                            "zeus_episodes.csv", "kraken_truth.csv", "simulation.json"})
      fs::remove_all(dir / old, ec);
  }
  fs::create_directories(dir, ec);
  if (ec) throw InputError(out + ": cannot create folder: " + ec.message());
}

void WriteJson(const std::string& path, const nlohmann::json& j) { WriteFileAtomically(path, j.dump(2) + "\n"); }

std::string PercentText(const nlohmann::json& v) {
  if (!v.is_number()) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f %%", 100 * v.get<double>());
  return buf;
}

void PrintSummary(const std::string& name, const nlohmann::json& m) {
  std::printf("%s: %s sessions, %s matched, %s unknown; matching rate %s (engine only %s), accuracy %s (vs truth)\n",
              name.c_str(), m["sessions_monitored"].dump().c_str(), m["matched"].dump().c_str(),
              m["unknown"].dump().c_str(), PercentText(m["matching_rate"]).c_str(),
              PercentText(m["engine_rate"]).c_str(), PercentText(m["accuracy"]).c_str());
}

bool HasZeus(const ScenarioConfig& config) {
  for (const auto& s : config.servers)
    if (s.kind == ServerKind::ZeusCnc) return true;
  return false;
}

/// Clusters Zeus episodes, writes the outputs and the scatter; returns the clustering metrics.
nlohmann::json RunZeus(const ZeusClusteringOptions& options) {
  ZeusClusteringResult result = RunZeusClustering(options);
  WriteZeusClusteringOutputs(options.out_dir, result);
  WriteZeusScatter(options.out_dir);
  std::ifstream in(options.out_dir + "/metrics.json");
  return nlohmann::json::parse(in);
}

std::string SelfExe() {
  std::error_code ec;
  auto path = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("ntlab") : path.string();
}

int RunExperimentFile(const std::string& path, const std::string& out, unsigned jobs, bool keepFiles) {
  ExperimentConfig config = LoadExperiment(path);
  fs::create_directories(out);
  RunnerOptions options;
  options.out_dir = out;
  options.jobs = jobs;
  options.ntlab_exe = SelfExe();
  options.keep_bulky_files = keepFiles;
  options.code_version = NTLAB_CODE_VERSION;
  ProgressLine line;
  options.progress = [&](const RunnerProgress& p) {
    double perRun = p.done > 0 ? p.wall_s / double(p.done) : 0;
    char buf[160];
    std::snprintf(buf, sizeof buf, "[experiment] %zu/%zu runs done, %zu running, %zu failed, %s elapsed, ETA %s",
                  p.done, p.total, p.running, p.failed, FormatClock(p.wall_s).c_str(),
                  p.done ? FormatClock(perRun * double(p.total - p.done)).c_str() : "?");
    line.Show(buf);
  };
  auto runs = RunExperiment(config, options);
  line.Done();
  WriteExperimentReport(config, runs, out);
  std::size_t failed = std::count_if(runs.begin(), runs.end(), [](const RunOutcome& r) { return !r.ok; });
  std::printf("%s: %zu runs, %zu failed; report: %s/report.md\n", config.name.c_str(), runs.size(), failed, out.c_str());
  for (const auto& r : runs)
    if (!r.ok) std::fprintf(stderr, "ntlab: run %s failed: %s (log: %s.log)\n", r.spec.id.c_str(), r.error.c_str(), r.dir.c_str());
  return failed == 0 ? 0 : 1;
}

int Run(const std::string& scenarioPath, const std::string& out, const std::vector<ScenarioOverride>& overrides,
        bool useEvents, const std::string& simCache) {
  ScenarioConfig config = LoadScenario(scenarioPath, overrides);
  PrepareRunFolder(out);

  ProgressLine line;
  SimulationRequest request;
  request.config = &config;
  request.scenario_path = scenarioPath;
  request.overrides = overrides;
  request.run_dir = out;
  request.cache_dir = simCache;
  request.code_version = NTLAB_CODE_VERSION;
  request.progress = [&](const SimulationProgress& p) {
    double speed = p.wall_s > 0 ? p.simulated_s / p.wall_s : 0;
    double eta = speed > 0 ? (p.total_s - p.simulated_s) / speed : 0;
    char buf[160];
    std::snprintf(buf, sizeof buf, "[simulate] %s / %s  %3.0f%%  %.1fx real time  ETA %s  %llu frames",
                  FormatClock(p.simulated_s).c_str(), FormatClock(p.total_s).c_str(), 100 * p.simulated_s / p.total_s,
                  speed, FormatClock(eta).c_str(), static_cast<unsigned long long>(p.frames));
    line.Show(buf);
  };
  SimulationFiles simFiles = ObtainSimulation(request);
  const SimulationResult& sim = simFiles.result;
  const std::string& simDir = simFiles.dir;
  line.Done();
  if (simFiles.reused)
    std::fprintf(stderr, "[simulate] reused the simulation in %s\n", simDir.c_str());
  else
    std::fprintf(stderr, "[simulate] %.0f s simulated in %.1f s: %llu frames in %llu PCAP files, %llu socket-table rows\n",
                 config.duration_s, sim.wall_seconds, static_cast<unsigned long long>(sim.frames_captured),
                 static_cast<unsigned long long>(sim.pcap_files), static_cast<unsigned long long>(sim.socket_history_rows));

  // The SocketLogger polls the recorded socket-table history (models/agents/socket-logger.h).
  SocketLoggerConfig loggerConfig;
  loggerConfig.interval_us = static_cast<TimeUs>(std::llround(config.poll_interval_s * 1e6));
  loggerConfig.start_us = config.start;
  loggerConfig.end_us = config.start + static_cast<TimeUs>(std::llround(config.duration_s * 1e6));
  loggerConfig.seed = config.seed;
  loggerConfig.cost = PollCostModel{config.logger.poll_cost_base_ms, config.logger.poll_cost_per_row_ms};
  std::vector<std::string> hostNames;
  for (const auto& h : config.hosts) hostNames.push_back(h.name);
  SocketLoggerStats logger = EmulateSocketLogger(simDir + "/socket-history.csv", hostNames, loggerConfig,
                                                 out + "/socketlog.csv", out + "/socketlog-polls.csv");

  LabelOptions options;
  options.pcap_inputs = {simDir + "/pcap"};
  options.socket_log = out + "/socketlog.csv";
  options.truth = simDir + "/truth.csv";
  if (config.events.enabled && useEvents) options.events = simDir + "/events.csv";
  options.events_in_post = config.labeling.events_in_post;
  options.engine.defer_learnt = config.labeling.defer_learnt;
  options.engine.log_delay = static_cast<TimeUs>(std::llround(config.labeling.log_delay_s * 1e6));
  options.labels_out = out + "/labels.csv";
  LabelSummary summary = RunLabeling(options);

  nlohmann::json metrics = summary.ToJson();
  metrics["scenario"] = {{"name", config.name},
                         {"seed", config.seed},
                         {"hosts", config.hosts.size()},
                         {"duration_s", config.duration_s},
                         {"poll_interval_s", config.poll_interval_s}};
  metrics["simulation"] = {{"frames_captured", sim.frames_captured},
                           {"pcap_files", sim.pcap_files},
                           {"socket_history_rows", sim.socket_history_rows},
                           {"truth_rows", sim.truth_rows},
                           {"events_recorded", sim.events_recorded},
                           {"events_lost", sim.events_lost},
                           {"reused", simFiles.reused}};
  metrics["labeling_inputs"] = {{"events", options.events.has_value()},
                                {"events_in_post", options.events_in_post},
                                {"defer_learnt", options.engine.defer_learnt},
                                {"log_delay_s", config.labeling.log_delay_s}};
  // What the SocketLogger costs a host: polls, CPU time, and log volume per hour, both as ntlab
  // writes it (change-only) and as a full-snapshot logger like the paper's would.
  double hostSeconds = config.duration_s * double(config.hosts.size());
  double hostHours = hostSeconds / 3600.0;
  metrics["logger"] = {{"polls", logger.Polls()},
                       {"polls_per_host_second", double(logger.Polls()) / hostSeconds},
                       {"sockets_never_polled", logger.unseen_rows},
                       {"socket_rows_in_history", logger.history_rows},
                       {"mean_rows_per_poll", logger.MeanRowsPerPoll()},
                       {"mean_poll_cost_ms", logger.MeanPollCostMs(loggerConfig.cost)},
                       {"cpu_ms_per_s", logger.CpuMsPerSecond(loggerConfig.cost)},
                       {"saturated", logger.CpuMsPerSecond(loggerConfig.cost) >= 1000.0},
                       {"snapshot_rows_per_host_hour", double(logger.RowPolls()) / hostHours},
                       {"snapshot_bytes_per_host_hour", double(logger.SnapshotBytes()) / hostHours},
                       {"log_rows", logger.LogRows()},
                       {"log_bytes_per_host_hour", double(fs::file_size(out + "/socketlog.csv")) / hostHours}};
  LabelBreakdown breakdown = AnalyzeLabels(options.labels_out);
  metrics["breakdown"] = breakdown.ToJson();
  metrics.update(ApplicationShares(breakdown, summary.Monitored()));

  std::string zeusSection;
  if (sim.zeus_episodes > 0 || HasZeus(config)) {
    ZeusClusteringOptions zeus;
    zeus.inputs = {simDir + "/pcap"};
    zeus.truth_path = simDir + "/zeus_episodes.csv";
    zeus.out_dir = out + "/zeus";
    fs::create_directories(zeus.out_dir);
    nlohmann::json z = RunZeus(zeus);
    metrics["zeus"] = z;
    zeusSection = RenderZeusSection(z, fs::exists(out + "/zeus/scatter.svg") ? "zeus/scatter.svg" : "");
  }
  std::string krakenSection;
  if (config.kraken.enabled) {
    KrakenRunOptions kraken{{simDir + "/pcap"}, simDir + "/truth.csv", simDir + "/kraken_truth.csv", out + "/kraken"};
    nlohmann::json k = RunKrakenDetection(kraken);
    metrics["kraken"] = k;
    bool drawn = WriteKrakenTimeSeries(kraken.out_dir);
    krakenSection = RenderKrakenSection(k, kraken.out_dir + "/kraken_hosts.csv", drawn ? "kraken/timeseries.svg" : "");
  }

  WriteJson(out + "/metrics.json", metrics);

  RunReportInput report{config.name, scenarioPath, metrics, breakdown,
                        SourceDir() + "/experiments/references/paper-001.yaml",
                        WriteRunFigures(out, metrics, breakdown)};
  WriteFileAtomically(out + "/report.md", RenderRunReport(report) + zeusSection + krakenSection);
  // Wall-clock figures live only here, never in files that tests compare.
  nlohmann::json setJson = nlohmann::json::object();
  for (const auto& o : overrides) setJson[o.key] = o.value;
  WriteJson(out + "/run.json", {{"ntlab_version", NTLAB_VERSION},
                                {"code_version", NTLAB_CODE_VERSION},
                                {"scenario", fs::absolute(scenarioPath).string()},
                                {"overrides", setJson},
                                {"events_used", useEvents && config.events.enabled},
                                {"simulation_folder", fs::absolute(simDir).string()},
                                {"seed", config.seed},
                                {"poll_interval_s", config.poll_interval_s},
                                {"duration_s", config.duration_s},
                                {"simulation_wall_s", sim.wall_seconds}});

  PrintSummary(config.name, metrics);
  std::printf("report: %s/report.md\n", out.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"ntlab: simulate enterprise LANs, label traffic by process, measure against the truth"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string(NTLAB_VERSION));

  auto* run = app.add_subcommand("run", "Simulate a scenario, label its captures and write a report");
  std::string scenario, out, poll, duration, seed;
  std::vector<std::string> sets;
  run->add_option("scenario", scenario, "Scenario or experiment file (YAML, docs/scenario-schema.md, docs/experiments.md)")
      ->required();
  unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
  run->add_option("--jobs", jobs, "Experiments: runs in parallel (default: all cores)")->check(CLI::Range(1u, 256u));
  bool keepFiles = false;
  run->add_flag("--keep-files", keepFiles, "Experiments: keep each run's captures and logs (they are large)");
  run->add_option("--out", out, "Run folder to write (created; an earlier run there is replaced)")->required();
  run->add_option("--seed", seed, "Override the scenario's seed (same as --set seed=N)");
  run->add_option("--poll-interval", poll, "Override the SocketLogger poll interval, e.g. 50ms, 5s (--set poll_interval=)");
  run->add_option("--duration", duration, "Override the simulated duration, e.g. 3min (--set duration=)");
  run->add_option("--set", sets, "Override any scenario value: key=value, dotted for nested keys (events.loss=0.2)");
  bool noEvents = false;
  run->add_flag("--no-events", noEvents, "Label without the ETW-like events (they are still written)");
  std::string simCache;
  run->add_option("--sim-cache", simCache,
                  "Share the simulation with runs that differ only in poll interval or events use (folder; "
                  "experiments pass it)");

  auto* label = app.add_subcommand("label", "Label sessions of captures with a socket log (works on real captures)");
  LabelOptions options;
  label->add_option("--pcap", options.pcap_inputs, "Capture file(s) or folder(s) of rotated captures")->required();
  label->add_option("--socket-log", options.socket_log, "Socket log CSV, snapshot or interval form (docs/formats.md)")->required();
  label->add_option("--socket-polls", options.socket_polls,
                    "Poll schedule of an interval-form socket log (default: the sibling <stem>-polls.csv)");
  std::string truth, metricsOut;
  label->add_option("--truth", truth, "Ground-truth CSV: adds truth_process and accuracy");
  std::string eventsPath;
  label->add_option("--events", eventsPath, "ETW-like events CSV (connect/accept/close/bind with PIDs)");
  bool noPost = false;
  label->add_flag("--no-post", noPost, "Skip post-processing (full socket-log scan, SNI): engine only");
  label->add_flag("--events-in-post", options.events_in_post,
                  "Use the events in post-processing (stage events_post) instead of the real-time engine");
  double logDelay = 0;
  label->add_option("--log-delay", logDelay,
                    "Seconds the socket log reaches a real-time engine late: match packets against polls that old")
      ->check(CLI::Range(0.0, 86400.0));
  label->add_flag("--defer-learnt", options.engine.defer_learnt,
                  "Ask the learnt stages (A2, B, C, D) only when a session ended without a socket or event match");
  label->add_option("--out", options.labels_out, "labels.csv to write")->required();
  label->add_option("--metrics", metricsOut, "metrics.json to write");
  label->add_option("--backtrack", options.stage_a.backtrack, "Stage A: earlier snapshots to try (paper: 10)")
      ->check(CLI::Range(0, 10000));

  auto* sessions = app.add_subcommand("sessions", "Print the sessions of captures as CSV");
  std::vector<std::string> sessionInputs;
  sessions->add_option("captures", sessionInputs, "Capture file(s) or folder(s)")->required();

  auto* zeusCmd = app.add_subcommand("zeus", "Cluster Zeus C&C episodes of captures with k-means (paper 002)");
  ZeusClusteringOptions zeusOptions;
  zeusCmd->add_option("--pcap", zeusOptions.inputs, "Capture file(s) or folder(s)")->required();
  zeusCmd->add_option("--truth", zeusOptions.truth_path, "zeus_episodes.csv: grades the clusters (ARI, purity)");
  zeusCmd->add_option("--k", zeusOptions.kmeans.k, "Number of clusters (paper: 3 behaviour types)")
      ->check(CLI::Range(1, 50));
  zeusCmd->add_option("--auto-k", zeusOptions.auto_k_max, "Choose k in 2..N by the mean silhouette instead")
      ->check(CLI::Range(2, 50));
  zeusCmd->add_option("--model-in", zeusOptions.model_in, "model.json of an earlier run: assign and update (incremental)");
  zeusCmd->add_option("--out", zeusOptions.out_dir, "Folder for episodes.csv, scatter.csv/.svg, model.json, metrics.json")
      ->required();

  auto* krakenCmd = app.add_subcommand("kraken", "Detect Kraken-infected hosts and flows in captures (paper 003)");
  KrakenRunOptions krakenOptions;
  krakenCmd->add_option("--pcap", krakenOptions.inputs, "Capture file(s) or folder(s)")->required();
  krakenCmd->add_option("--kraken-truth", krakenOptions.kraken_truth, "kraken_truth.csv: infected hosts (grades hosts)");
  krakenCmd->add_option("--truth", krakenOptions.socket_truth, "truth.csv: socket owners (grades flows, with --kraken-truth)");
  krakenCmd->add_option("--out", krakenOptions.out_dir, "Folder for kraken_hosts/flows/timeseries.csv, kraken_metrics.json")
      ->required();

  auto* validate = app.add_subcommand("validate", "Check a scenario file and print a summary");
  std::string validatePath;
  validate->add_option("scenario", validatePath, "Scenario file (YAML)")->required();

  CLI11_PARSE(app, argc, argv);
  try {
    if (*run && IsExperimentFile(scenario)) {
      if (!seed.empty() || !poll.empty() || !duration.empty() || !sets.empty() || noEvents || !simCache.empty())
        throw InputError(scenario + ": an experiment sets its values in the file (set:, sweep:), not on the command line");
      return RunExperimentFile(scenario, out, jobs, keepFiles);
    }
    if (*run) {
      std::vector<ScenarioOverride> overrides;
      if (!seed.empty()) overrides.push_back({"seed", seed});
      if (!poll.empty()) overrides.push_back({"poll_interval", poll});
      if (!duration.empty()) overrides.push_back({"duration", duration});
      for (const auto& s : sets) overrides.push_back(ParseOverride(s));
      return Run(scenario, out, overrides, !noEvents, simCache);
    }
    if (*label) {
      if (!truth.empty()) options.truth = truth;
      if (!metricsOut.empty()) options.metrics_out = metricsOut;
      if (!eventsPath.empty()) options.events = eventsPath;
      if (noPost) options.post.enabled = false;
      options.engine.log_delay = static_cast<TimeUs>(std::llround(logDelay * 1e6));
      ProgressLine line;
      auto started = std::chrono::steady_clock::now();
      if (line.Enabled())
        options.progress = [&](const LabelProgress& p) {
          double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
          char buf[160];
          std::snprintf(buf, sizeof buf, "[label] %.1f M packets, capture time %s, %.2f M packets/s",
                        double(p.packets) / 1e6, FormatTs(p.capture_ts).c_str(), wall > 0 ? double(p.packets) / wall / 1e6 : 0.0);
          line.Show(buf);
        };
      LabelSummary summary = RunLabeling(options);
      line.Done();
      PrintSummary(options.labels_out, summary.ToJson());
      return 0;
    }
    if (*sessions) {
      WriteSessionsCsv(sessionInputs, std::cout);
      return 0;
    }
    if (*zeusCmd) {
      fs::create_directories(zeusOptions.out_dir);
      nlohmann::json z = RunZeus(zeusOptions);
      std::printf("%s episodes, k = %s; ARI %s, purity %s (metrics in %s/metrics.json)\n", z["episodes"].dump().c_str(),
                  z["k"].dump().c_str(), z["ari"].dump().c_str(), z["purity"].dump().c_str(),
                  zeusOptions.out_dir.c_str());
      return 0;
    }
    if (*krakenCmd) {
      nlohmann::json k = RunKrakenDetection(krakenOptions);
      WriteKrakenTimeSeries(krakenOptions.out_dir);
      std::printf("%s hosts flagged of %s; host precision %s recall %s; flow precision %s recall %s\n",
                  k["hosts_flagged"].dump().c_str(), k["hosts"].dump().c_str(), k["host_precision"].dump().c_str(),
                  k["host_recall"].dump().c_str(), k["flow_precision"].dump().c_str(), k["flow_recall"].dump().c_str());
      return 0;
    }
    if (*validate) {
      ScenarioConfig c = LoadScenario(validatePath);
      std::size_t processes = 0;
      for (const auto& h : c.hosts) processes += h.processes.size();
      std::printf("%s: valid: %zu hosts, %zu processes, %zu servers, %.0f s, poll %.0f ms", validatePath.c_str(),
                  c.hosts.size(), processes, c.servers.size(), c.duration_s, c.poll_interval_s * 1000);
      if (c.workload.enabled)
        std::printf(", workload catalog %s (%.0f sessions/day)", c.workload.catalog.c_str(), c.workload.sessions_per_day);
      std::printf("\n");
      return 0;
    }
  } catch (const InputError& e) {
    std::fprintf(stderr, "ntlab: error: %s\n", EscapeForMessage(e.what()).c_str());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ntlab: error: %s\n", EscapeForMessage(e.what()).c_str());
    return 1;
  }
  return 0;
}
