#include "models/agents/socket-logger.h"

#include "analyzers/formats/process-identity.h"
#include "analyzers/formats/records.h"
#include "tests/analyzers/analyzer-fixtures.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <random>
#include <sstream>

using namespace ntlab;
using fixtures::Ep;
using fixtures::Ip;
using fixtures::Sec;
using fixtures::TempPath;

namespace {

SocketIntervalRow Row(const char* host, TimeUs open, TimeUs close, std::uint16_t port, std::uint32_t pid,
                      SocketState state = SocketState::Established) {
  SocketIntervalRow r;
  r.first_ts = open;
  r.last_ts = close;
  r.host = host;
  r.proto = Proto::Tcp;
  r.local_ip = Ip("10.0.0.11");
  r.local_port = port;
  r.remote = Ep("198.51.100.10", 443);
  r.state = state;
  r.pid = pid;
  r.process = pid ? "chrome.exe" : "System Idle Process";
  return r;
}

void WriteHistory(const std::string& path, const std::vector<SocketIntervalRow>& rows) {
  SocketIntervalWriter w(path);
  for (const auto& r : rows) w.Write(r);
  w.Commit();
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("SocketLogger emulation logs exactly the polls at which each row existed", "[analysis][socket-logger]") {
  const TimeUs start = Sec(1741597200);
  SocketLoggerConfig config;
  config.interval_us = 100'000;
  config.start_us = start;
  config.end_us = start + Sec(60);
  config.seed = 7;

  // Random rows, checked against a brute-force poller that walks every poll.
  std::mt19937_64 rng(42);
  std::vector<SocketIntervalRow> rows;
  for (int i = 0; i < 400; ++i) {
    TimeUs open = start + TimeUs(rng() % 59'000'000);
    TimeUs life = TimeUs(rng() % 4) == 0 ? TimeUs(rng() % 3'000'000) : TimeUs(rng() % 80'000);  // many sub-poll
    rows.push_back(Row(i % 2 ? "host1" : "host2", open, std::min(open + life, config.end_us), 50000 + i, 4 * (i + 1)));
  }
  const std::string history = TempPath("logger-history.csv");
  WriteHistory(history, rows);
  SocketLoggerStats stats = EmulateSocketLogger(history, {"host1", "host2", "host3"}, config,
                                                TempPath("logger-log.csv"), TempPath("logger-polls.csv"));

  REQUIRE(stats.hosts.size() == 3);
  std::map<std::string, TimeUs> firstPoll;
  for (const auto& h : stats.hosts) {
    CHECK(h.first_poll_us >= start);
    CHECK(h.first_poll_us < start + config.interval_us);
    CHECK(h.polls == std::uint64_t((config.end_us - h.first_poll_us + config.interval_us - 1) / config.interval_us));
    firstPoll[h.host] = h.first_poll_us;
  }
  CHECK(stats.hosts[0].first_poll_us != stats.hosts[1].first_poll_us);  // hosts do not poll in lockstep

  std::uint64_t expectedRowPolls = 0, expectedUnseen = 0;
  std::map<std::uint16_t, std::pair<TimeUs, TimeUs>> expectedSeen;
  for (const auto& r : rows) {
    std::uint64_t seen = 0;
    TimeUs first = 0, last = 0;
    for (TimeUs t = firstPoll[r.host]; t < config.end_us; t += config.interval_us)
      if (r.first_ts <= t && t < r.last_ts) {
        if (!seen) first = t;
        last = t;
        ++seen;
      }
    expectedRowPolls += seen;
    if (seen) expectedSeen[r.local_port] = {first, last};
    else ++expectedUnseen;
  }
  CHECK(stats.RowPolls() == expectedRowPolls);
  CHECK(stats.unseen_rows == expectedUnseen);
  CHECK(stats.history_rows == rows.size());
  CHECK(expectedUnseen > 50);  // the workload really has connections between polls

  SocketIntervalReader log(TempPath("logger-log.csv"));
  SocketIntervalRow r;
  std::size_t logged = 0;
  while (log.Next(r)) {
    ++logged;
    REQUIRE(expectedSeen.count(r.local_port));
    CHECK(r.first_ts == expectedSeen[r.local_port].first);
    CHECK(r.last_ts == expectedSeen[r.local_port].second);
  }
  CHECK(logged == expectedSeen.size());
  CHECK(stats.LogRows() == logged);

  PollRunReader polls(TempPath("logger-polls.csv"));
  PollRunRow run;
  std::size_t runs = 0;
  while (polls.Next(run)) {
    ++runs;
    CHECK(run.first_ts == firstPoll[run.host]);
    CHECK(run.interval_us == config.interval_us);
  }
  CHECK(runs == 3);  // host3 has no sockets, but its logger polled

  // Cost model: base + per row, per poll, over the interval.
  PollCostModel cost{1.0, 0.01};
  CHECK(stats.MeanPollCostMs(cost) == Approx(1.0 + 0.01 * double(expectedRowPolls) / double(stats.Polls())));
  CHECK(stats.CpuMsPerSecond(cost) == Approx(stats.MeanPollCostMs(cost) / 0.1));
  CHECK(stats.SnapshotBytes() > stats.RowPolls() * 60);  // a snapshot row is about 80 bytes of text
}

TEST_CASE("SocketLogger emulation is deterministic and seeded per run", "[analysis][socket-logger]") {
  const TimeUs start = Sec(1741597200);
  const std::string history = TempPath("logger-history2.csv");
  WriteHistory(history, {Row("host1", start + 10, start + Sec(5), 50001, 4),
                         Row("host1", start + Sec(5), start + Sec(9), 50001, 0, SocketState::TimeWait)});
  SocketLoggerConfig config;
  config.start_us = start;
  config.end_us = start + Sec(10);
  auto run = [&](std::uint64_t seed, const char* name) {
    config.seed = seed;
    EmulateSocketLogger(history, {"host1"}, config, TempPath(std::string(name) + ".csv"),
                        TempPath(std::string(name) + "-polls.csv"));
    return Slurp(TempPath(std::string(name) + ".csv")) + Slurp(TempPath(std::string(name) + "-polls.csv"));
  };
  CHECK(run(3, "logger-a") == run(3, "logger-b"));
  CHECK(run(3, "logger-a") != run(4, "logger-c"));
}

TEST_CASE("SocketLogger emulation rejects unknown hosts and nonsense settings", "[analysis][socket-logger]") {
  const TimeUs start = Sec(1741597200);
  const std::string history = TempPath("logger-history3.csv");
  WriteHistory(history, {Row("intruder", start, start + Sec(1), 50001, 4)});
  SocketLoggerConfig config;
  config.start_us = start;
  config.end_us = start + Sec(10);
  CHECK_THROWS_WITH(EmulateSocketLogger(history, {"host1"}, config, TempPath("l.csv"), TempPath("lp.csv")),
                    Catch::Contains("intruder") && Catch::Contains("logger-history3.csv"));
  config.interval_us = 0;
  CHECK_THROWS_AS(EmulateSocketLogger(history, {"host1"}, config, TempPath("l.csv"), TempPath("lp.csv")), InputError);
  config.interval_us = 50'000;
  CHECK_THROWS_AS(EmulateSocketLogger(TempPath("missing-history.csv"), {"host1"}, config, TempPath("l.csv"),
                                      TempPath("lp.csv")),
                  InputError);
}

TEST_CASE("SocketLogger emulation writes the owner columns when asked", "[analysis][socket-logger][owners]") {
  const TimeUs start = Sec(1741597200);
  SocketLoggerConfig config;
  config.interval_us = 100'000;
  config.start_us = start;
  config.end_us = start + Sec(10);
  const std::string history = TempPath("owner-history.csv");
  WriteHistory(history, {Row("host1", start, start + Sec(5), 50001, 4), Row("host1", start, start + Sec(5), 50002, 0)});
  const std::string plain = TempPath("owner-plain.csv");
  EmulateSocketLogger(history, {"host1"}, config, plain, TempPath("owner-plain-polls.csv"));
  CHECK(Slurp(plain).find("user") == std::string::npos);  // no owner function: the columns of old

  config.owner = [](const std::string& host, std::uint32_t, const std::string& image) {
    return SocketOwnerColumns{host + "-" + image, "Chrome_WidgetWin_1", ""};
  };
  const std::string log = TempPath("owner-log.csv");
  EmulateSocketLogger(history, {"host1"}, config, log, TempPath("owner-log-polls.csv"));
  const std::string text = Slurp(log);
  CHECK(text.rfind("first_ts,last_ts,host,proto,local_ip,local_port,remote_ip,remote_port,state,pid,process,user,"
                   "window_class,control_text\n", 0) == 0);
  const ProcessIdentities owners = ProcessIdentities::Read(log);
  CHECK(owners.HasUserColumn());
  auto chrome = owners.ByPid("host1", 4);
  REQUIRE(chrome);
  CHECK(chrome->user == "host1-chrome.exe");
  CHECK(chrome->window_class == "Chrome_WidgetWin_1");
  CHECK_FALSE(owners.ByPid("host1", 0));  // PID 0 rows have no owner
  // The labeling engine's reader takes the log as before.
  SocketIntervalReader reader(log);
  SocketIntervalRow row;
  std::size_t rows = 0;
  while (reader.Next(row)) ++rows;
  CHECK(rows == 2);
}
