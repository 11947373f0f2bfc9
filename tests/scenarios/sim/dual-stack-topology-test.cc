// workload.ipv6_share end to end (issue 10): dual-stack names' TCP sessions run over IPv6 from
// the hosts' fd00:0:0:1::/64 to the catalog servers' fd00:0:0:3::/64, and every output the
// analyzers read carries them as IPv6 rows: the truth, the socket log, the events, and the
// sessions `ntlab label` finds in the mirror-port capture and grades against the truth.
#include "analyzers/formats/records.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include "tests/support/build-paths.h"
#include "tests/support/command-outcome.h"
#include "tests/support/text-files.h"

namespace fs = std::filesystem;
using namespace ntlab;

namespace {

// A fresh folder for a run (ntlab run makes it).
std::string RunDir(const std::string& name) {
  const std::string dir = test_support::TempPath(name);
  fs::remove_all(dir);
  return dir;
}

int Ntlab(const std::string& args) { return test_support::Ntlab(args).exit_code; }

bool InSubnet(const IpAddress& ip, const char* prefix64) {
  auto net = IpAddress::Parse(prefix64);
  return ip.v6 && net && std::equal(ip.bytes.begin(), ip.bytes.begin() + 8, net->bytes.begin());
}

const std::string kScenario = std::string(NTLAB_SOURCE_DIR) + "/tests/data/scenarios/paper-001-small.yaml";
const std::string kOneMinute = " --set duration=1min ";

}  // namespace

TEST_CASE("ipv6_share 0.5: IPv6 sessions in truth, socket log, events and labels", "[sim][e2e][workload][ipv6]") {
  auto dir = RunDir("dual-stack-half");
  REQUIRE(Ntlab("run " + kScenario + kOneMinute + "--set workload.ipv6_share=0.5 --out " + dir) == 0);

  int v6Truth = 0, v4TcpTruth = 0, v6Udp = 0;
  TruthReader truth(dir + "/truth.csv");
  for (TruthRow row; truth.Next(row);) {
    if (!row.remote) continue;
    if (!row.remote->ip.v6) {
      v4TcpTruth += row.proto == Proto::Tcp;
      continue;
    }
    ++v6Truth;
    v6Udp += row.proto == Proto::Udp;
    INFO(row.host << " " << row.local_ip.ToString() << " -> " << row.remote->ip.ToString());
    CHECK(InSubnet(row.remote->ip, "fd00:0:0:3::"));
    CHECK(InSubnet(row.local_ip, "fd00:0:0:1::"));
  }
  CHECK(v6Truth >= 20);
  CHECK(v4TcpTruth >= 20);  // the other names stay on IPv4
  CHECK(v6Udp == 0);        // TCP only

  // Established rows: the SYN went through the gateway and router and the server answered over
  // IPv6 (a broken route leaves only SYN_SENT rows, and sessions of retransmitted SYNs).
  int v6Established = 0;
  SocketIntervalReader log(dir + "/socketlog.csv");  // the run writes the interval form
  for (SocketIntervalRow row; log.Next(row);)
    v6Established += row.remote && row.remote->ip.v6 && row.state == SocketState::Established;
  CHECK(v6Established >= 20);
  int v6Events = 0;
  EventReader events(dir + "/events.csv");
  for (EventRow row; events.Next(row);) v6Events += row.remote && row.remote->ip.v6;
  CHECK(v6Events > 0);

  // The capture's IPv6 sessions, labelled and graded against the truth.
  int v6Sessions = 0, v6Graded = 0, v6Right = 0, v6WithData = 0;
  LabelReader labels(dir + "/labels.csv");
  for (LabelRow row; labels.Next(row);) {
    if (!row.remote.ip.v6) continue;
    ++v6Sessions;
    v6WithData += row.bytes > 1000;  // more than a handshake's worth
    if (row.truth_process.empty() || row.process == kUnknownProcess) continue;
    ++v6Graded;
    v6Right += row.process == row.truth_process;
  }
  INFO("IPv6 sessions " << v6Sessions << ", graded " << v6Graded << ", right " << v6Right);
  CHECK(v6Sessions >= 20);
  CHECK(v6WithData >= v6Sessions / 2);
  CHECK(v6Graded >= v6Sessions * 9 / 10);
  CHECK(v6Right >= v6Graded * 9 / 10);
  std::ifstream metricsFile(dir + "/metrics.json");
  auto metrics = nlohmann::json::parse(metricsFile);
  CHECK(metrics["accuracy"].get<double>() > 0.9);
}

TEST_CASE("ipv6_share 0: the outputs are those of a run without the key", "[sim][e2e][workload][ipv6]") {
  auto a = RunDir("dual-stack-off-default");
  auto b = RunDir("dual-stack-off-zero");
  REQUIRE(Ntlab("run " + kScenario + kOneMinute + "--out " + a) == 0);
  REQUIRE(Ntlab("run " + kScenario + kOneMinute + "--set workload.ipv6_share=0 --out " + b) == 0);
  std::size_t compared = 0;
  for (const auto& entry : fs::recursive_directory_iterator(a)) {
    if (!entry.is_regular_file() || entry.path().filename() == "run.json") continue;  // wall time
    auto other = fs::path(b) / fs::relative(entry.path(), a);
    INFO(entry.path());
    REQUIRE(fs::exists(other));
    CHECK(test_support::ReadText(entry.path().string()) == test_support::ReadText(other.string()));
    ++compared;
  }
  CHECK(compared >= 4);
}
