#include "analyzers/formats/process-identity.h"

#include "tests/analyzers/analyzer-fixtures.h"

#include <catch2/catch.hpp>

#include <fstream>

using namespace ntlab;
using namespace ntlab::fixtures;

namespace {

std::string WriteLog(const std::string& name, const std::string& text) {
  const std::string path = TempPath(name);
  std::ofstream(path) << text;
  return path;
}

}  // namespace

TEST_CASE("process identity: window class and control text from the optional socket-log columns", "[analysis][formats][blocking]") {
  const auto identities = ProcessIdentities::Read(WriteLog(
      "identity-socketlog.csv",
      "ts,host,proto,local_ip,local_port,remote_ip,remote_port,state,pid,process,window_class,control_text\n"
      "1.0,pc01,tcp,10.60.1.105,50001,64.4.9.254,1863,ESTABLISHED,3500,notepad2.exe,MSNMSGRBlClass,MSN Messenger\n"
      "1.0,pc01,udp,0.0.0.0,137,,,-,4,System,,\n"));
  CHECK(identities.HasIdentityColumns());
  CHECK(identities.HostOf(Ip("10.60.1.105")) == std::optional<std::string>("pc01"));
  CHECK_FALSE(identities.HostOf(Ip("0.0.0.0")));
  auto renamed = identities.ByPid("pc01", 3500);
  REQUIRE(renamed);
  CHECK(renamed->window_class == "MSNMSGRBlClass");
  CHECK(renamed->control_text == "MSN Messenger");
  CHECK(identities.ByImage("pc01", "NOTEPAD2.EXE"));  // Windows image names ignore case
  CHECK_FALSE(identities.ByPid("pc01", 4));           // no window: no identity
}

TEST_CASE("process identity: a socket log without the columns is still read", "[analysis][formats][blocking]") {
  const auto identities = ProcessIdentities::Read(
      WriteLog("plain-socketlog.csv",
               "ts,host,proto,local_ip,local_port,remote_ip,remote_port,state,pid,process\n"
               "1.0,pc01,tcp,10.60.1.105,50001,64.4.9.254,1863,ESTABLISHED,3120,msnmsgr.exe\n"));
  CHECK_FALSE(identities.HasIdentityColumns());
  CHECK(identities.HostOf(Ip("10.60.1.105")) == std::optional<std::string>("pc01"));
  CHECK_FALSE(identities.ByPid("pc01", 3120));
}

TEST_CASE("process identity: a bad row names file, line and column", "[analysis][formats][blocking]") {
  const std::string path =
      WriteLog("bad-identity-socketlog.csv",
               "ts,host,proto,local_ip,local_port,remote_ip,remote_port,state,pid,process,window_class\n"
               "1.0,pc01,tcp,10.60.1.105,50001,64.4.9.254,1863,ESTABLISHED,x12,a.exe,A\n");
  CHECK_THROWS_WITH(ProcessIdentities::Read(path), Catch::Contains("bad-identity-socketlog.csv:2: column 'pid'"));
  CHECK_THROWS_WITH(ProcessIdentities::Read(WriteLog("no-pid.csv", "host,local_ip,process\npc01,1.2.3.4,a\n")),
                    Catch::Contains("no column 'pid'"));
}
