// `ntlab rewrite` through the real binary: the summary line and metrics on success; on bad input
// one error line naming the file or option, exit 2, and no output left behind.
#include "tests/support/command-outcome.h"
#include "tests/support/text-files.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include "tests/support/build-paths.h"

namespace fs = std::filesystem;
using ntlab::test_support::Ntlab;
using ntlab::test_support::ReadText;
using ntlab::test_support::WriteText;

namespace {

const std::string kCapture = std::string(NTLAB_SOURCE_DIR) + "/tests/regression/rewrite-fragments/capture.pcap";

// One folder per test case: ctest runs them in parallel.
std::string Scratch(const std::string& name) {
  const std::string dir = std::string(NTLAB_BINARY_DIR) + "/test-runs/rewrite-command-" + name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

}  // namespace

TEST_CASE("rewrite: summary line and metrics", "[analysis][e2e][replay]") {
  const std::string dir = Scratch("summary");
  // A list option before IN and OUT takes one value, not them too.
  auto out = Ntlab("rewrite --pnat 10.0.0.0/24:192.168.5.0/24 " + kCapture + " " + dir + "/out.pcap --metrics " + dir +
                   "/m.json");
  INFO(out.output);
  REQUIRE(out.exit_code == 0);
  CHECK(out.output == dir + "/out.pcap: 18 packets, 17 changed, 1 unchanged; network layer passed through: "
                            "transport_not_captured 1\n");
  auto metrics = nlohmann::json::parse(ReadText(dir + "/m.json"));
  CHECK(metrics["passed_through"]["by_reason"]["transport_not_captured"] == 1);
}

TEST_CASE("rewrite: bad maps and captures, exit 2, one line, nothing written", "[analysis][e2e][replay]") {
  const std::string dir = Scratch("errors");
  WriteText(dir + "/overlap.csv", "kind,from,to\naddress,10.0.0.0/24,10.1.0.0/24\naddress,10.0.0.7,10.2.0.7\n");
  WriteText(dir + "/short.pcap", ReadText(kCapture).substr(0, 110));
  const std::string out = dir + "/out.pcap";
  struct Case {
    std::string args, message;
  };
  const std::vector<Case> cases = {
      {"--pnat 10.0.0.0/24:10.1.0.0/16", "ntlab: error: --pnat 10.0.0.0/24:10.1.0.0/16: 10.0.0.0/24:10.1.0.0/16 maps a /24 onto a /16"},
      {"--pnat 10.0.0.3/24:10.1.0.0/24", "ntlab: error: --pnat: '10.0.0.3/24' is not an IPv4 network: host bits set"},
      {"--map " + dir + "/overlap.csv",
       "ntlab: error: " + dir + "/overlap.csv:3: 10.0.0.7/32:10.2.0.7/32 and " + dir +
           "/overlap.csv:2: 10.0.0.0/24:10.1.0.0/24 are two rules for one address"},
      {"--portmap 80:8080,80:8081", "ntlab: error: --portmap 80:8081: port 80 already has a rule"},
      {"--pnat 172.31.0.0/16:10.0.0.0/16", "ntlab: error: " + kCapture + ": no packet matches any rule (18 packets read)"},
  };
  for (const auto& c : cases) {
    auto r = Ntlab("rewrite " + kCapture + " " + out + " " + c.args);
    INFO(c.args << "\n" << r.output);
    CHECK(r.exit_code == 2);
    CHECK(r.output.rfind(c.message, 0) == 0);
    CHECK(std::count(r.output.begin(), r.output.end(), '\n') == 1);
  }
  auto truncated = Ntlab("rewrite " + dir + "/short.pcap " + out + " --pnat 10.0.0.0/24:10.1.0.0/24");
  CHECK(truncated.exit_code == 2);
  CHECK(truncated.output.find(dir + "/short.pcap: packet 2: truncated capture") != std::string::npos);
  auto cooked = Ntlab("rewrite " + std::string(NTLAB_SOURCE_DIR) +
                      "/tests/regression/capture-linux-cooked/capture-sll.pcap " + out + " --enet-dmac 02:00:00:00:00:01");
  CHECK(cooked.exit_code == 2);
  CHECK(cooked.output.find("MAC rules need an Ethernet capture") != std::string::npos);
  auto itself = Ntlab("rewrite " + kCapture + " " + kCapture);
  CHECK(itself.exit_code == 2);
  for (const auto& entry : fs::directory_iterator(dir)) CHECK(entry.path().filename().string().rfind("out", 0) != 0);
}
