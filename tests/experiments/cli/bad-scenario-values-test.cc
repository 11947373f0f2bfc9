// A table of bad scenario values through the real `ntlab run` (and `ntlab validate`): each one
// gives exit code 2 and one error line naming the key, never a crash, and the earlier run in --out
// stays as it was. Then the resource estimate: a run past the limits is refused before anything
// is simulated, and the memory watch stops a run that outgrows its limit.
#include "scenarios/config/value-checks.h"

#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>

namespace fs = std::filesystem;
using namespace ntlab;

namespace {

struct Outcome {
  int exit_code = -1;  // -1: killed by a signal (a crash)
  std::string output;  // stdout and stderr
};

Outcome Ntlab(const std::string& args) {
  std::string command = std::string(NTLAB_BINARY_DIR) + "/ntlab " + args + " 2>&1";
  Outcome out;
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::array<char, 4096> buffer;
  std::size_t n;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) out.output.append(buffer.data(), n);
  int status = ::pclose(pipe);
  out.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

std::string TestDir() {
  std::string dir = std::string(NTLAB_BINARY_DIR) + "/test-runs/bad-values";
  fs::create_directories(dir);
  return dir;
}

std::string Quickstart() { return std::string(NTLAB_SOURCE_DIR) + "/scenarios/quickstart.yaml"; }
std::string Paper001Small() { return std::string(NTLAB_SOURCE_DIR) + "/tests/data/scenarios/paper-001-small.yaml"; }

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// quickstart.yaml with one piece of text replaced, written beside the test runs.
std::string EditedQuickstart(const std::string& name, const std::string& from, const std::string& to) {
  std::string text = ReadFile(Quickstart());
  auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  std::string path = TestDir() + "/" + name + ".yaml";
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

/// A folder standing for an earlier run: the bad run must leave it as it was.
std::string EarlierRun() {
  std::string dir = TestDir() + "/earlier-run";
  fs::remove_all(dir);
  fs::create_directories(dir + "/pcap");
  std::ofstream(dir + "/metrics.json") << "{\"sessions\": 451}\n";
  std::ofstream(dir + "/pcap/10.0.0.11_20250310T090000Z.pcap") << "earlier capture";
  return dir;
}

void CheckEarlierRunIntact(const std::string& dir) {
  CHECK(ReadFile(dir + "/metrics.json") == "{\"sessions\": 451}\n");
  CHECK(ReadFile(dir + "/pcap/10.0.0.11_20250310T090000Z.pcap") == "earlier capture");
  CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 2);
}

/// Exit 2, exactly one line, naming the key, no raw control byte.
void CheckOneLineError(const Outcome& out, const std::string& key) {
  INFO(out.output);
  CHECK(out.exit_code == 2);
  CHECK(std::count(out.output.begin(), out.output.end(), '\n') == 1);
  CHECK(out.output.find("ntlab: error: ") == 0);
  CHECK(out.output.find(key) != std::string::npos);
  CHECK(FindControlByte(out.output.substr(0, out.output.size() - 1)) == std::string::npos);
}

struct BadValue {
  std::string args;  // after `run`/`validate`: the scenario and its overrides
  std::string key;   // the key path the error must name
};

std::vector<BadValue> BadValueTable() {
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

}  // namespace

TEST_CASE("validate: a table of bad values, one line each naming the key", "[analysis][e2e]") {
  for (const auto& bad : BadValueTable()) {
    if (bad.args.find(" -") != std::string::npos) continue;  // validate takes no overrides
    INFO(bad.args);
    CheckOneLineError(Ntlab("validate " + bad.args), bad.key);
  }
}

TEST_CASE("run: a table of bad values, exit 2, one line naming the key, earlier run intact", "[sim][e2e]") {
  for (const auto& bad : BadValueTable()) {
    INFO(bad.args);
    std::string earlier = EarlierRun();
    CheckOneLineError(Ntlab("run " + bad.args + " --out " + earlier), bad.key);
    CheckEarlierRunIntact(earlier);
  }
}

TEST_CASE("validate prints the resource estimate and the limits it passes", "[analysis][e2e]") {
  auto quick = Ntlab("validate " + Quickstart());
  CHECK(quick.exit_code == 0);
  CHECK(quick.output.find("estimate: ~") != std::string::npos);
  CHECK(quick.output.find("over the run limits") == std::string::npos);

  std::string large = EditedQuickstart("a-busy-week", "duration: 3min", "duration: 7d\nbenign_load: 10");
  auto week = Ntlab("validate " + large);
  CHECK(week.exit_code == 0);
  CHECK(week.output.find("over the run limits: capture") != std::string::npos);
  CHECK(week.output.find("over the run limits: wall time") != std::string::npos);

  auto sweep = Ntlab("validate " + std::string(NTLAB_SOURCE_DIR) + "/experiments/quickstart-polling-sweep.yaml");
  INFO(sweep.output);
  CHECK(sweep.exit_code == 0);
  CHECK(sweep.output.find("quickstart-polling-sweep.yaml: valid experiment: ") != std::string::npos);
  CHECK(sweep.output.find("60 runs, 3 simulations together: estimate: ~") != std::string::npos);
  CHECK(sweep.output.find("largest run: estimate: ~") != std::string::npos);
}

TEST_CASE("run: past the limits it refuses before simulating and says how to override", "[sim][e2e]") {
  std::string earlier = EarlierRun();
  auto out = Ntlab("run " + Paper001Small() + " --set duration=7d --set workload.sessions_per_day=50000000 --out " +
                   earlier);
  INFO(out.output);
  CHECK(out.exit_code == 2);
  CHECK(out.output.find("[estimate] estimate: ~") == 0);
  CHECK(out.output.find("passes the run limits") != std::string::npos);
  CHECK(out.output.find("--allow-large") != std::string::npos);
  CheckEarlierRunIntact(earlier);

  auto lowered = Ntlab("run " + Quickstart() + " --max-wall-h 0.0001 --out " + earlier);
  CHECK(lowered.exit_code == 2);
  CHECK(lowered.output.find("wall time") != std::string::npos);
  CheckEarlierRunIntact(earlier);
}

TEST_CASE("run: an experiment with one run past the limits is refused before any run starts", "[sim][e2e]") {
  std::string experiment = TestDir() + "/large-sweep.yaml";
  std::ofstream(experiment) << "name: large-sweep\nscenario: " << Quickstart()
                            << "\nset: {benign_load: 10}\nsweep: {duration: [1min, 7d]}\n";
  std::string out = TestDir() + "/large-sweep-out";
  fs::remove_all(out);
  auto refused = Ntlab("run " + experiment + " --out " + out);
  INFO(refused.output);
  CHECK(refused.exit_code == 2);
  CHECK(refused.output.find("[estimate] 2 runs, 2 simulations together: ") == 0);
  CHECK(refused.output.find("large-sweep.yaml: its largest run: the estimate passes the run limits") !=
        std::string::npos);
  CHECK_FALSE(fs::exists(out));
}

TEST_CASE("run: the memory watch stops a run past its limit with a message", "[sim][e2e]") {
  std::string dir = TestDir() + "/memory-watch";
  fs::remove_all(dir);
  // --allow-large skips the refusal before the run; the explicit memory limit is still watched.
  auto out = Ntlab("run " + Quickstart() + " --allow-large --max-memory-gb 0.001 --out " + dir);
  INFO(out.output);
  CHECK(out.exit_code == 2);
  CHECK(out.output.find("run stopped: memory") != std::string::npos);
  CHECK(out.output.find("--max-memory-gb") != std::string::npos);
  CHECK_FALSE(fs::exists(dir + "/metrics.json"));
}
