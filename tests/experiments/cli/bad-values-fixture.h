// Shared by the bad-value tests of `ntlab validate` (both builds) and `ntlab run` (full build):
// the real ntlab as a subprocess, the table of bad scenario values, and the checks that an error is
// one line naming the key and that an earlier run folder is left as it was.
#pragma once

#include "tests/support/command-outcome.h"
#include "analyzers/formats/text-rules.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>
#include <sys/wait.h>
#include <vector>
#include "tests/support/build-paths.h"

namespace ntlab::bad_values {

namespace fs = std::filesystem;

using ntlab::test_support::Ntlab;
using ntlab::test_support::Outcome;

/// One folder per test process: ctest runs the test cases in parallel, and several of them write
/// the same scenario files.
inline std::string TestDir() {
  std::string dir = std::string(NTLAB_BINARY_DIR) + "/test-runs/bad-values-" + std::to_string(::getpid());
  fs::create_directories(dir);
  return dir;
}

inline std::string Quickstart() { return std::string(NTLAB_SOURCE_DIR) + "/scenarios/quickstart.yaml"; }
inline std::string Paper001Small() { return std::string(NTLAB_SOURCE_DIR) + "/tests/data/scenarios/paper-001-small.yaml"; }

inline std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// quickstart.yaml with one piece of text replaced, written beside the test runs.
inline std::string EditedQuickstart(const std::string& name, const std::string& from, const std::string& to) {
  std::string text = ReadFile(Quickstart());
  auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  std::string path = TestDir() + "/" + name + ".yaml";
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

/// A folder standing for an earlier run: the bad run must leave it as it was. One per test case
/// (`name`), since ctest runs test cases in parallel.
inline std::string EarlierRun(const std::string& name) {
  std::string dir = TestDir() + "/earlier-run-" + name;
  fs::remove_all(dir);
  fs::create_directories(dir + "/pcap");
  std::ofstream(dir + "/metrics.json") << "{\"sessions\": 451}\n";
  std::ofstream(dir + "/pcap/10.0.0.11_20250310T090000Z.pcap") << "earlier capture";
  return dir;
}

inline void CheckEarlierRunIntact(const std::string& dir) {
  CHECK(ReadFile(dir + "/metrics.json") == "{\"sessions\": 451}\n");
  CHECK(ReadFile(dir + "/pcap/10.0.0.11_20250310T090000Z.pcap") == "earlier capture");
  CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 2);
}

/// Exit 2, exactly one line, naming the key, no raw control byte.
inline void CheckOneLineError(const Outcome& out, const std::string& key) {
  INFO(out.output);
  CHECK(out.exit_code == 2);
  CHECK(std::count(out.output.begin(), out.output.end(), '\n') == 1);
  CHECK(out.output.find("ntlab: error: ") == 0);
  CHECK(out.output.find(key) != std::string::npos);
  CHECK(TextRuleViolation(out.output.substr(0, out.output.size() - 1)).empty());  // one line, no raw control byte
}

struct BadValue {
  std::string args;  // after `run`/`validate`: the scenario and its overrides
  std::string key;   // the key path the error must name
};

inline std::vector<BadValue> BadValueTable() {
  std::string q = Quickstart();
  std::string dir = TestDir();
  fs::create_directories(dir + "/a-folder.yaml");
  std::string manyHosts = "name: many\nduration: 10s\nnetwork: {lan: {subnet: 10.0.0.0/8}}\nhosts:\n";
  for (int i = 0; i < 10000; ++i)
    manyHosts += "  - {name: pc" + std::to_string(i) + ", processes: [{name: a, behaviour: inbound-server, port: 22}]}\n";
  std::ofstream(dir + "/many-hosts.yaml") << manyHosts;
  return {
      {q + " --set network.lan.rate=0bps", "network.lan.rate"},
      {q + " --set network.lan.rate=-1Gbps", "network.lan.rate"},
      {q + " --set network.lan.rate=fastest", "network.lan.rate"},
      {q + " --set network.lan.rate=99999999Tbps", "network.lan.rate"},
      {q + " --set network.internet.rate=0.5bps", "network.internet.rate"},
      {q + " --set network.internet.delay=1h", "network.internet.delay"},
      {q + " --set network.lan.subnet=10.0.0.7/24", "network.lan.subnet"},
      {q + " --set duration=0", "duration"},
      {q + " --duration 30d", "duration"},
      {q + " --poll-interval 0", "poll_interval"},
      {q + " --set capture.rotate=1ms", "capture.rotate"},
      {q + " --set events.loss=2", "events.loss"},
      {q + " --set events.flush_interval=0", "events.flush_interval"},
      {q + " --seed 0", "seed"},
      {q + " --set benign_load=.inf", "benign_load"},
      {EditedQuickstart("tiny-interval", "interval: 12s", "interval: 0.000000001"), "hosts[0].processes[0].interval"},
      {EditedQuickstart("nul-name", "name: chrome.exe", "name: \"chrome\\0.exe\""), "hosts[0].processes[0].name"},
      {EditedQuickstart("cr-name", "name: chrome.exe", "name: \"chrome\\r.exe\""), "hosts[0].processes[0].name"},
      {EditedQuickstart("complex-key", "duration: 3min", "duration: 3min\n? [a, b]\n: 1"), "(top level)"},
      {Paper001Small() + " --set workload.sessions_per_day=1e15", "workload.sessions_per_day"},
      {dir + "/many-hosts.yaml", "hosts"},
      {dir + "/a-folder.yaml", "a-folder.yaml: is a folder"},
  };
}


}  // namespace ntlab::bad_values
