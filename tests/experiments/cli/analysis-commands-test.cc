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
#include <utility>
#include <vector>
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

namespace {

std::size_t Lines(const std::string& text) { return std::count(text.begin(), text.end(), '\n'); }

}  // namespace

TEST_CASE("IPv6 blocks in --hosts: the summary counts the rows written", "[analysis][e2e][hosts][ipv6]") {
  // capture-ipv6: pc01 is 2001:db8::11 and 10.0.0.11; six IPv6 sessions and one IPv4.
  const std::string input = std::string(NTLAB_SOURCE_DIR) + "/tests/regression/capture-ipv6";
  const std::string dir = std::string(NTLAB_BINARY_DIR) + "/test-runs/hosts-ipv6";
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto label = [&](const std::string& hosts) {
    return Ntlab("label --pcap " + input + "/capture.pcap --socket-log " + input + "/socketlog.csv --truth " + input +
                 "/truth.csv --out " + dir + "/labels.csv --hosts " + hosts);
  };
  // 2001:db8::/48 holds pc01 and its resolver, not the servers under 2001:db8:1:: and 2001:db8:2::.
  auto v6 = label("2001:db8::/48");
  INFO(v6.output);
  REQUIRE(v6.exit_code == 0);
  CHECK(v6.output.find("labels.csv: 6 sessions, 6 matched") != std::string::npos);
  CHECK(Lines(ReadFile(dir + "/labels.csv")) == 1 + 6);
  CHECK(ReadFile(dir + "/labels.csv").find("10.0.0.11") == std::string::npos);

  auto mixed = label("::1,2001:db8::11,10.0.0.0/24");
  INFO(mixed.output);
  REQUIRE(mixed.exit_code == 0);
  CHECK(mixed.output.find("labels.csv: 7 sessions, 7 matched") != std::string::npos);
  CHECK(Lines(ReadFile(dir + "/labels.csv")) == 1 + 7);

  auto sessions = Ntlab("sessions " + input + "/capture.pcap --hosts 2001:db8::11");
  REQUIRE(sessions.exit_code == 0);
  CHECK(Lines(sessions.output) == 1 + 6);
  auto mapped = Ntlab("sessions " + input + "/capture.pcap --hosts ::ffff:10.0.0.0/120");
  REQUIRE(mapped.exit_code == 0);
  CHECK(Lines(mapped.output) == 1 + 1);

  auto wrong = label("10.0.0.11,2001:db8::11/48");
  CHECK(wrong.exit_code == 2);
  CHECK(wrong.output.find("--hosts: '2001:db8::11/48' is not an address or CIDR block: host bits set") !=
        std::string::npos);
  CHECK(Lines(wrong.output) == 1);
  auto wrongTruth = Ntlab("truth " + input + "/capture.pcap --hosts 2001:db8:::11");
  CHECK(wrongTruth.exit_code == 2);
  CHECK(wrongTruth.output.find("'2001:db8:::11'") != std::string::npos);
}

TEST_CASE("every capture-reading command: --strict-captures per command, and the skipped-packet line",
          "[analysis][e2e][captures]") {
  // capture-truncated-tail: trap-sni-post's capture with its last record cut short.
  const std::string corpus = std::string(NTLAB_SOURCE_DIR) + "/tests/regression";
  const std::string cut = corpus + "/capture-truncated-tail/capture.pcap";
  const std::string dir = std::string(NTLAB_BINARY_DIR) + "/test-runs/strict-per-command";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::vector<std::pair<std::string, std::string>> commands{
      {"label", "label --pcap " + cut + " --socket-log " + corpus + "/trap-sni-post/socketlog.csv --out " + dir +
                    "/labels.csv"},
      {"sessions", "sessions " + cut},
      {"zeus", "zeus --pcap " + cut + " --out " + dir + "/zeus"},
      {"kraken", "kraken --pcap " + cut + " --out " + dir + "/kraken"},
      {"domains", "domains --pcap " + cut + " --out " + dir + "/domains"},
      {"messengers", "messengers --pcap " + cut + " --out " + dir + "/messengers"},
      {"block", "block --policy " + corpus + "/blocking-bypasses/ip-narrow.yaml --pcap " + cut + " --out " + dir +
                    "/block"},
      {"merge", "merge --device " + cut + " --network " + cut + " --out " + dir + "/merge"},
      {"truth", "truth " + cut + " --out " + dir + "/truth.csv"}};
  for (const auto& [name, command] : commands) {
    INFO(name);
    auto strict = Ntlab(command + " --strict-captures");
    INFO(strict.output);
    CHECK(strict.exit_code == 2);
    CHECK(strict.output.find("record 90 is cut short (20 of its 54 bytes missing): truncated capture "
                             "(--strict-captures)") != std::string::npos);
    auto lenient = Ntlab(command);
    INFO(lenient.output);
    CHECK(lenient.exit_code == 0);
    CHECK(lenient.output.find("the 89 complete records before it are used") != std::string::npos);
    CHECK(lenient.output.find("ntlab: warning: 89 records read; skipped: cut-short last record 1\n") !=
          std::string::npos);
  }
  // A clean capture: no skipped-packet line at all.
  auto clean = Ntlab("sessions " + corpus + "/trap-sni-post/capture.pcap");
  CHECK(clean.exit_code == 0);
  CHECK(clean.output.find("records read") == std::string::npos);
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
