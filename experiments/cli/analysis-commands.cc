// The analysis subcommands (no ns-3): label, sessions, zeus, kraken, domains, validate. They run on real
// captures as well as on simulated ones, and exist in the analysis-only build. Each command's files
// are one OutputTransaction: a command that fails or is interrupted leaves the files it would have
// written as they were before it started.
#include "analyzers/domains/domains-pipeline.h"
#include "analyzers/formats/atomic-file.h"
#include "analyzers/formats/host-networks.h"
#include "analyzers/labeling/labeling-pipeline.h"
#include "analyzers/sessions/sessions-csv.h"
#include "experiments/cli/commands.h"
#include "experiments/cli/progress-line.h"
#include "experiments/pipeline/botnet-steps.h"
#include "experiments/pipeline/metrics-step.h"
#include "scenarios/config/scenario-config.h"
#include "experiments/runner/experiment-config.h"
#include "scenarios/config/scenario-estimate.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>

namespace ntlab {
namespace {

std::string PercentText(const nlohmann::json& v) {
  if (!v.is_number()) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f %%", 100 * v.get<double>());
  return buf;
}

struct LabelArguments {
  LabelOptions options;
  std::string hosts, truth, metrics_out, events;
  std::string engine = "paper";
  bool no_post = false;
  double log_delay = 0;
};

void AddLabelOptions(CLI::App& label, LabelArguments& a) {
  label.add_option("--pcap", a.options.pcap_inputs, "Capture file(s) or folder(s) of rotated captures")->required();
  label.add_option("--socket-log", a.options.socket_log, "Socket log CSV, snapshot or interval form (docs/formats.md)")
      ->required();
  label.add_option("--socket-polls", a.options.socket_polls,
                   "Poll schedule of an interval-form socket log (default: the sibling <stem>-polls.csv)");
  label.add_flag("--stream-socket-log", a.options.stream_socket_log,
                 "Read a snapshot-form socket log beside the capture instead of loading it: memory follows open "
                 "sockets (plus the full scan's tenancies); same labels (docs/benchmarks.md)");
  auto* truth = label.add_option("--truth", a.truth, "Ground-truth CSV: adds truth_process and accuracy");
  label.add_flag("--truth-from-comments", a.options.truth_from_comments,
                 "Ground truth from the captures' pcapng process comments (ptcpdump's PID/Cmd), as `ntlab truth`")
      ->excludes(truth);
  label.add_option("--events", a.events, "ETW-like events CSV (connect/accept/close/bind with PIDs)");
  label.add_flag("--no-post", a.no_post, "Skip post-processing (full socket-log scan, SNI): engine only");
  label.add_flag("--events-in-post", a.options.events_in_post,
                 "Use the events in post-processing (stage events_post) instead of the real-time engine");
  label.add_flag("--post-streaming", a.options.post.streaming,
                 "Post-processing passes every 30 s of capture time, each using only what was known then "
                 "(the paper's collector), instead of one pass at the end (post-processor.h)");
  label.add_option("--log-delay", a.log_delay,
                   "Seconds the socket log reaches a real-time engine late: match packets against polls that old")
      ->check(CLI::Range(0.0, 86400.0));
  label.add_flag("--defer-learnt", a.options.engine.defer_learnt,
                 "Ask the learnt stages (A2, B, C, D) only when a session ended without a socket or event match");
  label.add_option("--hosts", a.hosts,
                   "Monitored hosts (IPv4 or IPv6 addresses and CIDR blocks, comma-separated) instead of the socket log's addresses; "
                   "sessions of other hosts are left out");
  label.add_option("--out", a.options.labels_out, "labels.csv to write")->required();
  label.add_option("--metrics", a.metrics_out, "metrics.json to write");
  label.add_option("--engine", a.engine,
                   "Labelling engine: paper (paper 001's rules, the default) or ntlab (refuses shared cache keys, "
                   "remote-aware full scan, writes each label's confidence)")
      ->check(CLI::IsMember({"paper", "ntlab"}));
  label.add_flag("--confidence", a.options.write_confidence,
                 "Write each label's confidence (evidence, observations, purity) also with the paper engine");
  AddStrictCapturesFlag(label, a.options.capture.strict_captures);
  label.add_option("--backtrack", a.options.stage_a.backtrack, "Stage A: earlier snapshots to try (paper: 10)")
      ->check(CLI::Range(0, 10000));
}

int Label(LabelArguments& a) {
  LabelOptions& options = a.options;
  // A bad output path stops the command before its work, not after it wrote labels.csv.
  CheckOutputFile(options.labels_out);
  if (!a.metrics_out.empty()) CheckOutputFile(a.metrics_out);
  OutputTransaction outputs;
  if (!a.truth.empty()) options.truth = a.truth;
  if (!a.hosts.empty()) options.hosts = ParseHostNetworks({a.hosts});
  if (!a.events.empty()) options.events = a.events;
  if (a.no_post) options.post.enabled = false;
  options.engine.log_delay = static_cast<TimeUs>(std::llround(a.log_delay * 1e6));
  UseEngine(options, ParseLabelEngine(a.engine).value_or(LabelEngine::Paper));  // CLI checked the name
  ProgressLine line;
  auto started = std::chrono::steady_clock::now();
  if (line.Enabled())
    options.progress = [&](const LabelProgress& p) {
      double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      char buf[160];
      std::snprintf(buf, sizeof buf, "[label] %.1f M packets, capture time %s, %.2f M packets/s",
                    double(p.packets) / 1e6, FormatTs(p.capture_ts).c_str(),
                    wall > 0 ? double(p.packets) / wall / 1e6 : 0.0);
      line.Show(buf);
    };
  LabelSummary summary = RunLabeling(options);
  line.Done();
  nlohmann::json metrics = LabelingMetrics(summary);
  if (!a.metrics_out.empty()) WriteMetrics(a.metrics_out, metrics);
  outputs.Keep();
  PrintLabelingSummary(options.labels_out, metrics);
  return 0;
}

}  // namespace

void AddStrictCapturesFlag(CLI::App& command, bool& strictCaptures) {
  command.add_flag("--strict-captures", strictCaptures,
                   "Stop with an error on a capture whose last record is cut short "
                   "(default: warn and use the complete records before it)");
}

void PrintLabelingSummary(const std::string& name, const nlohmann::json& m) {
  // The file also holds the sessions of hosts the socket log never shows: say so, so that the
  // counts add up to its rows.
  const std::uint64_t unmonitored = m.value("sessions_unmonitored", std::uint64_t(0));
  const std::string others =
      unmonitored ? " (+" + std::to_string(unmonitored) + " of hosts not in the socket log, unlabelled)" : "";
  std::printf("%s: %s sessions%s, %s matched, %s unknown; matching rate %s (engine only %s), accuracy %s (vs truth)\n",
              name.c_str(), m["sessions_monitored"].dump().c_str(), others.c_str(), m["matched"].dump().c_str(),
              m["unknown"].dump().c_str(), PercentText(m["matching_rate"]).c_str(),
              PercentText(m["engine_rate"]).c_str(), PercentText(m["accuracy"]).c_str());
}

Subcommand AddLabelCommand(CLI::App& app) {
  auto* label = app.add_subcommand("label", "Label sessions of captures with a socket log (works on real captures)");
  auto arguments = std::make_shared<LabelArguments>();
  AddLabelOptions(*label, *arguments);
  return {label, [arguments] { return Label(*arguments); }};
}

Subcommand AddSessionsCommand(CLI::App& app) {
  auto* sessions = app.add_subcommand("sessions", "Print the sessions of captures as CSV");
  auto inputs = std::make_shared<std::vector<std::string>>();
  auto hosts = std::make_shared<std::string>();
  auto capture = std::make_shared<CaptureOptions>();
  sessions->add_option("captures", *inputs, "Capture file(s) or folder(s)")->required();
  AddStrictCapturesFlag(*sessions, capture->strict_captures);
  sessions->add_option("--hosts", *hosts,
                       "Monitored hosts (IPv4 or IPv6 addresses and CIDR blocks, comma-separated): the host side of each session; "
                       "only their sessions are listed");
  return {sessions, [inputs, hosts, capture] {
            std::vector<HostNetwork> networks;
            if (!hosts->empty()) networks = ParseHostNetworks({*hosts});
            WriteSessionsCsv(*inputs, std::cout, {}, *capture, networks);
            return 0;
          }};
}

Subcommand AddZeusCommand(CLI::App& app) {
  auto* zeus = app.add_subcommand("zeus", "Cluster Zeus C&C episodes of captures with k-means (paper 002)");
  auto options = std::make_shared<ZeusClusteringOptions>();
  zeus->add_option("--pcap", options->inputs, "Capture file(s) or folder(s)")->required();
  AddStrictCapturesFlag(*zeus, options->capture.strict_captures);
  zeus->add_option("--truth", options->truth_path, "zeus_episodes.csv: grades the clusters (ARI, purity)");
  zeus->add_option("--k", options->kmeans.k, "Number of clusters (paper: 3 behaviour types)")->check(CLI::Range(1, 50));
  zeus->add_option("--auto-k", options->auto_k_max, "Choose k in 2..N by the mean silhouette instead")
      ->check(CLI::Range(2, 50));
  zeus->add_option("--model-in", options->model_in, "model.json of an earlier run: assign and update (incremental)");
  zeus->add_option("--out", options->out_dir, "Folder for episodes.csv, scatter.csv/.svg, model.json, metrics.json")
      ->required();
  return {zeus, [options] {
            OutputTransaction outputs;
            outputs.CreateFolders(options->out_dir);
            nlohmann::json z = ZeusStep(*options).metrics;
            outputs.Keep();
            std::printf("%s episodes, k = %s; ARI %s, purity %s (metrics in %s/metrics.json)\n",
                        z["episodes"].dump().c_str(), z["k"].dump().c_str(), z["ari"].dump().c_str(),
                        z["purity"].dump().c_str(), options->out_dir.c_str());
            return 0;
          }};
}

Subcommand AddKrakenCommand(CLI::App& app) {
  auto* kraken = app.add_subcommand("kraken", "Detect Kraken-infected hosts and flows in captures (paper 003)");
  auto options = std::make_shared<KrakenRunOptions>();
  kraken->add_option("--pcap", options->inputs, "Capture file(s) or folder(s)")->required();
  AddStrictCapturesFlag(*kraken, options->capture.strict_captures);
  kraken->add_option("--kraken-truth", options->kraken_truth, "kraken_truth.csv: infected hosts (grades hosts)");
  kraken->add_option("--truth", options->socket_truth, "truth.csv: socket owners (grades flows, with --kraken-truth)");
  kraken->add_option("--out", options->out_dir, "Folder for kraken_hosts/flows/timeseries.csv, kraken_metrics.json")
      ->required();
  kraken->add_option("--without", options->without,
                     "Evidence to leave out of the rule, comma-separated: cnc, dga, rhythm, smtp (an ablation)");
  kraken->add_flag("--ablations", options->ablations,
                   "Also grade the rule with each evidence family removed in turn (kraken_metrics.json: ablations)");
  return {kraken, [options] {
            OutputTransaction outputs;
            outputs.CreateFolders(options->out_dir);
            nlohmann::json k = KrakenStep(*options).metrics;
            outputs.Keep();
            std::printf("%s hosts flagged of %s; host precision %s recall %s; flow precision %s recall %s\n",
                        k["hosts_flagged"].dump().c_str(), k["hosts"].dump().c_str(),
                        k["host_precision"].dump().c_str(), k["host_recall"].dump().c_str(),
                        k["flow_precision"].dump().c_str(), k["flow_recall"].dump().c_str());
            return 0;
          }};
}

Subcommand AddDomainsCommand(CLI::App& app) {
  auto* domains = app.add_subcommand("domains", "Label flows of captures with domains from DNS answers (paper 000)");
  auto options = std::make_shared<DomainRunOptions>();
  domains->add_option("--pcap", options->inputs, "Capture file(s) or folder(s)")->required();
  AddStrictCapturesFlag(*domains, options->capture.strict_captures);
  domains->add_option("--out", options->out_dir, "Folder for flows.csv, metrics.json and stats.sqlite")->required();
  domains->add_option("--db", options->db_path, "Statistics database to write (default: OUT/stats.sqlite)");
  domains->add_option("--truth", options->truth, "expected-domains.csv: adds label_accuracy and shared_ip_accuracy");
  domains->add_option("--retention", options->retention_s,
                      "Seconds of statistics kept behind the newest second (default 0: keep everything)")
      ->check(CLI::Range(std::int64_t(0), std::int64_t(kMaxTimeSeconds)));
  domains->add_option("--socket-log", options->socket_log,
                      "Socket log (the device view): process labels, per-process statistics, crosscheck.csv");
  domains->add_option("--label-truth", options->label_truth, "truth.csv: grades the process labels and the cross-check");
  domains->add_option("--owner-truth", options->owner_truth,
                      "process-owners.csv (with --label-truth): grades the per-user view (user_accuracy)");
  auto engine = std::make_shared<std::string>("ntlab");
  domains->add_option("--engine", *engine, "Process labelling engine with --socket-log: ntlab (default) or paper")
      ->check(CLI::IsMember({"paper", "ntlab"}));
  return {domains, [options, engine] {
            options->label_engine = ParseLabelEngine(*engine).value_or(LabelEngine::Ntlab);  // CLI checked the name
            OutputTransaction outputs;
            outputs.CreateFolders(options->out_dir);
            // After the folder: --db may name a file inside --out. Before the work, so a bad
            // path does not fail the command late.
            if (!options->db_path.empty()) CheckOutputFile(options->db_path);
            nlohmann::json d = RunDomainLabelling(*options);
            outputs.Keep();
            std::printf("%s flows, %s labelled with a domain (%s of flows, %s of bytes); label accuracy %s, "
                        "shared-address accuracy %s (address alone %s)\n",
                        d["flows"].dump().c_str(), d["flows_labelled"].dump().c_str(),
                        PercentText(d["flow_label_rate"]).c_str(), PercentText(d["byte_label_rate"]).c_str(),
                        PercentText(d.value("label_accuracy", nlohmann::json())).c_str(),
                        PercentText(d.value("shared_ip_accuracy", nlohmann::json())).c_str(),
                        PercentText(d.value("address_only_shared_ip_accuracy", nlohmann::json())).c_str());
            if (d.contains("cross_check")) {
              const nlohmann::json& c = d["cross_check"];
              std::printf("cross-check: %s of %s judged sessions flagged; wrong process labels caught %s of %s, "
                          "flag precision %s\n",
                          c["unusual"].dump().c_str(), std::to_string(c["usual"].get<std::uint64_t>() + c["unusual"].get<std::uint64_t>()).c_str(),
                          c.value("wrong_labels_flagged", nlohmann::json()).dump().c_str(),
                          c.value("wrong_labels", nlohmann::json()).dump().c_str(),
                          PercentText(c.value("flag_precision", nlohmann::json())).c_str());
            }
            if (d.contains("user_accuracy"))
              std::printf("per-user view: %s of %s graded flows with the right user (%s of their bytes)\n",
                          PercentText(d["user_accuracy"]).c_str(), d["user_flows_graded"].dump().c_str(),
                          PercentText(d["user_byte_accuracy"]).c_str());
            return 0;
          }};
}

namespace {

/// What a run of the scenario would cost, and which of `ntlab run`'s default limits it passes.
void PrintEstimate(const ResourceEstimate& estimate) {
  std::printf("%s\n", FormatEstimate(estimate).c_str());
  for (const auto& exceeded : ExceededLimits(estimate, ResourceLimits{}))
    std::printf("over the run limits: %s (ntlab run refuses it without --allow-large)\n", exceeded.c_str());
}

/// An experiment: every run checked as `run` would check it, and what they cost together.
int ValidateExperiment(const std::string& path) {
  ExperimentConfig experiment = LoadExperiment(path);
  ExperimentEstimate estimate = EstimateExperiment(experiment);
  std::printf("%s: valid experiment: %zu runs of %s\n", path.c_str(), estimate.runs, experiment.scenario.c_str());
  std::printf("%zu runs, %zu simulations together: %s\n", estimate.runs, estimate.simulations,
              FormatEstimate(estimate.total).c_str());
  std::printf("largest run: ");
  PrintEstimate(estimate.largest);
  return 0;
}

}  // namespace

Subcommand AddValidateCommand(CLI::App& app) {
  auto* validate = app.add_subcommand("validate", "Check a scenario or experiment file and print a summary");
  auto path = std::make_shared<std::string>();
  validate->add_option("scenario", *path, "Scenario or experiment file (YAML)")->required();
  return {validate, [path] {
            if (IsExperimentFile(*path)) return ValidateExperiment(*path);
            ScenarioConfig c = LoadScenario(*path);
            std::size_t processes = 0;
            for (const auto& h : c.hosts) processes += h.processes.size();
            std::printf("%s: valid: %zu hosts, %zu processes, %zu servers, %.0f s, poll %.0f ms", path->c_str(),
                        c.hosts.size(), processes, c.servers.size(), c.duration_s, c.poll_interval_s * 1000);
            if (c.workload.enabled)
              std::printf(", workload catalog %s (%.0f sessions/day)", c.workload.catalog.c_str(),
                          c.workload.sessions_per_day);
            std::printf("\n");
            PrintEstimate(EstimateResources(c));
            return 0;
          }};
}

}  // namespace ntlab
