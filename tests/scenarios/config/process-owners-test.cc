#include "scenarios/config/process-owners.h"

#include "analyzers/formats/basic-types.h"

#include "tests/support/text-files.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include "tests/support/build-paths.h"

using namespace ntlab;

namespace {

std::string WriteScenario(const std::string& name, const std::string& users) {
  std::string path = ntlab::test_support::TempPath("owners-" + name + ".yaml");
  std::ofstream(path) << "name: t\nduration: 10s\nseed: 7\nservers:\n  - {name: web, kind: web, domains: [a.example]}\n"
                         "hosts:\n  - name: pc01\n" << users << "    processes:\n"
                         "      - {name: chrome.exe, behaviour: browser, domains: [a.example], interval: 2s}\n"
                         "      - {name: firefox.exe, behaviour: browser, domains: [a.example], interval: 2s}\n"
                         "      - {name: outlook.exe, behaviour: browser, domains: [a.example], interval: 2s}\n"
                         "      - {name: teams.exe, behaviour: browser, domains: [a.example], interval: 2s}\n"
                         "  - name: pc02\n    processes:\n"
                         "      - {name: chrome.exe, behaviour: browser, domains: [a.example], interval: 2s}\n";
  return path;
}

std::string ErrorOf(const std::string& path) {
  try {
    LoadScenario(path);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("processes run as the host's users, drawn from the seed", "[analysis][scenario][owners]") {
  const ScenarioConfig config = LoadScenario(WriteScenario("two", "    users: [alice, bob]\n"));
  const ProcessOwners owners = ProcessOwners::FromScenario(config);
  REQUIRE(owners.Enabled());
  std::set<std::string> users;
  for (const char* image : {"chrome.exe", "firefox.exe", "outlook.exe", "teams.exe"}) {
    const std::string user = owners.Of("pc01", image).user;
    CHECK((user == "alice" || user == "bob"));
    CHECK(ProcessOwners::FromScenario(config).Of("pc01", image).user == user);  // the same run, the same owner
    users.insert(user);
  }
  INFO("four images over two users at seed 7: both users own some");
  CHECK(users.size() == 2);
  CHECK(owners.Of("pc01", "svchost.exe").user == kSystemUser);
  CHECK(owners.Of("pc02", "chrome.exe").user.empty());  // pc02 lists no users
  // The truth lists the host's services and processes with their owners.
  std::size_t pc01Rows = 0;
  for (const auto& [key, owner] : owners.Listed())
    if (key.first == "pc01") ++pc01Rows;
  CHECK(pc01Rows == 6);
}

TEST_CASE("without users or messengers the owner columns stay off", "[analysis][scenario][owners]") {
  const ProcessOwners owners = ProcessOwners::FromScenario(LoadScenario(WriteScenario("none", "")));
  CHECK_FALSE(owners.Enabled());
  CHECK(owners.Of("pc01", "chrome.exe").user.empty());
}

TEST_CASE("hosts users is validated", "[analysis][scenario][owners]") {
  CHECK(ErrorOf(WriteScenario("empty", "    users: []\n")).find("hosts[0].users: must list 1 .. 64 user names") !=
        std::string::npos);
  CHECK(ErrorOf(WriteScenario("twice", "    users: [alice, alice]\n")).find("hosts[0].users[1]: 'alice' is listed twice") !=
        std::string::npos);
  CHECK(ErrorOf(WriteScenario("comma", "    users: ['a,b']\n")).find("is not a user name") != std::string::npos);
  CHECK(ErrorOf(WriteScenario("system", "    users: [SYSTEM]\n")).find("reserved") != std::string::npos);
}
