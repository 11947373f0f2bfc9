#include "analyzers/collect/live-socket-logger.h"
#include "tests/support/text-files.h"

#include "analyzers/collect/socket-change-log.h"
#include "tests/support/command-outcome.h"
#include "tests/support/loopback-sockets.h"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <csignal>
#include <cstdio>
#include <fstream>
#include "tests/support/build-paths.h"

using namespace ntlab;
using namespace ntlab::test_support;

namespace {

using ntlab::test_support::TempPath;

bool SockDiagAvailable() {
  try {
    SocketTablePoller poller("probe");
    SocketPollCounts counts;
    poller.Poll(0, counts);
    return true;
  } catch (const SockDiagUnavailable& e) {
    WARN("skipped: netlink sock_diag is not available here (" << e.what() << ")");
    return false;
  }
}

}  // namespace

TEST_CASE("live logger: 20 ms polls for 200 ms log this process's listener, complete, with a cost",
          "[analysis][collect]") {
  if (!SockDiagAvailable()) return;
  Fd listener = BoundLoopback(SOCK_STREAM);
  const std::uint16_t port = LocalPort(listener.get());
  LiveSocketLoggerOptions options{TempPath("live-socketlog.csv"), "pc01", 20'000, 200'000};
  std::atomic<bool> stop{false};
  LiveSocketLoggerStats stats = RunLiveSocketLogger(options, stop);

  CHECK(stats.polls + stats.missed_slots == 10);  // every slot polled or counted as missed
  CHECK(stats.polls >= 1);
  CHECK(stats.wall_us > 0);
  CHECK(stats.SocketsPerPoll() >= 1);
  SocketIntervalReader reader(options.out);  // the log, read back by the project's own reader
  SocketIntervalRow row;
  std::uint64_t rows = 0;
  bool listenerSeen = false;
  TimeUs listenerFirst = 0, listenerLast = 0;
  while (reader.Next(row)) {
    ++rows;
    if (row.local_port == port && row.state == SocketState::Listen && row.pid == std::uint32_t(getpid()) &&
        row.process == OwnProcessName() && row.host == "pc01")
      listenerSeen = true, listenerFirst = row.first_ts, listenerLast = row.last_ts;
  }
  CHECK(rows == stats.rows_written);
  REQUIRE(listenerSeen);
  PollRunReader schedule(PollRunPathFor(options.out));
  PollRunRow run;
  std::vector<PollRunRow> runs;
  while (schedule.Next(run)) runs.push_back(run);
  REQUIRE(!runs.empty());
  CHECK(listenerFirst == runs.front().first_ts);  // one row, from the first poll to the last
  CHECK(listenerLast == runs.back().first_ts + TimeUs(runs.back().polls - 1) * runs.back().interval_us);
  nlohmann::json metrics = ToJson(stats, options);
  CHECK(metrics["cpu_us_per_poll"].get<double>() >= 0);
  CHECK(metrics["polls"] == stats.polls);
  std::remove(options.out.c_str());
  std::remove(PollRunPathFor(options.out).c_str());
}

TEST_CASE("ntlab socketlog ends cleanly on SIGTERM with its log, schedule and metrics complete",
          "[analysis][collect][e2e]") {
  if (!SockDiagAvailable()) return;
  Fd listener = BoundLoopback(SOCK_STREAM);  // a socket the log must show, whatever else the machine has
  const std::string log = TempPath("e2e-socketlog.csv"), metrics = TempPath("e2e-socketlog.json");
  auto outcome = RunShell("(" + std::string(NTLAB_BINARY_DIR) + "/ntlab socketlog --interval 10ms --out " + log +
                          " --metrics " + metrics + " & pid=$!; sleep 0.3; kill -TERM $pid; wait $pid) 2>&1");
  INFO(outcome.output);
  CHECK(outcome.exit_code == 0);
  CHECK(outcome.output.find("cost per poll") != std::string::npos);
  nlohmann::json m = nlohmann::json::parse(std::ifstream(metrics));
  CHECK(m["polls"].get<int>() >= 1);
  CHECK(m.contains("cpu_us_per_poll"));
  CHECK_FALSE(std::ifstream(OpenRowsPathFor(log)).good());
  SocketIntervalReader reader(log);
  SocketIntervalRow row;
  bool listenerSeen = false;
  while (reader.Next(row))
    listenerSeen = listenerSeen || (row.local_port == LocalPort(listener.get()) && row.pid == std::uint32_t(getpid()));
  CHECK(listenerSeen);
  for (const auto& path : {log, metrics, PollRunPathFor(log)}) std::remove(path.c_str());
}
