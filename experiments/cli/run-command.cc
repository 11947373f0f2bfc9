// `ntlab run`: a scenario through the run pipeline (simulated in ns-3), or an experiment through
// the experiment pipeline (one `ntlab run` process per run). Full build only.
#include "experiments/cli/commands.h"
#include "experiments/cli/interrupt-watch.h"
#include "experiments/cli/progress-line.h"
#include "experiments/pipeline/experiment-pipeline.h"
#include "experiments/pipeline/run-pipeline.h"
#include "experiments/runner/experiment-config.h"
#include "experiments/pipeline/sim/simulate-step.h"
#include "scenarios/config/scenario-estimate.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <thread>

namespace ntlab {
namespace {
namespace fs = std::filesystem;

struct RunArguments {
  std::string scenario, out, poll, duration, seed, sim_cache;
  std::vector<std::string> sets;
  unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
  bool keep_files = false;
  bool no_events = false;
  bool pcapng_comments = false;
  bool allow_large = false;
  bool memory_limit_given = false;
  ResourceLimits limits;
};

/// --allow-large and the limits it overrides. An experiment checks every run's estimate itself; its
/// runs (`ntlab run` processes started by the runner) then get NTLAB_ALLOW_LARGE=1 and the memory
/// limit to watch in NTLAB_MAX_MEMORY_GB.
void AddResourceOptions(CLI::App& run, RunArguments& a) {
  run.add_flag("--allow-large", a.allow_large, "Run even when the resource estimate passes the limits below");
  run.add_option_function<double>(
         "--max-memory-gb",
         [&a](double gb) {
           a.limits.memory_bytes = gb * 1024 * 1024 * 1024;
           a.memory_limit_given = true;
         },
         "Refuse (and stop) a run past this memory, GiB (default 8)")
      ->check(CLI::Range(0.0001, 1e6));
  run.add_option_function<double>(
         "--max-capture-gb", [&a](double gb) { a.limits.capture_bytes = gb * 1e9; },
         "Refuse a run whose captures would pass this size, GB (default 50)")
      ->check(CLI::Range(0.001, 1e7));
  run.add_option_function<double>(
         "--max-wall-h", [&a](double h) { a.limits.wall_s = h * 3600; },
         "Refuse a run estimated to take longer than this, hours (default 2)")
      ->check(CLI::Range(1e-5, 1e4));
}

void ReadInheritedMemoryLimit(RunArguments& a) {
  const char* env = std::getenv("NTLAB_MAX_MEMORY_GB");
  if (!env) return;
  char* end = nullptr;
  double gb = std::strtod(env, &end);
  if (end == env || *end || !(gb > 0)) throw InputError("NTLAB_MAX_MEMORY_GB: '" + std::string(env) + "' is not a number of GiB");
  a.limits.memory_bytes = gb * 1024 * 1024 * 1024;
  a.memory_limit_given = true;
}

bool LargeRunsAllowed(const RunArguments& a) {
  const char* env = std::getenv("NTLAB_ALLOW_LARGE");
  return a.allow_large || (env && std::string(env) == "1");
}

/// Prints the estimate and refuses a run past the limits (exit 2) unless large runs are allowed.
void CheckEstimate(const std::string& what, const ResourceEstimate& estimate, const RunArguments& a) {
  std::fprintf(stderr, "[estimate] %s\n", FormatEstimate(estimate).c_str());
  auto exceeded = ExceededLimits(estimate, a.limits);
  if (exceeded.empty() || LargeRunsAllowed(a)) return;
  std::string list;
  for (const auto& e : exceeded) list += (list.empty() ? "" : ", ") + e;
  throw InputError(what + ": the estimate passes the run limits (" + list +
                   "); shorten duration, fewer hosts or a lower rate, or rerun with --allow-large "
                   "(or raise --max-memory-gb / --max-capture-gb / --max-wall-h)");
}

void AddRunOptions(CLI::App& run, RunArguments& a) {
  run.add_option("scenario", a.scenario,
                 "Scenario or experiment file (YAML, docs/scenario-schema.md, docs/experiments.md)")
      ->required();
  run.add_option("--jobs", a.jobs, "Experiments: runs in parallel (default: all cores)")->check(CLI::Range(1u, 256u));
  run.add_flag("--keep-files", a.keep_files, "Experiments: keep each run's captures and logs (they are large)");
  run.add_option("--out", a.out,
                 "Run folder to write (created; an earlier run there is replaced only once this run succeeded)")
      ->required();
  run.add_option("--seed", a.seed, "Override the scenario's seed (same as --set seed=N)");
  run.add_option("--poll-interval", a.poll, "Override the SocketLogger poll interval, e.g. 50ms, 5s (--set poll_interval=)");
  run.add_option("--duration", a.duration, "Override the simulated duration, e.g. 3min (--set duration=)");
  run.add_option("--set", a.sets, "Override any scenario value: key=value, dotted for nested keys (events.loss=0.2)");
  run.add_flag("--no-events", a.no_events, "Label without the ETW-like events (they are still written)");
  run.add_flag("--pcapng-comments", a.pcapng_comments,
               "Also write the captures as pcapng/ whose frames carry their true owner in a comment (ptcpdump's form)");
  run.add_option("--sim-cache", a.sim_cache,
                 "Share the simulation with runs that differ only in poll interval or events use (folder; "
                 "experiments pass it)");
  AddResourceOptions(run, a);
}

std::string SelfExe() {
  std::error_code ec;
  auto path = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("ntlab") : path.string();
}

/// The memory watched during the run: the limit, unless --allow-large lifted the default one (a
/// limit given on the command line is always watched).
ResourceWatch WatchFor(const RunArguments& a) {
  ResourceWatch watch;
  watch.memory_bytes = LargeRunsAllowed(a) && !a.memory_limit_given ? 0 : a.limits.memory_bytes;
  return watch;
}

/// Every run of the experiment is estimated before any starts; the sum is printed, and one run past
/// the limits refuses the whole experiment.
void CheckExperimentEstimate(const RunArguments& a) {
  ExperimentEstimate estimate = EstimateExperiment(LoadExperiment(a.scenario));
  std::fprintf(stderr, "[estimate] %zu runs, %zu simulations together: %s\n", estimate.runs, estimate.simulations,
               FormatEstimate(estimate.total).c_str());
  CheckEstimate(a.scenario + ": its largest run", estimate.largest, a);
  setenv("NTLAB_ALLOW_LARGE", "1", 1);
  ResourceWatch watch = WatchFor(a);
  if (watch.memory_bytes > 0)
    setenv("NTLAB_MAX_MEMORY_GB", std::to_string(watch.memory_bytes / (1024.0 * 1024 * 1024)).c_str(), 1);
}

int RunExperimentFile(const RunArguments& a) {
  if (!a.seed.empty() || !a.poll.empty() || !a.duration.empty() || !a.sets.empty() || a.no_events ||
      a.pcapng_comments || !a.sim_cache.empty())
    throw InputError(a.scenario + ": an experiment sets its values in the file (set:, sweep:), not on the command line");
  CheckExperimentEstimate(a);
  ExperimentRequest request;
  request.experiment_path = a.scenario;
  request.out_dir = a.out;
  request.jobs = a.jobs;
  request.keep_bulky_files = a.keep_files;
  request.ntlab_exe = SelfExe();
  request.code_version = NTLAB_CODE_VERSION;
  // Shared with the reaction, which the watcher thread may still be running as this returns.
  auto stop = std::make_shared<RunnerStop>();
  request.stop = stop.get();
  ScopedInterruptReaction reaction([stop](int signal) { stop->Request(signal); });
  ProgressLine line;
  request.progress = [&](const RunnerProgress& p) {
    double perRun = p.done > 0 ? p.wall_s / double(p.done) : 0;
    char buf[160];
    std::snprintf(buf, sizeof buf, "[experiment] %zu/%zu runs done, %zu running, %zu failed, %s elapsed, ETA %s",
                  p.done, p.total, p.running, p.failed, FormatClock(p.wall_s).c_str(),
                  p.done ? FormatClock(perRun * double(p.total - p.done)).c_str() : "?");
    line.Show(buf);
  };
  ExperimentResult result = RunExperimentPipeline(request);
  line.Done();
  if (result.interrupted_by) {
    std::size_t finished = result.runs.size() - result.Failed();
    std::fprintf(stderr, "ntlab: interrupted by %s: %zu of %zu runs finished and kept in %s/runs; the same command "
                 "resumes the others\n", SignalName(result.interrupted_by).c_str(), finished, result.runs.size(),
                 a.out.c_str());
    return InterruptExitCode(result.interrupted_by);
  }
  std::printf("%s: %zu runs, %zu failed; report: %s/report.md\n", result.config.name.c_str(), result.runs.size(),
              result.Failed(), a.out.c_str());
  for (const auto& r : result.runs)
    if (!r.ok) std::fprintf(stderr, "ntlab: run %s failed: %s (log: %s.log)\n", r.spec.id.c_str(), r.error.c_str(), r.dir.c_str());
  return result.Failed() == 0 ? 0 : 1;
}

std::vector<ScenarioOverride> Overrides(const RunArguments& a) {
  std::vector<ScenarioOverride> overrides;
  if (!a.seed.empty()) overrides.push_back({"seed", a.seed});
  if (!a.poll.empty()) overrides.push_back({"poll_interval", a.poll});
  if (!a.duration.empty()) overrides.push_back({"duration", a.duration});
  for (const auto& s : a.sets) overrides.push_back(ParseOverride(s));
  return overrides;
}

/// Shows the simulation's progress on one self-rewriting line.
SimulateFunction SimulationWithProgress(ProgressLine& line, const ResourceWatch& watch) {
  return Ns3Simulation(watch, [&line](const SimulationProgress& p) {
    double speed = p.wall_s > 0 ? p.simulated_s / p.wall_s : 0;
    double eta = speed > 0 ? (p.total_s - p.simulated_s) / speed : 0;
    char buf[160];
    std::snprintf(buf, sizeof buf, "[simulate] %s / %s  %3.0f%%  %.1fx real time  ETA %s  %llu frames",
                  FormatClock(p.simulated_s).c_str(), FormatClock(p.total_s).c_str(), 100 * p.simulated_s / p.total_s,
                  speed, FormatClock(eta).c_str(), static_cast<unsigned long long>(p.frames));
    line.Show(buf);
  });
}

void PrintSimulated(const ScenarioConfig& config, const SimulationFiles& files) {
  const SimulationSummary& s = files.summary;
  if (files.reused)
    std::fprintf(stderr, "[simulate] reused the simulation in %s\n", files.dir.c_str());
  else
    std::fprintf(stderr, "[simulate] %.0f s simulated in %.1f s: %llu frames in %llu PCAP files, %llu socket-table rows\n",
                 config.duration_s, s.wall_seconds, static_cast<unsigned long long>(s.frames_captured),
                 static_cast<unsigned long long>(s.pcap_files), static_cast<unsigned long long>(s.socket_history_rows));
}

int RunScenarioFile(RunArguments a) {
  ReadInheritedMemoryLimit(a);
  CheckEstimate(a.scenario, EstimateResources(LoadScenario(a.scenario, Overrides(a))), a);
  RunRequest request;
  request.scenario_path = a.scenario;
  request.overrides = Overrides(a);
  request.out_dir = a.out;
  request.use_events = !a.no_events;
  request.pcapng_comments = a.pcapng_comments;
  request.sim_cache = a.sim_cache;
  request.ntlab_version = NTLAB_VERSION;
  request.code_version = NTLAB_CODE_VERSION;
  request.references_path = std::string(NTLAB_SOURCE_DIR) + "/experiments/references/paper-001.yaml";
  ProgressLine line;
  request.simulated = [&line](const ScenarioConfig& config, const SimulationFiles& files) {
    line.Done();
    PrintSimulated(config, files);
  };
  request.note = [](const std::string& note) { std::fprintf(stderr, "[run] %s\n", note.c_str()); };
  ScopedInterruptReaction reaction(nullptr);
  // Interrupted or crashed while staged, the run says where its partial folder is.
  request.staged = [](const std::string& failureNote) {
    if (failureNote.empty())
      SetInterruptReaction(nullptr);
    else
      SetInterruptReaction([failureNote](int signal) { EndInterrupted(signal, failureNote); });
    SetCrashNote(failureNote);
  };
  RunResult result = RunScenarioPipeline(request, SimulationWithProgress(line, WatchFor(a)));
  PrintLabelingSummary(result.config.name, result.metrics);
  std::printf("report: %s/report.md\n", a.out.c_str());
  return 0;
}

}  // namespace

Subcommand AddRunCommand(CLI::App& app) {
  auto* run = app.add_subcommand("run", "Simulate a scenario, label its captures and write a report");
  auto arguments = std::make_shared<RunArguments>();
  AddRunOptions(*run, *arguments);
  return {run, [arguments] {
            return IsExperimentFile(arguments->scenario) ? RunExperimentFile(*arguments) : RunScenarioFile(*arguments);
          }};
}

}  // namespace ntlab
