#include "models/agents/poll-schedule.h"

#include <catch2/catch.hpp>

using namespace ntlab;

TEST_CASE("a poll costing 26 ms in a 10 ms period runs late and skips the ticks that passed",
          "[analysis][socket-logger][realism]") {
  VisibleRowCounter rows;
  for (int i = 0; i < 25; ++i) rows.Add(1'000'000, 2'000'000);  // 25 rows from 1 s to 2 s
  rows.Seal();
  PollTiming timing;
  timing.interval_us = 10'000;
  timing.late_polls = true;
  timing.cost = PollCostModel{1.0, 1.0};  // 1 ms + 1 ms per row
  const HostClock exact;
  HostPolls polls = PlanHostPolls(exact, 0, 3'000'000, timing, 0, rows);
  // Before 1 s a poll costs 1 ms: one every tick.
  CHECK(polls.tick[99] == 99);
  CHECK(polls.read_us[99] == 990'000);
  // Tick 100 (1 s) reads 25 rows: busy until 1.026 s, inside tick 102's period. Tick 101 is
  // skipped; tick 102's poll reads late, at 1.026 s; it is busy until 1.052 s (tick 105), ...
  CHECK(polls.tick[100] == 100);
  CHECK(polls.tick[101] == 102);
  CHECK(polls.read_us[101] == 1'026'000);
  CHECK(polls.tick[102] == 105);
  CHECK(polls.read_us[102] == 1'052'000);
  // Every tick is either polled or counted missed.
  CHECK(polls.tick.size() + polls.missed_slots == 300);
  CHECK(polls.late_polls > 30);
  CHECK(polls.tick.back() == 299);  // the table is empty again after 2 s: one poll a tick
  // The schedule file: a run per stretch of consecutive ticks.
  auto runs = PollRuns("pc01", polls, timing.interval_us);
  REQUIRE(runs.size() > 2);
  CHECK(runs[0].first_ts == 0);
  CHECK(runs[0].polls == 101);  // ticks 0 .. 100
  CHECK(runs[0].interval_us == 10'000);
  CHECK(runs[1].first_ts == 1'020'000);
  CHECK(runs[1].polls == 1);
  CHECK(runs[1].interval_us == 0);
  std::uint64_t total = 0;
  for (const auto& r : runs) total += r.polls;
  CHECK(total == polls.tick.size());
}

TEST_CASE("without late polls the cost never moves a poll, and jitter stays within the period",
          "[analysis][socket-logger][realism]") {
  VisibleRowCounter rows;
  for (int i = 0; i < 100; ++i) rows.Add(0, 5'000'000);
  rows.Seal();
  PollTiming timing;
  timing.interval_us = 10'000;
  timing.cost = PollCostModel{1.0, 1.0};
  timing.jitter_us = 50'000;  // longer than the period: kept below it
  HostPolls polls = PlanHostPolls(HostClock{}, 5'000, 1'005'000, timing, 3, rows);
  REQUIRE(polls.tick.size() == 100);
  CHECK(polls.late_polls == 0);
  bool someJitter = false;
  for (std::size_t k = 0; k < polls.tick.size(); ++k) {
    const TimeUs tickTime = 5'000 + TimeUs(k) * 10'000;
    CHECK(polls.read_us[k] >= tickTime);
    CHECK(polls.read_us[k] < tickTime + 10'000);
    someJitter = someJitter || polls.read_us[k] != tickTime;
  }
  CHECK(someJitter);
  CHECK(PollRuns("pc01", polls, timing.interval_us).size() == 1);  // stamps stay on the ticks
}
