// The analysis commands through the real `ntlab` binary, in both builds: label (with --metrics),
// sessions and validate on hand-made inputs; and, in the analysis-only build, `run` explaining how
// to get it.
#include "tests/support/command-outcome.h"
#include "analyzers/formats/records.h"
#include "tests/analyzers/analyzer-fixtures.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include "tests/support/build-paths.h"

using namespace ntlab;
using namespace ntlab::fixtures;
using namespace ntlab::TcpFlag;
namespace fs = std::filesystem;

namespace {

using ntlab::test_support::Ntlab;
using ntlab::test_support::Outcome;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const TimeUs kT0 = Sec(1741597200);
const Endpoint kPc = Ep("10.0.0.11", 50123);
const Endpoint kWeb = Ep("198.51.100.10", 443);

/// One TLS session of chrome.exe, its socket in every poll of a snapshot log, and its truth.
std::string HandMadeCapture() {
  std::string dir = std::string(NTLAB_BINARY_DIR) + "/test-runs/analysis-commands";
  fs::remove_all(dir);
  fs::create_directories(dir + "/pcap");
  {
    PcapBuilder b(dir + "/pcap/10.0.0.11_20250310T090000Z.pcap");
    b.Tcp(kT0 + 10'000, kPc, kWeb, kSyn, 1000);
    b.Tcp(kT0 + 20'000, kWeb, kPc, kSyn | kAck, 9000);
    b.Tcp(kT0 + 21'000, kPc, kWeb, kAck, 1001);
    b.Tcp(kT0 + 22'000, kPc, kWeb, kAck | kPsh, 1001, ClientHelloRecord("www.example.com"));
  }
  SocketLogWriter log(dir + "/sockets.csv");
  for (TimeUs ts = kT0; ts <= kT0 + 100'000; ts += 50'000)
    log.Write({ts, "pc01", Proto::Tcp, kPc.ip, kPc.port, kWeb, SocketState::Established, 4242, "chrome.exe"});
  log.Commit();
  TruthWriter truth(dir + "/truth.csv");
  truth.Write({"pc01", Proto::Tcp, kPc.ip, kPc.port, kWeb, 4242, "chrome.exe", kT0, std::nullopt});
  truth.Commit();
  return dir;
}

}  // namespace

TEST_CASE("label, sessions and validate through the real ntlab", "[analysis][e2e]") {
  const std::string dir = HandMadeCapture();
  auto label = Ntlab("label --pcap " + dir + "/pcap --socket-log " + dir + "/sockets.csv --truth " + dir +
                     "/truth.csv --out " + dir + "/labels.csv --metrics " + dir + "/metrics.json");
  INFO(label.output);
  REQUIRE(label.exit_code == 0);
  CHECK(label.output.find("labels.csv: 1 sessions, 1 matched, 0 unknown; matching rate 100.00 %") != std::string::npos);
  auto metrics = nlohmann::json::parse(ReadFile(dir + "/metrics.json"));
  CHECK(metrics["sessions_monitored"] == 1);
  CHECK(metrics["accuracy"] == 1.0);
  CHECK(metrics["stages"]["A"]["decided"] == 1);
  CHECK_FALSE(metrics.contains("scenario"));  // a labelling's metrics, not a run's
  CHECK(ReadFile(dir + "/labels.csv").find("chrome.exe") != std::string::npos);

  auto sessions = Ntlab("sessions " + dir + "/pcap");
  CHECK(sessions.exit_code == 0);
  CHECK(std::count(sessions.output.begin(), sessions.output.end(), '\n') == 2);  // header + one session

  auto valid = Ntlab("validate " + std::string(NTLAB_SOURCE_DIR) + "/tests/data/scenarios/small.yaml");
  CHECK(valid.exit_code == 0);
  CHECK(valid.output.find("small.yaml: valid: 2 hosts") != std::string::npos);
}

#if !NTLAB_WITH_SIMULATION
TEST_CASE("run in the analysis-only build: one line saying how to get it", "[analysis][e2e]") {
  auto run = Ntlab("run " + std::string(NTLAB_SOURCE_DIR) + "/scenarios/quickstart.yaml --out " +
                   std::string(NTLAB_BINARY_DIR) + "/test-runs/no-run");
  CHECK(run.exit_code == 2);
  CHECK(run.output.find("analysis-only build") != std::string::npos);
  CHECK(run.output.find(".ci/setup") != std::string::npos);
  CHECK(std::count(run.output.begin(), run.output.end(), '\n') == 1);
  CHECK_FALSE(fs::exists(std::string(NTLAB_BINARY_DIR) + "/test-runs/no-run"));
}
#endif
