#include "experiments/runner/experiment-runner.h"

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <list>
#include <map>
#include <set>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace ntlab {
namespace fs = std::filesystem;
namespace {

nlohmann::json ReadJson(const fs::path& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in, nullptr, false);
}

nlohmann::json OverridesJson(const RunSpec& run) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& o : run.overrides) j[o.key] = o.value;
  return j;
}

/// A finished run from an earlier invocation counts only if it was made with the same settings.
bool AlreadyDone(const fs::path& dir, const RunSpec& run, const std::string& codeVersion) {
  if (!fs::exists(dir / "metrics.json") || !fs::exists(dir / "run.json")) return false;
  nlohmann::json meta = ReadJson(dir / "run.json");
  return !meta.is_discarded() && meta.value("overrides", nlohmann::json::object()) == OverridesJson(run) &&
         meta.value("events_used", true) == run.use_events && meta.value("code_version", "") == codeVersion;
}

std::string LastLine(const fs::path& log) {
  std::ifstream in(log);
  std::string line, last;
  while (std::getline(in, line))
    if (!line.empty()) last = line;
  return last;
}

pid_t Spawn(const std::vector<std::string>& args, const fs::path& log) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  return rc == 0 ? pid : -1;
}

/// Waits for a run's process to end. The stop hears of it before the process is reaped, so that it
/// never signals a pid the system may already have given to another process.
pid_t WaitForRun(RunnerStop* stop, int& status) {
  siginfo_t info{};
  if (::waitid(P_ALL, 0, &info, WEXITED | WNOWAIT) != 0) return -1;
  if (stop) stop->Ended(info.si_pid);
  return ::waitpid(info.si_pid, &status, 0);
}

}  // namespace

void RunnerStop::Request(int signal) {
  std::lock_guard<std::mutex> lock(m_mutex);
  m_signal = signal;
  for (pid_t pid : m_running) ::kill(pid, signal);
}

int RunnerStop::Signal() const {
  std::lock_guard<std::mutex> lock(m_mutex);
  return m_signal;
}

void RunnerStop::Started(pid_t pid) {
  std::lock_guard<std::mutex> lock(m_mutex);
  m_running.insert(pid);
  if (m_signal) ::kill(pid, m_signal);  // started while the stop was being asked for
}

void RunnerStop::Ended(pid_t pid) {
  std::lock_guard<std::mutex> lock(m_mutex);
  m_running.erase(pid);
}

std::string SimulationSignature(const RunSpec& run) {
  std::string signature;
  for (const auto& [key, value] : SimulationOverrides(run.overrides)) signature += key + "=" + value + "\n";
  return signature;
}

std::string RunFolderName(const std::string& id) {
  std::string name = id;
  for (char& c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '=' || c == ',' || c == '.' || c == '-' || c == '_')) c = '_';
  return name;
}

std::vector<RunOutcome> RunExperiment(const ExperimentConfig& config, const RunnerOptions& options) {
  auto start = std::chrono::steady_clock::now();
  std::vector<RunSpec> specs = config.Runs();
  std::vector<RunOutcome> outcomes(specs.size());
  fs::create_directories(fs::path(options.out_dir) / "runs");

  RunnerProgress progress;
  progress.total = specs.size();
  auto report = [&]() {
    progress.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (options.progress) options.progress(progress);
  };
  std::list<std::size_t> pending;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    outcomes[i].spec = specs[i];
    outcomes[i].dir = (fs::path(options.out_dir) / "runs" / RunFolderName(specs[i].id)).string();
    if (AlreadyDone(outcomes[i].dir, specs[i], options.code_version)) {
      outcomes[i].reused = outcomes[i].ok = true;
      outcomes[i].metrics = ReadJson(fs::path(outcomes[i].dir) / "metrics.json");
      ++progress.done;
    } else {
      pending.push_back(i);
    }
  }
  report();

  std::map<pid_t, std::size_t> running;
  const fs::path simCache = fs::path(options.out_dir) / "sim-cache";
  // Signatures whose simulation a running process may be making, and those already made.
  std::map<std::string, std::size_t> simulating;
  std::set<std::string> simulated;
  // The next run to start: one that does not wait for a simulation another run is making, if any.
  auto takeNext = [&]() {
    auto pick = pending.begin();
    if (options.share_simulations)
      for (auto it = pending.begin(); it != pending.end(); ++it) {
        std::string sig = SimulationSignature(outcomes[*it].spec);
        if (simulated.count(sig) || !simulating.count(sig)) {
          pick = it;
          break;
        }
      }
    std::size_t i = *pick;
    pending.erase(pick);
    return i;
  };
  auto finish = [&](std::size_t i, bool exitedOk) {
    RunOutcome& o = outcomes[i];
    fs::path dir(o.dir);
    o.ok = exitedOk && fs::exists(dir / "metrics.json");
    if (o.ok) {
      o.metrics = ReadJson(dir / "metrics.json");
      if (!options.keep_bulky_files) {
        std::error_code ec;
        for (const auto& file : options.bulky_files) fs::remove_all(dir / file, ec);
      }
    } else {
      o.error = LastLine(dir.string() + ".log");
      ++progress.failed;
    }
    ++progress.done;
  };
  auto stopped = [&] { return options.stop && options.stop->Signal() != 0; };
  while ((!pending.empty() && !stopped()) || !running.empty()) {
    while (!pending.empty() && !stopped() && running.size() < std::max(1u, options.jobs)) {
      std::size_t i = takeNext();
      const RunSpec& spec = outcomes[i].spec;
      std::vector<std::string> args{options.ntlab_exe, "run", config.scenario, "--out", outcomes[i].dir};
      for (const auto& o : spec.overrides) args.push_back("--set=" + o.key + "=" + o.value);
      if (!spec.use_events) args.push_back("--no-events");
      if (options.share_simulations) {
        args.push_back("--sim-cache=" + simCache.string());
        ++simulating[SimulationSignature(spec)];
      }
      pid_t pid = Spawn(args, outcomes[i].dir + ".log");
      if (pid < 0) {
        outcomes[i].error = "cannot start " + options.ntlab_exe;
        ++progress.failed;
        ++progress.done;
        continue;
      }
      running[pid] = i;
      if (options.stop) options.stop->Started(pid);
    }
    progress.running = running.size();
    report();
    if (running.empty()) break;
    int status = 0;
    pid_t pid = WaitForRun(options.stop, status);
    auto it = running.find(pid);
    if (it == running.end()) continue;
    finish(it->second, WIFEXITED(status) && WEXITSTATUS(status) == 0);
    if (options.share_simulations) {
      std::string sig = SimulationSignature(outcomes[it->second].spec);
      if (--simulating[sig] == 0) simulating.erase(sig);
      simulated.insert(sig);
    }
    running.erase(it);
  }
  for (std::size_t i : pending) outcomes[i].error = "not started: the experiment was interrupted";
  progress.running = 0;
  report();
  // The shared simulations hold the bulky files (captures); they go unless asked to stay, or some
  // run still needs them.
  if (options.share_simulations && !options.keep_bulky_files && progress.failed == 0 && pending.empty()) {
    std::error_code ec;
    fs::remove_all(simCache, ec);
  }
  return outcomes;
}

}  // namespace ntlab
