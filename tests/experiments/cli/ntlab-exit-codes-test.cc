// Exit codes through the real `ntlab`, the same for every command: 0 success (--help and --version
// too), 2 bad input or usage with one error line, and a bad output path refused before any file is
// written.
#include "tests/support/command-outcome.h"
#include "analyzers/formats/records.h"
#include "tests/analyzers/analyzer-fixtures.h"

#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include "tests/support/build-paths.h"

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

}  // namespace

TEST_CASE("every command-line error exits 2 with one line, help and version exit 0", "[analysis][e2e]") {
  const std::string dir = std::string(NTLAB_BINARY_DIR) + "/test-runs/exit-codes";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string label = "label --pcap " + dir + "/a.pcap --socket-log " + dir + "/s.csv --out " + dir + "/l.csv";
  std::vector<std::pair<std::string, std::string>> usageErrors{
      {"", "A subcommand is required"},
      {"frobnicate", ""},
      {"label --socket-log s.csv --out l.csv", "--pcap is required"},
      {label + " --backtrack 20000", "--backtrack: Value 20000 not in range 0 to 10000"},
      {label + " --backtrack many", "--backtrack"},
      {label + " --log-delay -1", "--log-delay"},
      {label + " --no-such-option", "no-such-option"},
      {"zeus --pcap p --out o --k 0", "--k"},
      {"zeus --pcap p --out o --auto-k 99", "--auto-k"},
      {"validate", "scenario is required"},
      {"validate a.yaml b.yaml", ""},
      {"sessions", "captures is required"},
      {label + " \"$(printf 'x\\033[31mred')\"", "x\\x1b[31mred"},
  };
  if (NTLAB_WITH_SIMULATION) {  // the analysis-only build's run takes any arguments to explain itself
    usageErrors.push_back({"run", "scenario is required"});
    usageErrors.push_back({"run x.yaml --out o --jobs 0", "--jobs"});
  }
  for (const auto& [args, message] : usageErrors) {
    auto outcome = Ntlab(args);
    INFO("ntlab " << args << "\n" << outcome.output);
    CHECK(outcome.exit_code == 2);
    CHECK(outcome.output.rfind("ntlab: error: ", 0) == 0);
    CHECK(std::count(outcome.output.begin(), outcome.output.end(), '\n') == 1);
    CHECK(outcome.output.find('\033') == std::string::npos);  // no raw control bytes on the terminal
    CHECK(outcome.output.find(message) != std::string::npos);
  }
  for (const char* args : {"--help", "label --help", "run --help", "--version"}) {
    auto outcome = Ntlab(args);
    INFO(args);
    CHECK(outcome.exit_code == 0);
    CHECK_FALSE(outcome.output.empty());
  }
}

TEST_CASE("label: a --metrics path it cannot write stops it before labels.csv is written", "[analysis][e2e]") {
  using namespace ntlab;
  using namespace ntlab::fixtures;
  const std::string dir = std::string(NTLAB_BINARY_DIR) + "/test-runs/label-bad-metrics";
  fs::remove_all(dir);
  fs::create_directories(dir + "/pcap");
  const Endpoint pc = Ep("10.0.0.11", 50123), web = Ep("198.51.100.10", 443);
  {
    PcapBuilder b(dir + "/pcap/10.0.0.11_20250310T090000Z.pcap");
    b.Tcp(Sec(1741597200), pc, web, TcpFlag::kSyn, 1000);
  }
  SocketLogWriter log(dir + "/sockets.csv");
  log.Write({Sec(1741597200), "pc01", Proto::Tcp, pc.ip, pc.port, web, SocketState::Established, 42, "chrome.exe"});
  log.Commit();
  const std::string label =
      "label --pcap " + dir + "/pcap --socket-log " + dir + "/sockets.csv --out " + dir + "/labels.csv";

  auto missingFolder = Ntlab(label + " --metrics " + dir + "/no-such-folder/metrics.json");
  INFO(missingFolder.output);
  CHECK(missingFolder.exit_code == 2);
  CHECK(missingFolder.output.find("no-such-folder/metrics.json: cannot write: folder") != std::string::npos);
  CHECK_FALSE(fs::exists(dir + "/labels.csv"));

  // An earlier labels.csv stays as it was when the command fails.
  std::ofstream(dir + "/labels.csv") << "earlier\n";
  auto folderAsFile = Ntlab(label + " --metrics " + dir + "/pcap");
  CHECK(folderAsFile.exit_code == 2);
  CHECK(folderAsFile.output.find("is a folder") != std::string::npos);
  CHECK(ReadFile(dir + "/labels.csv") == "earlier\n");

  auto good = Ntlab(label + " --metrics " + dir + "/metrics.json");
  INFO(good.output);
  CHECK(good.exit_code == 0);
  CHECK(fs::exists(dir + "/labels.csv"));
  std::size_t files = std::distance(fs::directory_iterator(dir), fs::directory_iterator());
  CHECK(files == 4);  // pcap/, sockets.csv, labels.csv, metrics.json: nothing kept aside or temporary left
}

TEST_CASE("zeus and kraken that fail leave no output folder behind", "[analysis][e2e]") {
  const std::string dir = std::string(NTLAB_BINARY_DIR) + "/test-runs/botnet-fails";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir + "/text.pcap") << "this is not a capture\n";
  for (const std::string command : {"zeus", "kraken"}) {
    auto outcome = Ntlab(command + " --pcap " + dir + "/text.pcap --out " + dir + "/" + command + "/out");
    INFO(outcome.output);
    CHECK(outcome.exit_code == 2);
    CHECK(outcome.output.find("text.pcap") != std::string::npos);
    CHECK_FALSE(fs::exists(dir + "/" + command));
  }
  std::ofstream(dir + "/a-file") << "x\n";
  auto notFolder = Ntlab("zeus --pcap " + dir + "/text.pcap --out " + dir + "/a-file");
  CHECK(notFolder.exit_code == 2);
  CHECK(notFolder.output.find("a-file") != std::string::npos);
  CHECK(ReadFile(dir + "/a-file") == "x\n");
}
