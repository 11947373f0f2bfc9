// The run pipeline's analysis steps on a hand-made simulation folder (no ns-3): the stand-in
// simulation writes what RunScenario would (captures, socket-table history, truth), then the
// pipeline emulates the logger, labels, collects metrics and writes the report and run.json.
#include "experiments/pipeline/run-pipeline.h"

#include "analyzers/formats/records.h"
#include "experiments/pipeline/label-step.h"
#include "experiments/pipeline/logger-step.h"
#include "experiments/pipeline/metrics-step.h"
#include "experiments/pipeline/report-step.h"
#include "tests/analyzers/analyzer-fixtures.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <unistd.h>
#include <fstream>
#include <sstream>
#include "tests/support/build-paths.h"

using namespace ntlab;
using namespace ntlab::fixtures;
using namespace ntlab::TcpFlag;
namespace fs = std::filesystem;

namespace {

const TimeUs kT0 = Sec(1741597200);  // 2025-03-10T09:00:00Z, the scenario's start
const Endpoint kChrome = Ep("10.0.0.11", 50001);
const Endpoint kUpdate = Ep("10.0.0.11", 50002);
const Endpoint kWeb = Ep("93.184.216.34", 443);
const Endpoint kHttp = Ep("93.184.216.34", 80);

std::string Folder(const std::string& name) {
  std::string dir = std::string(NTLAB_BINARY_DIR) + "/test-pipeline/" + name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// One host, 20 s, polled every second: a browser session of 4 s the logger must see, and an
/// update check of 150 ms that a poll catches only if one falls within it.
std::string WriteScenario(const std::string& dir) {
  std::string path = dir + "/handmade.yaml";
  std::ofstream(path) << "name: handmade\nseed: 5\nstart: 2025-03-10T09:00:00Z\nduration: 20s\npoll_interval: 1s\n"
                         "events: {enabled: false}\n"
                         "servers:\n  - {name: web, kind: web, domains: [www.example.com]}\n"
                         "hosts:\n  - name: pc01\n    processes:\n"
                         "      - {name: chrome.exe, behaviour: browser, domains: [www.example.com], interval: 4s}\n";
  return path;
}

SocketIntervalRow HistoryRow(double open, double close, Endpoint local, Endpoint remote, SocketState state,
                             std::uint32_t pid, const char* process) {
  return {kT0 + Sec(open), kT0 + Sec(close), "pc01", Proto::Tcp, local.ip, local.port, remote, state, pid, process};
}

/// What RunScenario writes, by hand.
SimulationSummary HandMadeSimulation(const ScenarioConfig& config, const std::string& dir) {
  REQUIRE(config.name == "handmade");
  {
    PcapBuilder b(dir + "/pcap/10.0.0.11_20250310T090000Z.pcap");
    b.Tcp(kT0 + Sec(1.2), kChrome, kWeb, kSyn, 1000);
    b.Tcp(kT0 + Sec(1.21), kWeb, kChrome, kSyn | kAck, 9000);
    b.Tcp(kT0 + Sec(1.22), kChrome, kWeb, kAck, 1001);
    b.Tcp(kT0 + Sec(1.23), kChrome, kWeb, kAck | kPsh, 1001, ClientHelloRecord("www.example.com"));
    b.Tcp(kT0 + Sec(5.4), kChrome, kWeb, kFin | kAck, 1300);
    b.Tcp(kT0 + Sec(5.5), kWeb, kChrome, kFin | kAck, 9001);
    b.Tcp(kT0 + Sec(8.30), kUpdate, kHttp, kSyn, 1);
    b.Tcp(kT0 + Sec(8.31), kHttp, kUpdate, kSyn | kAck, 500);
    b.Tcp(kT0 + Sec(8.45), kUpdate, kHttp, kRst | kAck, 2);
  }
  {
    SocketIntervalWriter history(dir + "/socket-history.csv");
    history.Write(HistoryRow(1.2, 5.5, kChrome, kWeb, SocketState::Established, 1204, "chrome.exe"));
    history.Write(HistoryRow(5.5, 20, kChrome, kWeb, SocketState::TimeWait, 0, "System Idle Process"));
    history.Write(HistoryRow(8.30, 8.45, kUpdate, kHttp, SocketState::Established, 1020, "svchost.exe"));
    history.Commit();
  }
  {
    TruthWriter truth(dir + "/truth.csv");
    truth.Write({"pc01", Proto::Tcp, kChrome.ip, kChrome.port, kWeb, 1204, "chrome.exe", kT0 + Sec(1.2), kT0 + Sec(5.5)});
    truth.Write({"pc01", Proto::Tcp, kUpdate.ip, kUpdate.port, kHttp, 1020, "svchost.exe", kT0 + Sec(8.3), kT0 + Sec(8.45)});
    truth.Commit();
  }
  SimulationSummary summary;
  summary.frames_captured = 9;
  summary.pcap_files = 1;
  summary.socket_history_rows = 3;
  summary.truth_rows = 2;
  summary.wall_seconds = 0.25;
  return summary;
}

/// Whether the logger's poll schedule (socketlog-polls.csv) has a poll in [from, to) seconds.
bool PolledWithin(const std::string& pollsPath, double from, double to) {
  auto runs = ReadAll<PollRunReader>(pollsPath);
  REQUIRE(runs.size() == 1);
  for (std::uint64_t k = 0; k < runs[0].polls; ++k) {
    TimeUs t = runs[0].first_ts + TimeUs(k) * runs[0].interval_us;
    if (t >= kT0 + Sec(from) && t < kT0 + Sec(to)) return true;
  }
  return false;
}

std::vector<LabelRow> Labels(const std::string& path) {
  std::vector<LabelRow> rows;
  LabelReader reader(path);
  LabelRow row;
  while (reader.Next(row)) rows.push_back(row);
  return rows;
}

}  // namespace

TEST_CASE("run pipeline: every step after the simulation, on a hand-made simulation", "[analysis][experiment]") {
  const std::string dir = Folder("run-pipeline");
  RunRequest request;
  request.scenario_path = WriteScenario(dir);
  request.out_dir = dir + "/run";
  request.ntlab_version = "9.9.9";
  request.code_version = "test";
  int simulatedCalls = 0;
  request.simulated = [&](const ScenarioConfig& config, const SimulationFiles& files) {
    ++simulatedCalls;
    CHECK(config.poll_interval_s == 1.0);
    CHECK_FALSE(files.reused);
  };
  RunResult result = RunScenarioPipeline(request, HandMadeSimulation);
  CHECK(simulatedCalls == 1);
  CHECK(result.simulation.dir == request.out_dir);

  // Logger: the browser socket is seen; the update check only if a poll falls within it.
  const bool updateSeen = PolledWithin(request.out_dir + "/socketlog-polls.csv", 8.30, 8.45);
  auto log = ReadAll<SocketIntervalReader>(request.out_dir + "/socketlog.csv");
  CHECK(log.size() == (updateSeen ? 3u : 2u));  // the browser's ESTABLISHED and TIME_WAIT rows
  CHECK(result.metrics["logger"]["polls"] == 20);
  CHECK(result.metrics["logger"]["sockets_never_polled"] == (updateSeen ? 0 : 1));
  CHECK(result.metrics["logger"]["socket_rows_in_history"] == 3);

  // Labels: the browser session by stage A, correct against the truth.
  auto labels = Labels(request.out_dir + "/labels.csv");
  REQUIRE(labels.size() == 2);
  CHECK(labels[0].process == "chrome.exe");
  CHECK(labels[0].stage == "A");
  CHECK(labels[0].truth_process == "chrome.exe");
  CHECK(labels[1].truth_process == "svchost.exe");

  // metrics.json is what the pipeline returned, with every section of a run.
  const nlohmann::json m = nlohmann::json::parse(ReadFile(request.out_dir + "/metrics.json"));
  CHECK(m == result.metrics);
  CHECK(m["sessions_monitored"] == 2);
  CHECK(m["matched"].get<int>() + m["unknown"].get<int>() == 2);
  CHECK(m["scenario"]["name"] == "handmade");
  CHECK(m["scenario"]["hosts"] == 1);
  CHECK(m["simulation"]["frames_captured"] == 9);
  CHECK(m["simulation"]["reused"] == false);
  CHECK(m["labeling_inputs"]["events"] == false);
  CHECK(m["breakdown"].is_object());
  CHECK(m.contains("top10"));
  CHECK_FALSE(m.contains("zeus"));
  CHECK_FALSE(m.contains("kraken"));

  const std::string report = ReadFile(request.out_dir + "/report.md");
  CHECK(report.find("handmade") != std::string::npos);
  const nlohmann::json run = nlohmann::json::parse(ReadFile(request.out_dir + "/run.json"));
  CHECK(run["ntlab_version"] == "9.9.9");
  CHECK(run["events_used"] == false);
  CHECK(run["simulation_wall_s"] == 0.25);

  // The folder is an earlier run now: a second run replaces it completely; a foreign folder is
  // refused.
  std::ofstream(request.out_dir + "/zeus_episodes.csv") << "a file only the earlier run had\n";
  CHECK_NOTHROW(RunScenarioPipeline(request, HandMadeSimulation));
  CHECK_FALSE(fs::exists(request.out_dir + "/zeus_episodes.csv"));
  CHECK(fs::exists(request.out_dir + "/labels.csv"));
  CHECK(nlohmann::json::parse(ReadFile(request.out_dir + "/run.json"))["simulation_folder"] ==
        fs::absolute(request.out_dir).string());
  fs::create_directories(dir + "/foreign");
  std::ofstream(dir + "/foreign/notes.txt") << "mine\n";
  request.out_dir = dir + "/foreign";
  CHECK_THROWS_AS(RunScenarioPipeline(request, HandMadeSimulation), InputError);
  CHECK(ReadFile(dir + "/foreign/notes.txt") == "mine\n");
}

TEST_CASE("run pipeline: the steps one by one give what the whole pipeline gives", "[analysis][experiment]") {
  const std::string dir = Folder("run-steps");
  const std::string scenario = WriteScenario(dir);
  RunRequest request;
  request.scenario_path = scenario;
  request.out_dir = dir + "/whole";
  RunResult whole = RunScenarioPipeline(request, HandMadeSimulation);

  // The same simulation folder analysed again at another poll interval, step by step, without
  // simulating: what an experiment's runs sharing one simulation do.
  ScenarioConfig config = LoadScenario(scenario, {{"poll_interval", "100ms"}});
  const std::string out = dir + "/steps";
  fs::create_directories(out);
  SimulationFiles simulation{whole.simulation.dir, whole.simulation.summary, true};
  LoggerStepResult logger = EmulateLoggerStep(config, simulation.dir, out);
  LabelStepResult labeling = LabelStep(config, simulation.dir, out, true);
  RunMetrics metrics = CollectRunMetrics({&config, &simulation, &logger, &labeling, nullptr, nullptr});

  CHECK(metrics.json["logger"]["polls"] == 200);
  CHECK(metrics.json["logger"]["sockets_never_polled"] == 0);  // 150 ms outlasts the 100 ms interval
  CHECK(metrics.json["simulation"]["reused"] == true);
  CHECK(metrics.json["scenario"]["poll_interval_s"] == 0.1);
  // The labelling figures of a run are `ntlab label --metrics`'s, key for key.
  const nlohmann::json labelingOnly = LabelingMetrics(labeling.summary);
  for (const auto& [key, value] : labelingOnly.items()) {
    INFO(key);
    CHECK(metrics.json[key] == value);
  }
  // Same sessions and truth as the whole run; the 100 ms logger sees both sockets.
  CHECK(metrics.json["sessions_monitored"] == whole.metrics["sessions_monitored"]);
  CHECK(metrics.json["accuracy"] == 1.0);

  WriteMetrics(out + "/metrics.json", metrics.json);
  WriteRunReportStep({out, config.name, scenario, "", &metrics, nullptr, nullptr});
  CHECK(fs::exists(out + "/report.md"));
  CHECK(nlohmann::json::parse(ReadFile(out + "/metrics.json")) == metrics.json);
}

TEST_CASE("run pipeline: a run that fails leaves the earlier run as it was", "[analysis][experiment]") {
  const std::string dir = Folder("run-fails");
  RunRequest request;
  request.scenario_path = WriteScenario(dir);
  request.out_dir = dir + "/run";
  RunScenarioPipeline(request, HandMadeSimulation);
  std::map<std::string, std::string> before;
  for (const auto& e : fs::recursive_directory_iterator(request.out_dir))
    if (e.is_regular_file()) before[e.path().string()] = ReadFile(e.path().string());
  REQUIRE(before.size() > 8);

  // A simulation that dies half-way, after writing some of its files.
  auto failing = [](const ScenarioConfig& config, const std::string& simDir) {
    HandMadeSimulation(config, simDir);
    std::ofstream(simDir + "/socket-history.csv") << "not a socket history\n";
    return SimulationSummary{};
  };
  std::string staged;
  request.staged = [&](const std::string& note) { staged = note; };
  const std::string partial = request.out_dir + ".partial-" + std::to_string(::getpid());
  CHECK_THROWS_WITH(RunScenarioPipeline(request, failing),
                    Catch::Contains("socket-history.csv") && Catch::Contains("partial run left in " + partial) &&
                        Catch::Contains("the earlier run in " + request.out_dir + " is untouched"));
  CHECK(staged == "partial run left in " + partial + "; the earlier run in " + request.out_dir + " is untouched");
  std::map<std::string, std::string> after;
  for (const auto& e : fs::recursive_directory_iterator(request.out_dir))
    if (e.is_regular_file()) after[e.path().string()] = ReadFile(e.path().string());
  CHECK(after == before);
  CHECK(fs::exists(partial + "/truth.csv"));

  // The next run succeeds, replaces the earlier one and tidies the partial folder away.
  std::vector<std::string> notes;
  request.note = [&](const std::string& note) { notes.push_back(note); };
  RunScenarioPipeline(request, HandMadeSimulation);
  CHECK(staged.empty());  // in place: nothing partial to point at any more
  CHECK_FALSE(fs::exists(partial));
  CHECK(notes.size() == 1);
}
