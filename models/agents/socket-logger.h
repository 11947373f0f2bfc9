// SocketLogger.exe of paper 001, emulated from the exact history of a host's socket table
// (socket-history.csv, written by the simulator): every `interval` it "polls" the table, and a
// row is in a poll when the socket existed at that instant (open <= t < close). Because the logger
// is passive, sampling the recorded history gives exactly what polling inside the event loop
// would, at no per-poll cost, and one simulation serves every interval of a sweep. Plain C++ (no
// ns-3): it applies to any history in the interval form, real ones too.
//
// Output: the change-only socket log (one row per socket row with the first and last poll that
// saw it) plus its poll schedule, and what such a logger costs the host: polls, rows a
// full-snapshot logger would write, their bytes, and CPU time per poll (base + per row, paper 001:
// about 1.7 ms per poll at 50 ms).
#pragma once

#include "analyzers/formats/basic-types.h"
#include "analyzers/formats/pid-history-files.h"
#include "analyzers/formats/socket-owner-columns.h"
#include "models/agents/host-clock.h"
#include "models/agents/poll-schedule.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace ntlab {

/// How far the emulated logger is from a perfect sampler (issue 10; every part off by default,
/// and with all of them off the log is the perfect sampler's, byte for byte).
struct LoggerRealism {
  TimeUs clock_offset_max_us = 0;  // each host's clock offset drawn in [-max, +max] (host-clock.h)
  double clock_drift_max_ppm = 0;  // each host's clock drift drawn in [-max, +max]
  std::vector<HostClock> clocks;   // when not empty: each host's clock as given (tests), in host order
  TimeUs poll_jitter_us = 0;       // each poll reads the table up to this much after its tick (< interval)
  bool late_polls = false;         // a poll whose CPU cost overruns the period delays the next; passed slots are skipped
  const PidNameTimeline* names = nullptr;  // set: PID -> image name looked up at each poll (logger.name_lookup: at_poll)

  bool Any() const {
    return clock_offset_max_us > 0 || clock_drift_max_ppm > 0 || !clocks.empty() || poll_jitter_us > 0 || late_polls ||
           names != nullptr;
  }
};

struct SocketLoggerConfig {
  TimeUs interval_us = 50'000;
  TimeUs start_us = 0;       // each host's first poll falls in [start, start + interval)
  TimeUs end_us = 0;         // no poll at or after end
  std::uint64_t seed = 1;    // draws each host's phase, so hosts do not poll in lockstep
  PollCostModel cost;
  // When set, the log gets the owner columns (user, window_class, control_text) of each row's
  // process, as a logger that asks Windows for the owner and its window would write them; rows
  // without a process (PID 0) get empty ones.
  std::function<SocketOwnerColumns(const std::string& host, std::uint32_t pid, const std::string& image)> owner;
  LoggerRealism realism;
};

/// What one host's logger did and cost.
struct SocketLoggerHostStats {
  std::string host;
  TimeUs first_poll_us = 0;
  std::uint64_t polls = 0;
  std::uint64_t log_rows = 0;        // change-only rows written
  std::uint64_t row_polls = 0;       // rows a full-snapshot logger would have written
  std::uint64_t snapshot_bytes = 0;  // their size as socketlog.csv text (docs/formats.md)
  std::uint64_t late_polls = 0;      // polls that started after their slot's successor was due
  std::uint64_t missed_slots = 0;    // slots passed over by late polls (no poll there)
  HostClock clock;                   // the host's clock against the capture's
};

struct SocketLoggerStats {
  std::vector<SocketLoggerHostStats> hosts;
  std::uint64_t history_rows = 0;
  std::uint64_t unseen_rows = 0;     // history rows no poll saw (opened and gone between polls)
  std::uint64_t renamed_rows = 0;    // log rows whose name a lookup at poll time took from another process
  std::uint64_t nameless_rows = 0;   // log rows whose process was gone at the lookup (empty name)
  double interval_s = 0;

  std::uint64_t Polls() const;
  std::uint64_t LatePolls() const;
  std::uint64_t MissedSlots() const;
  std::uint64_t LogRows() const;
  std::uint64_t RowPolls() const;
  std::uint64_t SnapshotBytes() const;
  double MeanRowsPerPoll() const;
  double MeanPollCostMs(const PollCostModel& cost) const;
  /// Poll CPU time per second of wall time on one host (ms/s); >= 1000 means it cannot keep up.
  double CpuMsPerSecond(const PollCostModel& cost) const;
};

/// Reads the interval-form history `historyPath` and writes the change-only socket log and its
/// poll schedule (`pollsPath`). `hosts` lists every monitored host in a fixed order (it seeds the
/// phases and gives a poll schedule to hosts without sockets); a history row of another host is
/// an InputError. Outputs are written atomically. With `config.realism` the polls are ticks of each
/// host's clock (the log and the schedule in host time, the table read at the capture time the
/// host reads as tick + jitter, or later when the last poll overran).
SocketLoggerStats EmulateSocketLogger(const std::string& historyPath, const std::vector<std::string>& hosts,
                                      const SocketLoggerConfig& config, const std::string& logPath,
                                      const std::string& pollsPath);

}  // namespace ntlab
