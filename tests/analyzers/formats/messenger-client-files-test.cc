#include "analyzers/formats/messenger-client-files.h"

#include "tests/analyzers/analyzer-fixtures.h"

#include <catch2/catch.hpp>

#include <fstream>

using namespace ntlab;
using namespace ntlab::fixtures;

namespace {

const char* kClientsHeader =
    "host,account,messenger,image,window_class,control_text,pid,started,logged_in,login_s,login_via,attempts_failed,"
    "chats_ok,chats_failed,small_files_ok,small_files_failed,large_files_ok,large_files_failed,gave_up_s\n";

std::string WriteText(const std::string& name, const std::string& text) {
  const std::string path = TempPath(name);
  std::ofstream(path) << text;
  return path;
}

std::string ErrorOf(const std::string& path) {
  try {
    ReadMessengerClientsCsv(path);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("messenger client files: both files round-trip", "[analysis][formats][messengers]") {
  MessengerClientRow alice;
  alice.host = "pc-a";
  alice.account = "alice@hotmail.com";
  alice.messenger = "msn";
  alice.image = "msnmsgr.exe";
  alice.window_class = "MSNMSGRBlClass";
  alice.control_text = "MSN Messenger";
  alice.pid = 3120;
  alice.started = alice.logged_in = true;
  alice.login_s = 0.291;
  alice.login_via = "relay:1863";
  alice.chats_ok = 7;
  alice.large_files_ok = 1;
  MessengerClientRow blocked;
  blocked.host = "pc-b";
  blocked.account = "bob@nate.com";
  blocked.messenger = "nateon";
  blocked.image = "NateOn.exe";
  blocked.attempts_failed = 10;
  blocked.gave_up_s = 155;
  const std::string path = TempPath("messenger_clients.csv");
  WriteMessengerClientsCsv(path, {alice, blocked});
  auto rows = ReadMessengerClientsCsv(path);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].login_s == Approx(0.291));
  CHECK(rows[0].login_via == "relay:1863");
  CHECK(rows[0].control_text == "MSN Messenger");
  CHECK(rows[0].gave_up_s < 0);
  CHECK_FALSE(rows[1].logged_in);
  CHECK(rows[1].login_s < 0);
  CHECK(rows[1].gave_up_s == Approx(155));

  const std::string drops = TempPath("messenger_enforcement.csv");
  WriteMessengerEnforcementCsv(drops, {{"gateway", "ip_table", "pc-a", "msnmsgr.exe", true, 15, 30, 1680}});
  auto read = ReadMessengerEnforcementCsv(drops);
  REQUIRE(read.size() == 1);
  CHECK(read[0].messenger);
  CHECK(read[0].bytes == 1680);
}

TEST_CASE("messenger client files: a bad row is one error naming the column", "[analysis][formats][messengers]") {
  CHECK_THAT(ErrorOf(WriteText("mc-bad-kind.csv", std::string(kClientsHeader) +
                                                      "pc-a,a,icq,x.exe,,,1,1,0,,,0,0,0,0,0,0,0,\n")),
             Catch::Contains("messenger") && Catch::Contains("not msn, nateon or buddybuddy"));
  CHECK_THAT(ErrorOf(WriteText("mc-login.csv", std::string(kClientsHeader) +
                                                   "pc-a,a,msn,x.exe,,,1,1,1,,,0,0,0,0,0,0,0,\n")),
             Catch::Contains("login_s is given exactly when logged_in is 1"));
  CHECK_THAT(ErrorOf(WriteText("mc-negative.csv", std::string(kClientsHeader) +
                                                      "pc-a,a,msn,x.exe,,,1,1,0,,,0,0,0,0,0,0,0,-3\n")),
             Catch::Contains("gave_up_s"));
}
