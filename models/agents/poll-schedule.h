// When an emulated SocketLogger really polls: ticks of the host's own clock, each poll reading the
// table a little after its tick (jitter), and, when a poll's CPU cost overruns the period, the
// next poll running late and the ticks whose time passed skipped, as `ntlab socketlog` does on a
// real host (analyzers/collect/live-socket-logger.cc: late_polls, missed_slots). Plain C++.
#pragma once

#include "analyzers/formats/basic-types.h"
#include "analyzers/formats/records.h"
#include "models/agents/host-clock.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ntlab {

struct PollCostModel {
  double base_ms = 1.0;      // GetExtendedTcpTable/UdpTable calls and the log write (assumption)
  double per_row_ms = 0.01;  // one process-name lookup and one formatted row per socket (assumption)
};

struct PollTiming {
  TimeUs interval_us = 50'000;
  TimeUs jitter_us = 0;       // each poll reads the table up to this much after its tick (< interval)
  bool late_polls = false;    // the CPU cost delays the next poll
  PollCostModel cost;
  std::uint64_t seed = 1;
};

/// How many socket-table rows are visible at a capture time (open <= t < close), asked in
/// increasing time order.
class VisibleRowCounter {
 public:
  void Add(TimeUs open, TimeUs close);
  /// Call once after the last Add.
  void Seal();
  std::uint64_t At(TimeUs t);

 private:
  std::vector<TimeUs> m_opens, m_closes;
  std::size_t m_opened = 0, m_closed = 0;
};

/// The polls one host's logger made.
struct HostPolls {
  TimeUs first_tick_us = 0;          // host time of tick 0
  std::vector<TimeUs> read_us;       // capture time each poll read the table (increasing)
  std::vector<std::uint32_t> tick;   // each poll's tick: it is stamped first_tick + tick x interval (host time)
  std::uint64_t late_polls = 0;
  std::uint64_t missed_slots = 0;
};

/// Polls at ticks first_tick + k x interval of `clock` while their tick time is before capture time
/// `end_us`. `rows` counts the table for the cost model (used only with late polls).
HostPolls PlanHostPolls(const HostClock& clock, TimeUs firstTickUs, TimeUs endUs, const PollTiming& timing,
                        std::size_t hostIndex, VisibleRowCounter& rows);

/// The schedule as polls.csv runs: one per stretch of consecutive ticks (a skipped tick ends one).
std::vector<PollRunRow> PollRuns(const std::string& host, const HostPolls& polls, TimeUs intervalUs);

}  // namespace ntlab
