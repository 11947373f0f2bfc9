// workload.ipv6_share end to end (issue 10): dual-stack names' sessions (TCP, TLS, HTTP, UDP and
// QUIC) run over IPv6 from the hosts' fd00:0:0:1::/64 to the catalog servers' IPv6 address blocks
// in fd00:0:1::/48, found by AAAA lookups on the wire, and every output the analyzers read carries
// them as IPv6 rows: the truth, the socket log, the events, and the sessions `ntlab label` finds
// in the mirror-port capture and grades against the truth.
#include "analyzers/formats/records.h"

#include "tests/support/run-folders.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
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

// `prefixBytes` of 16: 8 for a /64, 6 for a /48.
bool InSubnet(const IpAddress& ip, const char* prefix, int prefixBytes = 8) {
  auto net = IpAddress::Parse(prefix);
  return ip.v6 && net && std::equal(ip.bytes.begin(), ip.bytes.begin() + prefixBytes, net->bytes.begin());
}

std::string RunCommand(const std::string& cmd) {
  std::string out;
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
  REQUIRE(pipe);
  char buf[4096];
  for (size_t n; (n = fread(buf, 1, sizeof(buf), pipe.get())) > 0;) out.append(buf, n);
  return out;
}

// The DNS exchanges of every capture of the run, one tshark line each: query type, response flag,
// and the AAAA answers.
std::string DnsOnTheWire(const std::string& dir) {
  std::string out;
  for (const auto& entry : fs::directory_iterator(dir + "/pcap"))
    out += RunCommand("/usr/bin/tshark -n -r " + entry.path().string() +
                      " -Y dns -T fields -e dns.qry.type -e dns.flags.response -e dns.aaaa 2>/dev/null");
  return out;
}

const std::string kScenario = std::string(NTLAB_SOURCE_DIR) + "/tests/data/scenarios/paper-001-small.yaml";
const std::string kOneMinute = " --set duration=1min ";

}  // namespace

TEST_CASE("ipv6_share 0.5: IPv6 sessions in truth, socket log, events and labels", "[sim][e2e][workload][ipv6]") {
  auto dir = RunDir("dual-stack-half");
  REQUIRE(Ntlab("run " + kScenario + kOneMinute + "--set workload.ipv6_share=0.5 --out " + dir) == 0);

  int v6Truth = 0, v4TcpTruth = 0, v6UdpTruth = 0;
  TruthReader truth(dir + "/truth.csv");
  for (TruthRow row; truth.Next(row);) {
    v6UdpTruth += row.proto == Proto::Udp && row.local_ip.v6;  // [::]:port, no remote, as Windows lists it
    if (!row.remote) continue;
    if (!row.remote->ip.v6) {
      v4TcpTruth += row.proto == Proto::Tcp;
      continue;
    }
    ++v6Truth;
    INFO(row.host << " " << row.local_ip.ToString() << " -> " << row.remote->ip.ToString());
    CHECK(InSubnet(row.remote->ip, "fd00:0:1::", 6));  // a server's IPv6 block
    CHECK(InSubnet(row.local_ip, "fd00:0:0:1::"));
  }
  CHECK(v6Truth >= 20);
  CHECK(v4TcpTruth >= 20);  // the other names stay on IPv4
  CHECK(v6UdpTruth >= 10);

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
  int v6Sessions = 0, v6Graded = 0, v6Right = 0, v6WithData = 0, v6UdpSessions = 0;
  std::set<std::string> v6Remotes;
  LabelReader labels(dir + "/labels.csv");
  for (LabelRow row; labels.Next(row);) {
    if (!row.remote.ip.v6) continue;
    ++v6Sessions;
    v6UdpSessions += row.proto == Proto::Udp;
    v6Remotes.insert(row.remote.ip.ToString());
    // Replies leave from the contacted block address: a UDP exchange is one session of at least
    // a request and its reply, and no session has a server's own address as its remote end.
    INFO(row.remote.ip.ToString() << " " << row.packets << " packets");
    CHECK(InSubnet(row.remote.ip, "fd00:0:1::", 6));
    if (row.proto == Proto::Udp) CHECK(row.packets >= 2);
    v6WithData += row.bytes > 1000;  // more than a handshake's worth
    if (row.truth_process.empty() || row.process == kUnknownProcess) continue;
    ++v6Graded;
    v6Right += row.process == row.truth_process;
  }
  INFO("IPv6 sessions " << v6Sessions << ", graded " << v6Graded << ", right " << v6Right);
  CHECK(v6Sessions >= 20);
  CHECK(v6UdpSessions >= 10);  // UDP and QUIC over IPv6, answered from the contacted address
  // Each server answers for a block, as on IPv4: many remote addresses, not one per server (3).
  CHECK(v6Remotes.size() >= 30);
  CHECK(v6WithData >= v6Sessions / 2);
  CHECK(v6Graded >= v6Sessions * 9 / 10);
  CHECK(v6Right >= v6Graded * 9 / 10);
  std::ifstream metricsFile(dir + "/metrics.json");
  auto metrics = nlohmann::json::parse(metricsFile);
  CHECK(metrics["accuracy"].get<double>() > 0.9);

  // AAAA queries and answers on the wire, the answers in the servers' blocks.
  if (access("/usr/bin/tshark", X_OK) != 0) {
    WARN("tshark not installed: the DNS exchanges were not dissected");
    return;
  }
  std::istringstream dns(DnsOnTheWire(dir));
  int aaaaQueries = 0, aaaaAnswers = 0, aQueries = 0;
  for (std::string line; std::getline(dns, line);) {
    std::istringstream fields(line);
    std::string type, response, aaaa;
    std::getline(fields, type, '\t');
    std::getline(fields, response, '\t');
    std::getline(fields, aaaa, '\t');
    aQueries += type == "1" && response == "0";
    aaaaQueries += type == "28" && response == "0";
    if (type == "28" && response == "1" && !aaaa.empty()) {
      ++aaaaAnswers;
      INFO(aaaa);
      CHECK(aaaa.rfind("fd00:0:1:", 0) == 0);
    }
  }
  INFO("A queries " << aQueries << ", AAAA queries " << aaaaQueries << ", AAAA answers " << aaaaAnswers);
  CHECK(aaaaQueries >= 20);
  CHECK(aaaaAnswers >= aaaaQueries * 9 / 10);
  CHECK(aQueries >= 20);  // the IPv4-only names still ask for A records
}

TEST_CASE("ipv6_share 0: the outputs are those of a run without the key", "[sim][e2e][workload][ipv6]") {
  auto a = RunDir("dual-stack-off-default");
  auto b = RunDir("dual-stack-off-zero");
  REQUIRE(Ntlab("run " + kScenario + kOneMinute + "--out " + a) == 0);
  REQUIRE(Ntlab("run " + kScenario + kOneMinute + "--set workload.ipv6_share=0 --out " + b) == 0);
  CHECK(test_support::CheckSameRunFiles(a, b) >= 4);
}
