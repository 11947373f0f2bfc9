// `ntlab socketlog`: paper 001's SocketLogger on this Linux host (analyzers/collect). Polls the
// kernel's socket tables until --duration has passed or SIGINT/SIGTERM arrives; either way the log,
// its poll schedule and (with --metrics) its cost are complete when it exits.
#include "analyzers/collect/live-socket-logger.h"
#include "analyzers/formats/atomic-file.h"
#include "experiments/cli/commands.h"
#include "experiments/cli/interrupt-watch.h"
#include "scenarios/config/scenario-config.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <memory>

namespace ntlab {
namespace {

struct SocketlogArguments {
  LiveSocketLoggerOptions options;
  std::string interval = "50ms";
  std::string duration;
  std::string metrics;
};

TimeUs DurationUs(const std::string& option, const std::string& text) {
  double seconds = 0;
  if (!ParseDuration(text, seconds) || !(seconds > 0))
    throw InputError(option + ": '" + text + "' is not a positive duration (e.g. 10ms, 50ms, 10s, 1min)");
  return TimeUs(std::llround(seconds * 1e6));
}

std::string ThisHostName() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0 || !name[0]) return "localhost";
  return name;
}

void PrintCost(const LiveSocketLoggerStats& s, const LiveSocketLoggerOptions& o) {
  std::printf("socketlog %s: %llu polls in %.2f s (%llu late, %llu slots missed), %llu rows written; "
              "%.0f sockets/poll, cost per poll %.0f us CPU, %.0f us wall "
              "(max %.0f us CPU), %.2f%% of one core\n",
              o.out.c_str(), (unsigned long long)s.polls, s.run_s, (unsigned long long)s.late_polls,
              (unsigned long long)s.missed_slots, (unsigned long long)s.rows_written, s.SocketsPerPoll(),
              s.CpuUsPerPoll(), s.WallUsPerPoll(), s.max_cpu_us,
              s.run_s > 0 ? 100.0 * s.cpu_us / (s.run_s * 1e6) : 0.0);
}

int Socketlog(SocketlogArguments& a) {
  a.options.interval_us = DurationUs("--interval", a.interval);
  if (!a.duration.empty()) a.options.duration_us = DurationUs("--duration", a.duration);
  if (a.options.host.empty()) a.options.host = ThisHostName();
  if (!a.metrics.empty()) CheckOutputFile(a.metrics);
  std::atomic<bool> stop{false};
  // Stopping is the normal end of a live logger: the reaction only asks the loop to finish the log.
  ScopedInterruptReaction reaction([&stop](int) { stop = true; });
  LiveSocketLoggerStats stats;
  try {
    stats = RunLiveSocketLogger(a.options, stop);
  } catch (const SockDiagUnavailable& e) {
    throw InputError(std::string("socketlog: the kernel's socket table cannot be read (") + e.what() +
                     "); it needs Linux with NETLINK_SOCK_DIAG (inet_diag)");
  }
  if (!a.metrics.empty()) WriteFileAtomically(a.metrics, ToJson(stats, a.options).dump(2) + "\n");
  PrintCost(stats, a.options);
  return 0;
}

}  // namespace

Subcommand AddSocketlogCommand(CLI::App& app) {
  auto* command = app.add_subcommand(
      "socketlog", "Log this Linux host's TCP/UDP sockets with their processes (sock_diag), change-only, as "
                   "paper 001's SocketLogger does");
  auto a = std::make_shared<SocketlogArguments>();
  command->add_option("--interval", a->interval, "Poll interval (default 50ms)");
  command->add_option("--out", a->options.out, "Socket log (interval form); -polls.csv and, while running, "
                                                "-open.csv beside it")->required();
  command->add_option("--duration", a->duration, "Stop after this long (default: at SIGINT/SIGTERM)");
  command->add_option("--host", a->options.host, "Host name in the rows (default: this machine's hostname)");
  command->add_option("--metrics", a->metrics, "Write the logger's own cost per poll as JSON here");
  return {command, [a] { return Socketlog(*a); }};
}

}  // namespace ntlab
