#include "analyzers/formats/socket-owner-columns.h"

#include "analyzers/formats/process-identity.h"
#include "tests/analyzers/analyzer-fixtures.h"

#include <catch2/catch.hpp>

#include <fstream>

using namespace ntlab;
using namespace ntlab::fixtures;

TEST_CASE("process-owners.csv round trip and errors", "[analysis][formats][owners]") {
  const std::string path = TempPath("process-owners.csv");
  const std::vector<ProcessOwnerRow> rows = {{"pc01", "chrome.exe", {"alice", "", ""}},
                                             {"pc01", "msnmsgr.exe", {"bob", "MSNMSGRBlClass", "MSN Messenger"}}};
  WriteProcessOwnersCsv(path, rows);
  const auto back = ReadProcessOwnersCsv(path);
  REQUIRE(back.size() == 2);
  CHECK(back[1].process == "msnmsgr.exe");
  CHECK(back[1].owner.user == "bob");
  CHECK(back[1].owner.control_text == "MSN Messenger");

  const std::string bad = TempPath("process-owners-bad.csv");
  std::ofstream(bad) << "host,process,user,window_class,control_text\n,chrome.exe,alice,,\n";
  CHECK_THROWS_WITH(ReadProcessOwnersCsv(bad), Catch::Contains("process-owners-bad.csv:2: column 'host': is empty"));
}

TEST_CASE("a socket log with only a user column gives owners but no window identity", "[analysis][formats][owners]") {
  const std::string path = TempPath("user-only-socketlog.csv");
  std::ofstream(path) << "ts,host,proto,local_ip,local_port,remote_ip,remote_port,state,pid,process,user\n"
                         "1.0,pc01,tcp,10.0.0.11,50001,198.51.100.10,443,ESTABLISHED,1000,chrome.exe,alice\n"
                         "1.0,pc01,tcp,10.0.0.11,50002,198.51.100.10,443,ESTABLISHED,1004,chrome.exe,bob\n";
  const auto owners = ProcessIdentities::Read(path);
  CHECK(owners.HasUserColumn());
  CHECK_FALSE(owners.HasIdentityColumns());
  REQUIRE(owners.ByPid("pc01", 1000));
  CHECK(owners.ByPid("pc01", 1000)->user == "alice");
  CHECK(owners.ByPid("pc01", 1004)->user == "bob");  // one image, two users: by PID, not by image

  const std::string legacy = TempPath("no-user-socketlog.csv");
  std::ofstream(legacy) << "ts,host,proto,local_ip,local_port,remote_ip,remote_port,state,pid,process\n"
                           "1.0,pc01,tcp,10.0.0.11,50001,198.51.100.10,443,ESTABLISHED,1000,chrome.exe\n";
  const auto none = ProcessIdentities::Read(legacy);
  CHECK_FALSE(none.HasUserColumn());
  CHECK_FALSE(none.ByPid("pc01", 1000));
}
