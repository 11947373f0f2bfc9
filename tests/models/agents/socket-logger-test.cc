#include "models/agents/socket-logger.h"

#include "analyzers/formats/process-identity.h"
#include "analyzers/formats/records.h"
#include "analyzers/labeling/socket-index.h"
#include "tests/analyzers/analyzer-fixtures.h"
#include "tests/analyzers/labeling/labeling-fixtures.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <random>
#include <set>
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

// ---- Issue 10: the logger stops being a perfect sampler ------------------------------------

namespace {

SocketIntervalRow NamedRow(TimeUs open, TimeUs close, std::uint16_t port, std::uint32_t pid, const char* process) {
  SocketIntervalRow r = Row("host1", open, close, port, pid);
  r.process = process;
  return r;
}

// The first poll of host1 (its phase), which no row changes.
TimeUs FirstPollOf(const SocketLoggerConfig& config, const char* name) {
  const std::string history = TempPath(std::string(name) + "-probe-history.csv");
  WriteHistory(history, {});
  return EmulateSocketLogger(history, {"host1"}, config, TempPath(std::string(name) + "-probe.csv"),
                             TempPath(std::string(name) + "-probe-polls.csv"))
      .hosts.at(0)
      .first_poll_us;
}

}  // namespace

TEST_CASE("with every realism part at zero the realistic logger writes the perfect sampler's bytes",
          "[analysis][socket-logger][realism]") {
  const TimeUs start = Sec(1741597200);
  SocketLoggerConfig config;
  config.interval_us = 50'000;
  config.start_us = start;
  config.end_us = start + Sec(20);
  std::mt19937_64 rng(5);
  std::vector<SocketIntervalRow> rows;
  for (int i = 0; i < 200; ++i) {
    TimeUs open = start + TimeUs(rng() % 19'000'000);
    rows.push_back(Row(i % 3 ? "host1" : "host2", open, open + TimeUs(rng() % 400'000), 50000 + i, 4 * (i + 1)));
  }
  const std::string history = TempPath("exact-history.csv");
  WriteHistory(history, rows);
  EmulateSocketLogger(history, {"host1", "host2"}, config, TempPath("exact-plain.csv"), TempPath("exact-plain-polls.csv"));
  const PidNameTimeline noChanges({});
  config.realism.clocks = {HostClock{0, 0, start}, HostClock{0, 0, start}};  // exact clocks, yet the general path
  config.realism.names = &noChanges;
  REQUIRE(config.realism.Any());
  EmulateSocketLogger(history, {"host1", "host2"}, config, TempPath("exact-real.csv"), TempPath("exact-real-polls.csv"));
  CHECK(Slurp(TempPath("exact-real.csv")) == Slurp(TempPath("exact-plain.csv")));
  CHECK(Slurp(TempPath("exact-real-polls.csv")) == Slurp(TempPath("exact-plain-polls.csv")));
}

TEST_CASE("a PID reused by another process gives the other name from the first poll after the reuse",
          "[analysis][socket-logger][realism]") {
  const TimeUs start = Sec(1741597200);
  SocketLoggerConfig config;
  config.interval_us = 100'000;
  config.start_us = start;
  config.end_us = start + Sec(10);
  const TimeUs first = FirstPollOf(config, "reuse");
  const TimeUs tick = config.interval_us;
  // chrome.exe (PID 1000) opens a socket; it exits between polls 20 and 21 and its connection
  // lingers under PID 1000; notepad.exe gets PID 1000 between polls 30 and 31.
  const std::vector<SocketIntervalRow> rows{NamedRow(first + 10 * tick - 5, first + 50 * tick - 5, 50001, 1000, "chrome.exe"),
                                            NamedRow(first + 10 * tick - 5, first + 50 * tick - 5, 50002, 2000, "Code.exe")};
  const std::string history = TempPath("reuse-history.csv");
  WriteHistory(history, rows);
  const std::vector<PidHistoryRow> changes{{"host1", first + 20 * tick + 30, 1000, PidEvent::Exit, "chrome.exe"},
                                           {"host1", first + 30 * tick + 60, 1000, PidEvent::Reuse, "notepad.exe"}};
  const PidNameTimeline names(changes);
  config.realism.names = &names;
  SocketLoggerStats stats = EmulateSocketLogger(history, {"host1"}, config, TempPath("reuse-log.csv"),
                                                TempPath("reuse-log-polls.csv"));
  auto log = ReadAll<SocketIntervalReader>(TempPath("reuse-log.csv"));
  REQUIRE(log.size() == 4);  // chrome.exe's row in three pieces, Code.exe's whole
  CHECK(log[0].process == "chrome.exe");
  CHECK(log[0].first_ts == first + 10 * tick);
  CHECK(log[0].last_ts == first + 20 * tick);
  CHECK(log[1].process.empty());  // gone: the lookup finds no process
  CHECK(log[1].first_ts == first + 21 * tick);
  CHECK(log[1].last_ts == first + 30 * tick);
  CHECK(log[2].process == "notepad.exe");  // the wrong name, from poll 31 on
  CHECK(log[2].first_ts == first + 31 * tick);
  CHECK(log[2].last_ts == first + 49 * tick);
  CHECK(log[2].pid == 1000);
  CHECK(log[3].process == "Code.exe");
  CHECK(stats.renamed_rows == 1);
  CHECK(stats.nameless_rows == 1);
  CHECK(stats.LogRows() == 4);
  // The same history named at socket creation: one row, chrome.exe throughout.
  config.realism.names = nullptr;
  EmulateSocketLogger(history, {"host1"}, config, TempPath("reuse-plain.csv"), TempPath("reuse-plain-polls.csv"));
  auto plain = ReadAll<SocketIntervalReader>(TempPath("reuse-plain.csv"));
  REQUIRE(plain.size() == 2);
  CHECK(plain[0].process == "chrome.exe");
}

TEST_CASE("late polls skip the ticks whose time passed: absent from the log, marked in the schedule",
          "[analysis][socket-logger][realism]") {
  const TimeUs start = Sec(1741597200);
  SocketLoggerConfig config;
  config.interval_us = 10'000;
  config.start_us = start;
  config.end_us = start + Sec(4);
  config.cost = PollCostModel{1.0, 1.0};  // 25 rows: a 26 ms poll every 10 ms period
  std::vector<SocketIntervalRow> rows;
  for (int i = 0; i < 25; ++i) rows.push_back(Row("host1", start + Sec(1), start + Sec(3), 51000 + i, 100 + 4 * i));
  // Short-lived probes, 4 ms each, spread over the busy second.
  for (int i = 0; i < 40; ++i) {
    const TimeUs open = start + Sec(1) + 100'000 + i * 21'700;
    rows.push_back(Row("host1", open, open + 4'000, 52000 + i, 900 + 4 * i));
  }
  const std::string history = TempPath("late-history.csv");
  WriteHistory(history, rows);
  const SocketLoggerStats perfect =
      EmulateSocketLogger(history, {"host1"}, config, TempPath("late-plain.csv"), TempPath("late-plain-polls.csv"));
  config.realism.late_polls = true;
  const SocketLoggerStats late =
      EmulateSocketLogger(history, {"host1"}, config, TempPath("late-log.csv"), TempPath("late-log-polls.csv"));

  CHECK(perfect.LatePolls() == 0);
  CHECK(late.LatePolls() > 0);
  CHECK(late.Polls() + late.MissedSlots() == perfect.Polls());  // every tick polled or counted as missed
  // The schedule: one run per stretch of consecutive ticks, so the skipped ones are gaps.
  auto runs = ReadAll<PollRunReader>(TempPath("late-log-polls.csv"));
  CHECK(runs.size() > 1);
  std::set<TimeUs> polled;
  std::uint64_t scheduled = 0;
  for (const auto& run : runs) {
    scheduled += run.polls;
    for (std::uint64_t k = 0; k < run.polls; ++k) polled.insert(run.first_ts + TimeUs(k) * run.interval_us);
  }
  CHECK(scheduled == late.Polls());
  auto log = ReadAll<SocketIntervalReader>(TempPath("late-log.csv"));
  for (const auto& r : log) {
    CHECK(polled.count(r.first_ts) == 1);
    CHECK(polled.count(r.last_ts) == 1);
  }
  // Probes the perfect sampler saw but the late logger, polling every 26 ms or so, did not.
  auto plain = ReadAll<SocketIntervalReader>(TempPath("late-plain.csv"));
  CHECK(log.size() < plain.size());
  CHECK(late.unseen_rows > perfect.unseen_rows);
  // Before and after the busy second the logger keeps its period.
  CHECK(polled.count(perfect.hosts[0].first_poll_us) == 1);
  CHECK(polled.count(perfect.hosts[0].first_poll_us + (TimeUs(perfect.Polls()) - 1) * config.interval_us) == 1);
}

TEST_CASE("a host clock 100 ms off shifts every stamp, and stage A then misses or mislabels",
          "[analysis][socket-logger][realism][labeling]") {
  const TimeUs start = Sec(1741597200);
  SocketLoggerConfig config;
  config.interval_us = 50'000;
  config.start_us = start;
  config.end_us = start + Sec(5);
  const TimeUs first = FirstPollOf(config, "offset");
  const TimeUs poll = first + 40 * config.interval_us;  // a tick well inside the run
  // chrome.exe's connection lives 10 ms before to 60 ms after that poll; Code.exe reuses the local
  // port 70 ms after it. The capture sees chrome.exe's SYN 1 ms after the poll.
  std::vector<SocketIntervalRow> rows{NamedRow(poll - 10'000, poll + 60'000, 50123, 4242, "chrome.exe"),
                                      NamedRow(poll + 70'000, poll + 1'000'000, 50123, 7000, "Code.exe")};
  SocketIntervalRow netbios = NamedRow(start, config.end_us, 137, 4, "System");
  netbios.proto = Proto::Udp;
  netbios.remote.reset();
  netbios.state = SocketState::None;
  rows.push_back(netbios);  // every poll holds a row
  WriteHistory(TempPath("offset-history.csv"), rows);

  auto stageA = [&](TimeUs offset) {
    const std::string name = "offset" + std::to_string(offset);
    config.realism.clocks = {HostClock{offset, 0, start}};
    EmulateSocketLogger(TempPath("offset-history.csv"), {"host1"}, config, TempPath(name + ".csv"),
                        TempPath(name + "-polls.csv"));
    auto index = SocketIndex::Load(TempPath(name + ".csv"));
    fixtures::LabelHarness h(index);
    const Endpoint local = Ep("10.0.0.11", 50123), remote = Ep("198.51.100.10", 443);
    h.Feed(fixtures::Packet(poll + 1'000, Proto::Tcp, local, remote, TcpFlag::kSyn));
    h.Feed(fixtures::Packet(poll + 1'500, Proto::Tcp, remote, local, TcpFlag::kSyn | TcpFlag::kAck));
    h.Feed(fixtures::Packet(poll + 2'000, Proto::Tcp, local, remote, TcpFlag::kAck));
    h.Finish();
    REQUIRE(h.finished.size() == 1);
    return h.finished[0].decision ? h.finished[0].decision->process : std::string("Unknown");
  };
  CHECK(stageA(0) == "chrome.exe");
  // +100 ms: the poll stamped nearest the SYN read the table 100 ms earlier, before the socket.
  CHECK(stageA(100'000) == "Unknown");
  // -100 ms: it read the table 100 ms later, after the port changed hands: a wrong label.
  CHECK(stageA(-100'000) == "Code.exe");
  // The stamps move by the offset, the polls (capture time) do not.
  auto shifted = ReadAll<SocketIntervalReader>(TempPath("offset100000.csv"));
  auto exact = ReadAll<SocketIntervalReader>(TempPath("offset0.csv"));
  REQUIRE(shifted.size() == exact.size());
  for (std::size_t i = 0; i < exact.size(); ++i) CHECK(shifted[i].first_ts == exact[i].first_ts + 100'000);
}
