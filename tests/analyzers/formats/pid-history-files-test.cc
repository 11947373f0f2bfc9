#include "analyzers/formats/pid-history-files.h"

#include "tests/analyzers/analyzer-fixtures.h"

#include <catch2/catch.hpp>

#include <fstream>

using namespace ntlab;
using fixtures::TempPath;

TEST_CASE("pid-history.csv round-trips and names each PID's holder over time", "[analysis][formats]") {
  const std::vector<PidHistoryRow> rows{{"pc01", 2'000'000, 1000, PidEvent::Exit, "chrome.exe"},
                                        {"pc01", 3'000'000, 1000, PidEvent::Reuse, "notepad.exe"},
                                        {"pc02", 2'500'000, 1000, PidEvent::Exit, "Code.exe"}};
  const std::string path = TempPath("pid-history.csv");
  WritePidHistoryCsv(path, rows);
  auto back = ReadPidHistoryCsv(path);
  REQUIRE(back.size() == 3);
  CHECK(back[1].event == PidEvent::Reuse);
  CHECK(back[1].process == "notepad.exe");
  CHECK(back[2].host == "pc02");

  PidNameTimeline names(back);
  CHECK(names.NameAt("pc01", 1000, 1'999'999, "chrome.exe") == "chrome.exe");
  CHECK(names.NameAt("pc01", 1000, 2'000'000, "chrome.exe").empty());  // exited: no such process
  CHECK(names.NameAt("pc01", 1000, 3'000'000, "chrome.exe") == "notepad.exe");
  CHECK(names.NameAt("pc01", 1004, 9'000'000, "svchost.exe") == "svchost.exe");  // never changed hands
  CHECK(names.NameAt("pc02", 1000, 2'400'000, "Code.exe") == "Code.exe");
  CHECK(names.ChangesIn("pc01", 1000, 0, 2'500'000) == std::vector<TimeUs>{2'000'000});
  CHECK(names.ChangesIn("pc01", 1000, 2'000'000, 9'000'000) == std::vector<TimeUs>{3'000'000});
}

TEST_CASE("a bad pid-history.csv row names file, line and column", "[analysis][formats]") {
  const std::string path = TempPath("bad-pid-history.csv");
  std::ofstream(path) << "host,ts,pid,event,process\npc01,1.0,1000,exit,a.exe\npc01,2.0,1000,respawn,b.exe\n";
  CHECK_THROWS_WITH(ReadPidHistoryCsv(path), Catch::Contains("bad-pid-history.csv:3") && Catch::Contains("event") &&
                                                 Catch::Contains("respawn"));
  std::ofstream(path) << "host,ts,pid,event,process\npc01,1.0,1000,reuse,\n";
  CHECK_THROWS_WITH(ReadPidHistoryCsv(path), Catch::Contains("process") && Catch::Contains("empty"));
}
