// Paper 001's SocketLogger on a live Linux host: polls the socket tables (SocketTablePoller) every
// `interval` on a monotonic clock and keeps the change-only log (SocketChangeLog). Poll times are
// the scheduled slots, start + k * interval, on the wall clock at start (so they line up with a
// tcpdump capture's timestamps). A poll that starts after its slot's successor was due is late: it
// takes the current slot, the slots it passed are counted as missed, and the schedule starts a new
// run, so that no poll is claimed that did not happen. Each poll's own cost (thread CPU time from
// getrusage, wall time) is measured.
#pragma once

#include "analyzers/collect/socket-table-poller.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdint>
#include <string>

namespace ntlab {

struct LiveSocketLoggerOptions {
  std::string out;                 // socketlog.csv; its -polls.csv and -open.csv go beside it
  std::string host;                // the rows' host name
  TimeUs interval_us = 50'000;
  TimeUs duration_us = 0;          // 0: until `stop`
};

struct LiveSocketLoggerStats {
  std::uint64_t polls = 0;
  std::uint64_t late_polls = 0;    // polls that started after their slot had passed
  std::uint64_t missed_slots = 0;  // slots passed over by late polls (no poll there)
  std::uint64_t rows_written = 0;  // interval rows in the log
  std::uint64_t poll_runs = 0;     // rows of the poll schedule
  SocketPollCounts counts;         // summed over polls
  std::uint64_t max_sockets = 0;   // largest socket table of one poll
  double cpu_us = 0;               // CPU time of all polls (user + system)
  double wall_us = 0;              // wall time of all polls
  double max_cpu_us = 0;           // costliest poll
  double run_s = 0;                // from the first poll to the end

  double CpuUsPerPoll() const { return polls ? cpu_us / double(polls) : 0; }
  double WallUsPerPoll() const { return polls ? wall_us / double(polls) : 0; }
  double SocketsPerPoll() const { return polls ? double(counts.sockets) / double(polls) : 0; }
};

/// Polls until `duration_us` has passed or `stop` is set, then finishes the log (complete files).
/// Throws SockDiagUnavailable when the kernel has no sock_diag.
LiveSocketLoggerStats RunLiveSocketLogger(const LiveSocketLoggerOptions& options, const std::atomic<bool>& stop);

/// The stats as the `--metrics` JSON (docs/collection.md).
nlohmann::json ToJson(const LiveSocketLoggerStats& stats, const LiveSocketLoggerOptions& options);

}  // namespace ntlab
