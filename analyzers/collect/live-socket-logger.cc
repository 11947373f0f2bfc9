#include "analyzers/collect/live-socket-logger.h"

#include "analyzers/collect/socket-change-log.h"

#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <thread>

namespace ntlab {
namespace {

using Clock = std::chrono::steady_clock;

double ThreadCpuUs() {
  rusage usage{};
  getrusage(RUSAGE_THREAD, &usage);
  return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e6 + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

TimeUs WallClockUs() {
  timespec now{};
  clock_gettime(CLOCK_REALTIME, &now);
  return TimeUs(now.tv_sec) * 1'000'000 + now.tv_nsec / 1000;
}

TimeUs MicrosSince(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count();
}

// Sleeps until `due` in short steps, so that a stop request ends the wait within 20 ms.
void WaitUntil(Clock::time_point due, const std::atomic<bool>& stop) {
  while (!stop) {
    auto now = Clock::now();
    if (now >= due) return;
    std::this_thread::sleep_for(std::min<Clock::duration>(due - now, std::chrono::milliseconds(20)));
  }
}

void MeasuredPoll(SocketTablePoller& poller, SocketChangeLog& log, TimeUs ts, TimeUs interval_us,
                  LiveSocketLoggerStats& stats) {
  auto wallStart = Clock::now();
  double cpuStart = ThreadCpuUs();
  std::uint64_t socketsBefore = stats.counts.sockets;
  log.AddPoll(ts, interval_us, poller.Poll(ts, stats.counts));
  double cpu = ThreadCpuUs() - cpuStart;
  stats.cpu_us += cpu;
  stats.max_cpu_us = std::max(stats.max_cpu_us, cpu);
  stats.wall_us += double(MicrosSince(wallStart));
  stats.max_sockets = std::max(stats.max_sockets, stats.counts.sockets - socketsBefore);
  ++stats.polls;
}

}  // namespace

LiveSocketLoggerStats RunLiveSocketLogger(const LiveSocketLoggerOptions& options, const std::atomic<bool>& stop) {
  if (options.interval_us <= 0) throw InputError("socketlog: --interval must be > 0");
  SocketTablePoller poller(options.host);
  SocketChangeLog log(options.out, options.host);
  LiveSocketLoggerStats stats;
  const TimeUs interval = options.interval_us;
  const auto start = Clock::now();
  const TimeUs startWall = WallClockUs();
  // Slots start + k * interval, k < slots (no end without --duration).
  const std::int64_t slots = options.duration_us > 0 ? (options.duration_us + interval - 1) / interval : INT64_MAX;
  for (std::int64_t slot = 0; slot < slots && !stop; ++slot) {
    WaitUntil(start + std::chrono::microseconds(slot * interval), stop);
    if (stop) break;
    std::int64_t current = std::min(slots, MicrosSince(start) / interval);
    if (current > slot) {  // woke (or the last poll ended) after this slot's successor was due
      ++stats.late_polls;
      stats.missed_slots += std::uint64_t(current - slot);
      slot = current;
      if (slot == slots) break;
    }
    MeasuredPoll(poller, log, startWall + slot * interval, interval, stats);
  }
  log.Finish();
  stats.run_s = double(MicrosSince(start)) / 1e6;
  stats.rows_written = log.RowsWritten();
  stats.poll_runs = log.Schedule().size();
  return stats;
}

nlohmann::json ToJson(const LiveSocketLoggerStats& s, const LiveSocketLoggerOptions& options) {
  return {{"host", options.host},
          {"interval_us", options.interval_us},
          {"run_s", s.run_s},
          {"polls", s.polls},
          {"late_polls", s.late_polls},
          {"missed_slots", s.missed_slots},
          {"poll_runs", s.poll_runs},
          {"rows_written", s.rows_written},
          {"sockets_seen", s.counts.sockets},
          {"sockets_per_poll", s.SocketsPerPoll()},
          {"max_sockets_per_poll", s.max_sockets},
          {"unowned_socket_rows", s.counts.unowned},
          {"proc_scans", s.counts.proc_scans},
          {"cpu_us_per_poll", s.CpuUsPerPoll()},
          {"max_cpu_us_per_poll", s.max_cpu_us},
          {"wall_us_per_poll", s.WallUsPerPoll()},
          {"cpu_share", s.run_s > 0 ? s.cpu_us / (s.run_s * 1e6) : 0.0}};
}

}  // namespace ntlab
