// Every scenario value that reaches ns-3 or an allocator is range-checked by the loader: a table of
// bad values, each refused with one line naming the file, the key path and the reason.
#include "scenarios/config/scenario-config.h"
#include "analyzers/formats/text-rules.h"

#include "tests/support/text-files.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include "tests/support/build-paths.h"

using namespace ntlab;

namespace {

const char* kScenario = R"(name: t
duration: 10s
servers:
  - {name: web, kind: web, domains: [a.example]}
  - {name: ssh, kind: ssh-client, target: pc01, port: 22, interval: 30s}
hosts:
  - name: pc01
    processes:
      - {name: chrome.exe, behaviour: browser, domains: [a.example], interval: 2s, connections: [1, 3], lifetime: {median: 2s, sigma: 1}}
      - {name: sshd.exe, behaviour: inbound-server, port: 22}
)";

std::string Write(const std::string& name, const std::string& text) {
  std::string path = ntlab::test_support::TempPath("ranges-" + name + ".yaml");
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

std::string Replaced(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

std::string ErrorOf(const std::string& path, const std::vector<ScenarioOverride>& overrides = {}) {
  try {
    LoadScenario(path, overrides);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

/// One line, file and key named, no raw control byte.
void CheckError(const std::string& error, const std::string& file, const std::string& key) {
  INFO(error);
  CHECK(error.find(file) == 0);
  CHECK(error.find(": " + key + ": ") != std::string::npos);
  CHECK(TextRuleViolation(error).empty());  // one line: no raw control byte, nothing that is not UTF-8
}

}  // namespace

TEST_CASE("the range table's base scenario loads", "[analysis][scenario]") {
  CHECK(ErrorOf(Write("base", kScenario)).empty());
}

TEST_CASE("bad top-level and section values are refused by key", "[analysis][scenario]") {
  std::string path = Write("base", kScenario);
  const std::vector<std::pair<std::string, std::string>> table = {
      {"network.lan.rate", "0bps"},         {"network.lan.rate", "-1Gbps"},
      {"network.lan.rate", "fastest"},      {"network.lan.rate", "99999999Tbps"},
      {"network.lan.rate", "500bps"},       {"network.internet.rate", "200Gbps"},
      {"network.lan.delay", "11s"},         {"network.lan.delay", "-1ms"},
      {"network.lan.subnet", "10.0.0.5/24"}, {"network.lan.subnet", "127.0.0.0/8"},
      {"network.internet.subnet", "10.0.0.0/16"}, {"duration", "0"},
      {"duration", "8d"},                   {"duration", "30d"},
      {"poll_interval", "0"},               {"capture.rotate", "0.5s"},
      {"capture.rotate", "2d"},             {"time_wait", "301s"},
      {"dns.ttl", "8d"},                    {"events.loss", "1.5"},
      {"events.loss", ".nan"},              {"events.short_loss", "-0.1"},
      {"events.buffer", "2.5"},             {"events.flush_interval", "0"},
      {"events.short_lifetime", "2h"},      {"labeling.log_delay", "2h"},
      {"logger.poll_cost_base", "2s"},      {"benign_load", "1e9"},
      {"benign_load", ".inf"},              {"zeus.spread", "21"},
      {"zeus.extra_behaviours", "-1"},      {"zeus.extra_behaviours", "2e6"},
      {"seed", "0"},                        {"seed", "1.5"},
  };
  for (const auto& [key, value] : table) {
    INFO(key << " = " << value);
    CheckError(ErrorOf(path, {{key, value}}), path, key);
  }
}

TEST_CASE("bad process and server values are refused by key path", "[analysis][scenario]") {
  const std::vector<std::tuple<std::string, std::string, std::string>> table = {
      {"interval: 2s", "interval: 0.000000001", "hosts[0].processes[0].interval"},
      {"interval: 2s", "interval: 0", "hosts[0].processes[0].interval"},
      {"interval: 2s", "interval: 2d", "hosts[0].processes[0].interval"},
      {"connections: [1, 3]", "connections: [0, 3]", "hosts[0].processes[0].connections[0]"},
      {"connections: [1, 3]", "connections: [1, 1e12]", "hosts[0].processes[0].connections[1]"},
      {"median: 2s, sigma: 1", "median: 0s, sigma: 1", "hosts[0].processes[0].lifetime.median"},
      {"median: 2s, sigma: 1", "median: 2s, sigma: 99", "hosts[0].processes[0].lifetime.sigma"},
      {"port: 22}", "port: 0}", "hosts[0].processes[1].port"},
      {"port: 22}", "port: 70000}", "hosts[0].processes[1].port"},
      {"interval: 30s", "interval: 1ms", "servers[1].interval"},
      {"domains: [a.example]}", "domains: [a.example], response_bytes: {median: 1e12}}", "servers[0].response_bytes.median"},
  };
  for (const auto& [from, to, key] : table) {
    INFO(to);
    std::string path = Write("process", Replaced(kScenario, from, to));
    CheckError(ErrorOf(path), path, key);
  }
}

TEST_CASE("hostile text: NUL, CR, escape sequences, not UTF-8, complex keys, a folder", "[analysis][scenario]") {
  std::string nul = Write("nul", Replaced(kScenario, "name: chrome.exe", "name: \"chrome\\0.exe\""));
  CheckError(ErrorOf(nul), nul, "hosts[0].processes[0].name");
  CHECK(ErrorOf(nul).find("'chrome\\x00.exe' has a NUL byte (\\x00)") != std::string::npos);

  std::string latin1 = Write("latin1", Replaced(kScenario, "name: chrome.exe", "name: \"caf\xe9.exe\""));
  CheckError(ErrorOf(latin1), latin1, "hosts[0].processes[0].name");
  CHECK(ErrorOf(latin1).find("is not UTF-8 (byte \\xe9)") != std::string::npos);

  std::string cr = Write("cr", Replaced(kScenario, "name: chrome.exe", "name: \"chrome\\r.exe\""));
  CheckError(ErrorOf(cr), cr, "hosts[0].processes[0].name");

  std::string esc = Write("esc", Replaced(kScenario, "name: t\n", "name: \"\\e[31mred\"\n"));
  CheckError(ErrorOf(esc), esc, "name");

  std::string complex = Write("complex-key", std::string(kScenario) + "? [a, b]\n: 1\n");
  std::string error = ErrorOf(complex);
  CHECK(error.find(complex + ": (top level): a key must be a plain name") == 0);

  std::string nested = Write("complex-nested", Replaced(kScenario, "duration: 10s\n", "duration: 10s\nevents: {{a: 1}: 2}\n"));
  CheckError(ErrorOf(nested), nested, "events");

  std::string folder = std::string(NTLAB_BINARY_DIR) + "/test-ranges-folder.yaml";
  std::filesystem::create_directories(folder);
  CHECK(ErrorOf(folder) == folder + ": is a folder, not a scenario file");

  std::string longCr = Write("long-cr", Replaced(kScenario, "name: t\n", "name: \"" + std::string(3000, 'x') + "\\r\"\n"));
  CheckError(ErrorOf(longCr), longCr, "name");
  CHECK(ErrorOf(longCr).size() < longCr.size() + 200);  // the value is quoted only in part

  std::string longName = Write("long", Replaced(kScenario, "name: t\n", "name: " + std::string(5000, 'x') + "\n"));
  CheckError(ErrorOf(longName), longName, "name");
}

TEST_CASE("counts: hosts, processes and workload sessions are bounded", "[analysis][scenario]") {
  std::string many = "name: many\nduration: 10s\nnetwork: {lan: {subnet: 10.0.0.0/8}}\nhosts:\n";
  for (int i = 0; i < 10000; ++i)
    many += "  - {name: pc" + std::to_string(i) + ", processes: [{name: a, behaviour: inbound-server, port: 22}]}\n";
  std::string path = Write("many-hosts", many);
  CheckError(ErrorOf(path), path, "hosts");

  std::string workload = std::string(NTLAB_SOURCE_DIR) + "/tests/data/scenarios/paper-001-small.yaml";
  CheckError(ErrorOf(workload, {{"workload.sessions_per_day", "1e15"}}), workload, "workload.sessions_per_day");
  CheckError(ErrorOf(workload, {{"workload.bytes_cap", "1e12"}}), workload, "workload.bytes_cap");
  CHECK(ErrorOf(workload, {{"workload.sessions_per_day", "2000000"}}).empty());
}
