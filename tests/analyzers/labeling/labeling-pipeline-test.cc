#include "analyzers/labeling/labeling-pipeline.h"

#include "analyzers/sessions/sessions-csv.h"
#include "tests/analyzers/labeling/labeling-fixtures.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace ntlab;
using namespace ntlab::fixtures;
using namespace ntlab::TcpFlag;
namespace fs = std::filesystem;

namespace {

const TimeUs kT0 = Sec(1741597200);  // 2025-03-10T09:00:00Z
const Endpoint kPc = Ep("10.0.0.11", 50123);
const Endpoint kWeb = Ep("198.51.100.10", 443);
const Endpoint kDnsClient = Ep("10.0.0.11", 55000);
const Endpoint kDns = Ep("10.0.0.2", 53);
const Endpoint kOther = Ep("10.0.0.11", 50200);

// One monitored host, three sessions: chrome (TLS, matched), a DNS query (matched), and a short
// curl connection the logger never saw, to the same server as chrome: stage A misses it and stage
// C (remote ip+port cache) labels it chrome.exe, wrongly — the paper's shared-remote weakness.
struct Run {
  std::string dir;
  LabelOptions options;
};

Run Prepare(const std::string& name) {
  Run run;
  run.dir = TempPath(name);
  fs::remove_all(run.dir);
  fs::create_directories(run.dir + "/pcap");
  {
    PcapBuilder b(run.dir + "/pcap/10.0.0.11_20250310T090000Z.pcap");
    b.Tcp(kT0 + 10'000, kPc, kWeb, kSyn, 1000);
    b.Tcp(kT0 + 20'000, kWeb, kPc, kSyn | kAck, 9000);
    b.Tcp(kT0 + 21'000, kPc, kWeb, kAck, 1001);
    b.Tcp(kT0 + 22'000, kPc, kWeb, kAck | kPsh, 1001, ClientHelloRecord("www.example.com"));
    b.Udp(kT0 + 30'000, kDnsClient, kDns, 30);
    b.Udp(kT0 + 31'000, kDns, kDnsClient, 60);
    b.Tcp(kT0 + 500'000, kOther, kWeb, kSyn, 1);
    b.Tcp(kT0 + 501'000, kWeb, kOther, kRst | kAck, 0);
  }
  {
    SocketLogWriter log(run.dir + "/sockets.csv");
    for (TimeUs ts = kT0; ts <= kT0 + 1'000'000; ts += 50'000) {
      log.Write({ts, "pc01", Proto::Udp, 0, 55000, std::nullopt, SocketState::None, 1200, "svchost.exe"});
      log.Write({ts, "pc01", Proto::Tcp, kPc.ip, kPc.port, kWeb, SocketState::Established, 4242, "chrome.exe"});
    }
    log.Commit();
  }
  {
    TruthWriter truth(run.dir + "/truth.csv");
    truth.Write({"pc01", Proto::Tcp, kPc.ip, kPc.port, kWeb, 4242, "chrome.exe", kT0, std::nullopt});
    truth.Write({"pc01", Proto::Udp, 0, 55000, std::nullopt, 1200, "svchost.exe", kT0, std::nullopt});
    truth.Write({"pc01", Proto::Tcp, kOther.ip, kOther.port, kWeb, 77, "curl.exe", kT0 + 490'000, kT0 + 502'000});
    truth.Commit();
  }
  run.options.pcap_inputs = {run.dir + "/pcap"};
  run.options.socket_log = run.dir + "/sockets.csv";
  run.options.truth = run.dir + "/truth.csv";
  run.options.labels_out = run.dir + "/labels.csv";
  run.options.metrics_out = run.dir + "/metrics.json";
  return run;
}

}  // namespace

TEST_CASE("labeling pipeline end to end on a small pcap", "[analysis][labeling]") {
  auto run = Prepare("pipeline");
  LabelSummary summary = RunLabeling(run.options);
  CHECK(summary.sessions == 3);
  CHECK(summary.matched == 3);
  CHECK(summary.engine_matched == 3);
  CHECK(summary.unknown == 0);
  CHECK(summary.correct == 2);
  CHECK(summary.wrong == 1);

  LabelReader reader(run.options.labels_out);
  std::vector<LabelRow> rows;
  LabelRow row;
  while (reader.Next(row)) rows.push_back(row);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].process == "chrome.exe");
  CHECK(rows[0].pid == 4242u);
  CHECK(rows[0].stage == "A");
  CHECK(rows[0].direction == Direction::Outbound);
  CHECK(rows[0].packets == 4);
  CHECK(rows[0].truth_process == "chrome.exe");
  CHECK(rows[0].community_id.rfind("1:", 0) == 0);
  CHECK(rows[1].process == "svchost.exe");
  CHECK(rows[1].host == kDnsClient);
  CHECK(rows[2].process == "chrome.exe");
  CHECK(rows[2].pid == 4242u);
  CHECK(rows[2].stage == "C");
  CHECK(rows[2].truth_process == "curl.exe");

  std::ifstream metricsFile(*run.options.metrics_out);
  auto metrics = nlohmann::json::parse(metricsFile);
  CHECK(metrics["sessions"] == 3);
  CHECK(metrics["matching_rate"].get<double>() == Approx(1.0));
  CHECK(metrics["engine_rate"].get<double>() == Approx(1.0));
  CHECK(metrics["post_rate"].get<double>() == Approx(1.0));
  CHECK(metrics["accuracy"].get<double>() == Approx(2.0 / 3.0));
  CHECK(metrics["stages"]["A"]["decided"] == 2);
  CHECK(metrics["stages"]["C"]["decided"] == 1);
  CHECK(metrics["stages"]["C"]["correct"] == 0);
  for (const char* stage : kStageNames) CHECK(metrics["stages"].contains(stage));
  CHECK(metrics["stages"]["sni"]["decided"] == 0);
  REQUIRE(metrics["wrong_labels"].size() == 1);
  CHECK(metrics["wrong_labels"][0]["label"] == "chrome.exe");
  CHECK(metrics["wrong_labels"][0]["truth"] == "curl.exe");
  CHECK(metrics["wrong_labels"][0]["stage"] == "C");
  CHECK(metrics["wrong_labels"][0]["reason"] == "shared_remote");
  CHECK(metrics["wrong_labels"][0]["count"] == 1);
  CHECK(metrics["capture"]["decoded"] == 8);
}

TEST_CASE("sessions CSV lists sessions with SNI and community id", "[analysis][sessions]") {
  auto run = Prepare("sessions-csv");
  std::ostringstream out;
  WriteSessionsCsv(run.options.pcap_inputs, out);
  std::istringstream lines(out.str());
  std::string header, first;
  std::getline(lines, header);
  std::getline(lines, first);
  CHECK(header == "proto,host_ip,host_port,remote_ip,remote_port,direction,first_ts,last_ts,packets,bytes,sni,community_id");
  CHECK_THAT(first, Catch::StartsWith("tcp,10.0.0.11,50123,198.51.100.10,443,outbound,1741597200.010000,"));
  CHECK_THAT(first, Catch::Contains(",www.example.com,1:"));
}

TEST_CASE("labeling pipeline fails cleanly on bad input", "[analysis][labeling]") {
  auto run = Prepare("pipeline-bad");
  std::ofstream(run.dir + "/pcap/10.0.0.11_20250310T090100Z.pcap") << "not a pcap";
  try {
    RunLabeling(run.options);
    FAIL("no InputError");
  } catch (const InputError& e) {
    CHECK_THAT(e.what(), Catch::Contains("10.0.0.11_20250310T090100Z.pcap"));
  }
  CHECK_FALSE(fs::exists(run.options.labels_out));  // no half-written output
  run.options.socket_log = run.dir + "/missing.csv";
  CHECK_THROWS_AS(RunLabeling(run.options), InputError);
}

TEST_CASE("labeling pipeline reads the interval form of the socket log", "[analysis][labeling][socket-index]") {
  auto snapshots = Prepare("pipeline-snapshots");
  RunLabeling(snapshots.options);
  auto intervals = Prepare("pipeline-intervals");
  {
    // The same two sockets over the same 21 polls, as `ntlab run` writes them.
    SocketIntervalWriter log(intervals.dir + "/sockets.csv");
    log.Write({kT0, kT0 + 1'000'000, "pc01", Proto::Udp, 0, 55000, std::nullopt, SocketState::None, 1200, "svchost.exe"});
    log.Write({kT0, kT0 + 1'000'000, "pc01", Proto::Tcp, kPc.ip, kPc.port, kWeb, SocketState::Established, 4242,
               "chrome.exe"});
    log.Commit();
    PollRunWriter polls(intervals.dir + "/schedule.csv");
    polls.Write({"pc01", kT0, 50'000, 21});
    polls.Commit();
  }
  CHECK_THROWS_AS(RunLabeling(intervals.options), InputError);  // no sockets-polls.csv beside it
  intervals.options.socket_polls = intervals.dir + "/schedule.csv";
  LabelSummary summary = RunLabeling(intervals.options);
  CHECK(summary.matched == 3);
  auto text = [](const std::string& path) {
    std::ostringstream s;
    s << std::ifstream(path).rdbuf();
    return s.str();
  };
  CHECK(text(intervals.options.labels_out) == text(snapshots.options.labels_out));
}
