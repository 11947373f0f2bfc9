#include "analyzers/collect/socket-change-log.h"
#include "tests/support/text-files.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>

using namespace ntlab;

namespace {

using ntlab::test_support::TempPath;

SocketRow Row(std::uint16_t localPort, SocketState state, std::uint32_t pid, const char* process) {
  return SocketRow{0, "pc01", Proto::Tcp, 0x7F000001, localPort, Endpoint{0x7F000001, 8080}, state, pid, process};
}

std::vector<SocketIntervalRow> ReadLog(const std::string& path) {
  std::vector<SocketIntervalRow> rows;
  SocketIntervalReader reader(path);
  SocketIntervalRow row;
  while (reader.Next(row)) rows.push_back(row);
  return rows;
}

std::vector<PollRunRow> ReadSchedule(const std::string& path) {
  std::vector<PollRunRow> runs;
  PollRunReader reader(path);
  PollRunRow run;
  while (reader.Next(run)) runs.push_back(run);
  return runs;
}

bool Exists(const std::string& path) { return std::ifstream(path).good(); }

}  // namespace

TEST_CASE("change-only log: a row is written once, when it changes or goes, with its first and last poll",
          "[analysis][collect]") {
  const std::string path = TempPath("change-log.csv");
  SocketChangeLog log(path, "pc01");
  log.AddPoll(0, 50, {Row(40000, SocketState::SynSent, 7, "curl"), Row(40001, SocketState::Established, 8, "wget")});
  log.AddPoll(50, 50, {Row(40000, SocketState::Established, 7, "curl"), Row(40001, SocketState::Established, 8, "wget"),
                       Row(40001, SocketState::Established, 8, "wget")});  // a duplicate is one row
  log.AddPoll(100, 50, {Row(40000, SocketState::Established, 7, "curl")});
  // While it runs, the closed rows are in the log and the open one in its open-rows file.
  auto closed = ReadLog(path);
  REQUIRE(closed.size() == 2);
  CHECK((closed[0].local_port == 40000 && closed[0].state == SocketState::SynSent && closed[0].first_ts == 0 &&
         closed[0].last_ts == 0));
  CHECK((closed[1].local_port == 40001 && closed[1].first_ts == 0 && closed[1].last_ts == 50 && closed[1].pid == 8));
  auto open = ReadLog(OpenRowsPathFor(path));
  REQUIRE(open.size() == 1);
  CHECK((open[0].first_ts == 50 && open[0].last_ts == 100));
  CHECK(ReadSchedule(PollRunPathFor(path)).at(0).polls == 3);

  log.AddPoll(250, 50, {Row(40000, SocketState::Established, 7, "curl")});  // late: 150 and 200 missed
  log.Finish();
  auto rows = ReadLog(path);
  REQUIRE(rows.size() == 3);
  CHECK((rows[2].local_port == 40000 && rows[2].first_ts == 50 && rows[2].last_ts == 250 && rows[2].process == "curl"));
  CHECK_FALSE(Exists(OpenRowsPathFor(path)));
  auto runs = ReadSchedule(PollRunPathFor(path));
  REQUIRE(runs.size() == 2);  // the missed slots are not claimed as polls
  CHECK((runs[0].first_ts == 0 && runs[0].interval_us == 50 && runs[0].polls == 3));
  CHECK((runs[1].first_ts == 250 && runs[1].interval_us == 0 && runs[1].polls == 1));
  CHECK_THROWS_AS(log.AddPoll(250, 50, {}), InputError);
  std::remove(path.c_str());
  std::remove(PollRunPathFor(path).c_str());
}

TEST_CASE("open-rows file sits beside the log", "[analysis][collect]") {
  CHECK(OpenRowsPathFor("/tmp/x/socketlog.csv") == "/tmp/x/socketlog-open.csv");
}
