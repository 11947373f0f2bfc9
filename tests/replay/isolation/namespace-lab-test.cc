// Containment on the real kernel: `ntlab isolate` in Linux network namespaces with nftables
// conntrack. 002's rules deliver the replay to the responder and leak nothing; each wrong rule set
// leaks into the enterprise namespace and is caught by the graph too; no namespace, veth or table
// is left behind after a run, a failing run, an interrupted run or a crashed earlier run. CI runs as
// root, so there these run; elsewhere they say why they did not.
#include "replay/isolation/namespace-lab.h"

#include "replay/isolation/isolation-rules.h"
#include "tests/support/command-outcome.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <tins/tins.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>
#include <unistd.h>
#include "tests/support/build-paths.h"

using namespace ntlab;
using ntlab::test_support::Ntlab;
using ntlab::test_support::RunShell;
namespace fs = std::filesystem;

namespace {

/// Whether this machine lets the test build namespaces; says why not where it does not.
bool KernelLabAllowed() {
  if (::geteuid() != 0) {
    WARN("skipped: the kernel isolation lab needs root (network namespaces); CI runs as root");
    return false;
  }
  const std::string probe = LabPrefix(::getpid()) + "probe";
  if (RunShell("ip netns add " + probe + " 2>&1").exit_code != 0) {
    WARN("skipped: this machine does not allow creating network namespaces");
    return false;
  }
  RunShell("ip netns delete " + probe);
  return true;
}

std::string Folder(const std::string& name) {
  std::string dir = std::string(NTLAB_BINARY_DIR) + "/test-isolation/" + name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

constexpr const char* kRecordedResponse = "HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\nencrypted!!";

/// The moved bot 192.168.10.5: an HTTP exchange with its C&C (the C&C's answers recorded too), a DNS query, a ping, a SYN|FIN probe
/// (invalid to conntrack), and one packet of another host: the packet replay skips the three.
std::string BotCapture(const std::string& dir) {
  using namespace Tins;
  const std::string path = dir + "/bot.pcap";
  PacketWriter writer(path, DataLinkType<EthernetII>());
  auto write = [&](EthernetII frame) { writer.write(frame); };
  auto tcp = [&](std::uint16_t flags, const std::string& payload) {
    TCP segment(80, 40000);
    segment.flags(flags);
    EthernetII frame = EthernetII() / IP("203.0.113.7", "192.168.10.5") / segment;
    if (!payload.empty()) frame /= RawPDU(payload);
    write(frame);
  };
  auto answer = [&](std::uint16_t flags, std::uint32_t seq, const std::string& payload) {
    TCP segment(40000, 80);
    segment.flags(flags);
    segment.seq(seq);
    EthernetII frame = EthernetII() / IP("192.168.10.5", "203.0.113.7") / segment;
    if (!payload.empty()) frame /= RawPDU(payload);
    write(frame);
  };
  tcp(TCP::SYN, "");
  answer(TCP::SYN | TCP::ACK, 1000, "");
  tcp(TCP::ACK, "");
  tcp(TCP::PSH | TCP::ACK, "GET /gate.php HTTP/1.1\r\nHost: cnc.example\r\n\r\n");
  answer(TCP::PSH | TCP::ACK, 1001, std::string(kRecordedResponse));
  tcp(TCP::FIN | TCP::ACK, "");
  DNS query;
  query.add_query(DNS::query("cnc.example", DNS::A, DNS::INTERNET));
  write(EthernetII() / IP("198.51.100.53", "192.168.10.5") / UDP(53, 5353) / RawPDU(query.serialize()));
  write(EthernetII() / IP("203.0.113.7", "192.168.10.5") / ICMP(ICMP::ECHO_REQUEST));
  TCP probe(443, 40001);
  probe.flags(TCP::SYN | TCP::FIN);
  write(EthernetII() / IP("203.0.113.7", "192.168.10.5") / probe);
  write(EthernetII() / IP("192.168.10.5", "192.168.10.9") / UDP(5353, 53));
  return path;
}

nlohmann::json Metrics(const std::string& dir) { return nlohmann::json::parse(std::ifstream(dir + "/metrics.json")); }

/// Nothing of a finished run remains: every ntlab namespace left belongs to a live process (a
/// test running in parallel), and the host's namespace holds no lab veth or table.
void CheckNothingLeftOver() {
  for (const auto& name : NamespacesWithPrefix("ntlab-")) {
    pid_t pid = static_cast<pid_t>(std::stol(name.substr(6)));
    INFO(name);
    CHECK(::kill(pid, 0) == 0);
  }
  CHECK(RunShell("ip -o link show | grep -E ' (ent0|iso0|rsp0|gw0)[@:]'").output.empty());
  CHECK(RunShell("nft list tables 2>&1 | grep ntlab_").output.empty());
}

}  // namespace

TEST_CASE("isolation lab: 002's rules deliver the replay inside isolation and leak nothing", "[analysis][kernel][e2e]") {
  if (!KernelLabAllowed()) return;
  const std::string dir = Folder("paper");
  auto run = Ntlab("isolate --pcap " + BotCapture(dir) + " --out " + dir + "/out");
  INFO(run.output);
  REQUIRE(run.exit_code == 0);
  auto m = Metrics(dir + "/out");
  CHECK(m["moved_host"] == "192.168.10.5");
  CHECK(m["replayed_packets"] == 7);
  CHECK(m["skipped_other_hosts"] == 3);
  CHECK(m["gateway_received_from_isolation"] == 7);
  CHECK(m["leaked_packets"] == 0);
  CHECK(m["delivered_packets"].get<int>() >= 3);         // the SYN, the DNS query and the ping at least
  CHECK(m["replies_to_isolated_host"].get<int>() >= 3);  // RST, ICMP port unreachable, echo reply
  CHECK(m["contained_by_graph"] == true);
  // Every packet from isolation met exactly one of the forward rules for iso0: Steps 1-2, Step 3 or the drop.
  const auto& hits = m["gateway_forward_hits"];
  REQUIRE(hits.size() == 5);
  CHECK(hits[0]["packets"].get<int>() + hits[1]["packets"].get<int>() + hits[3]["packets"].get<int>() == 7);
  CHECK(hits[3]["packets"].get<int>() >= 1);  // the SYN|FIN probe, invalid to conntrack
  CHECK(fs::exists(dir + "/out/rules.nft"));
  CheckNothingLeftOver();
}

TEST_CASE("isolation lab: wrong rule sets leak, and the counters and the graph both catch it", "[analysis][kernel][e2e]") {
  if (!KernelLabAllowed()) return;
  for (const std::string rules : {"accept-new", "no-final-drop"}) {
    const std::string dir = Folder(rules);
    auto run = Ntlab("isolate --pcap " + BotCapture(dir) + " --rules " + rules + " --out " + dir + "/out");
    INFO(rules << ": " << run.output);
    REQUIRE(run.exit_code == 0);
    auto m = Metrics(dir + "/out");
    CHECK(m["leaked_packets"].get<int>() > 0);
    CHECK(m["contained_by_counters"] == false);
    CHECK(m["contained_by_graph"] == false);
    CHECK(m["graph_leak_path"].back() == "enterprise");
  }
  CheckNothingLeftOver();
}

TEST_CASE("isolation lab: re-enacted sessions get the recorded answer through Step 3, sealed", "[analysis][kernel][e2e]") {
  if (!KernelLabAllowed()) return;
  const std::string dir = Folder("sessions");
  auto run = Ntlab("isolate --mode sessions --pcap " + BotCapture(dir) + " --out " + dir + "/out");
  INFO(run.output);
  REQUIRE(run.exit_code == 0);
  auto m = Metrics(dir + "/out");
  CHECK(m["sessions"] == 1);
  CHECK(m["sessions_opened"] == 1);
  CHECK(m["sessions_answered_as_recorded"] == 1);
  CHECK(m["conntrack_committed"] == 1);
  CHECK(m["leaked_packets"] == 0);
  CHECK(m["gateway_forward_hits"][0]["packets"] == 1);          // Steps 1-2: the SYN
  CHECK(m["gateway_forward_hits"][1]["packets"].get<int>() >= 2);  // Step 3: request, ACKs, FIN
  CheckNothingLeftOver();
}

TEST_CASE("isolation lab: with well-formed sessions only the graph sees the missing drop", "[analysis][kernel][e2e]") {
  if (!KernelLabAllowed()) return;
  const std::string dir = Folder("sessions-wrong");
  const std::string capture = BotCapture(dir);
  auto leaking = Ntlab("isolate --mode sessions --rules accept-new --pcap " + capture + " --out " + dir + "/new");
  REQUIRE(leaking.exit_code == 0);
  CHECK(Metrics(dir + "/new")["leaked_packets"].get<int>() > 0);
  CHECK(Metrics(dir + "/new")["sessions_opened"] == 0);
  // No invalid packet is sent, so the open policy lets nothing out that the counters could see:
  // the dynamic check covers only the traffic that happened, the static one every packet.
  auto quiet = Ntlab("isolate --mode sessions --rules no-final-drop --pcap " + capture + " --out " + dir + "/nodrop");
  REQUIRE(quiet.exit_code == 0);
  CHECK(Metrics(dir + "/nodrop")["leaked_packets"] == 0);
  CHECK(Metrics(dir + "/nodrop")["contained_by_graph"] == false);
  CheckNothingLeftOver();
}

TEST_CASE("isolation lab: a build that fails, or a run that throws, leaves no namespace", "[analysis][kernel]") {
  if (!KernelLabAllowed()) return;
  const std::string own = LabPrefix(::getpid());
  CHECK_THROWS_WITH(NamespaceLab(StandardLabTopology(), "table ip broken { chain c { nonsense; } }\n", {}),
                    Catch::Contains("nft"));
  CHECK(NamespacesWithPrefix(own).empty());
  try {
    NamespaceLab lab(StandardLabTopology(), RenderNft(RuleSetByName("paper"), StandardLabTopology()), {});
    CHECK(NamespacesWithPrefix(own).size() == 4);
    throw std::runtime_error("a failing replay");
  } catch (const std::runtime_error&) {
  }
  CHECK(NamespacesWithPrefix(own).empty());
  CheckNothingLeftOver();
}

TEST_CASE("isolation lab: SIGTERM during the replay removes the namespaces and the outputs", "[analysis][kernel][e2e]") {
  if (!KernelLabAllowed()) return;
  const std::string dir = Folder("interrupted");
  const std::string capture = BotCapture(dir);
  auto started = RunShell(std::string(NTLAB_BINARY_DIR) + "/ntlab isolate --gap-us 2000000 --pcap " + capture +
                          " --out " + dir + "/out > " + dir + "/log 2>&1 & echo $!");
  const pid_t pid = static_cast<pid_t>(std::stol(started.output));
  const std::string prefix = LabPrefix(pid);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (NamespacesWithPrefix(prefix).size() < 4 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  REQUIRE(NamespacesWithPrefix(prefix).size() == 4);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // into the replay
  ::kill(pid, SIGTERM);
  while (::kill(pid, 0) == 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK(NamespacesWithPrefix(prefix).empty());
  CHECK_FALSE(fs::exists(dir + "/out"));
  std::ifstream log(dir + "/log");
  std::string said((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
  CHECK_THAT(said, Catch::Contains("interrupted by SIGTERM"));
  CheckNothingLeftOver();
}

TEST_CASE("isolation lab: namespaces left by a run that died are removed by the next", "[analysis][kernel]") {
  if (!KernelLabAllowed()) return;
  const pid_t dead = static_cast<pid_t>(std::stol(RunShell("sh -c 'echo $$'").output));  // exited already
  const std::string name = LabPrefix(dead) + "gateway";
  REQUIRE(RunShell("ip netns add " + name).exit_code == 0);
  auto removed = RemoveLeftoversOfDeadRuns();
  CHECK(std::find(removed.begin(), removed.end(), name) != removed.end());
  CHECK(NamespacesWithPrefix(LabPrefix(dead)).empty());
}

TEST_CASE("isolate: refused clearly without root, with a rule set it does not know, or nothing to replay", "[analysis][e2e]") {
  const std::string dir = Folder("refusals");
  const std::string capture = BotCapture(dir);
  auto unknown = Ntlab("isolate --pcap " + capture + " --rules open --out " + dir + "/x");
  CHECK(unknown.exit_code == 2);
  std::ofstream(dir + "/not-a-capture.pcap") << "hello";
  if (::geteuid() == 0) {
    auto bad = Ntlab("isolate --pcap " + dir + "/not-a-capture.pcap --out " + dir + "/bad");
    CHECK(bad.exit_code == 2);
    CHECK_THAT(bad.output, Catch::Contains("not-a-capture.pcap: cannot read the capture"));
    CHECK_FALSE(fs::exists(dir + "/bad"));
  }
  if (::geteuid() == 0 && RunShell("command -v setpriv").exit_code == 0) {
    auto user = RunShell("setpriv --reuid=65534 --regid=65534 --clear-groups " + std::string(NTLAB_BINARY_DIR) +
                         "/ntlab isolate --pcap " + capture + " --out /tmp/isolate-nobody-" +
                         std::to_string(::getpid()) + " 2>&1");
    INFO(user.output);
    CHECK(user.exit_code == 2);
    CHECK_THAT(user.output, Catch::Contains("needs root (network namespaces)"));
  }
  if (::geteuid() == 0) {
    // A PATH with ip and sysctl but no nft: the message names the package to install.
    const std::string tools = dir + "/tools";
    fs::create_directories(tools);
    for (const char* tool : {"ip", "sysctl"}) {
      auto found = RunShell(std::string("command -v ") + tool);
      fs::create_symlink(found.output.substr(0, found.output.find('\n')), tools + "/" + tool);
    }
    auto no_nft = RunShell("env PATH=" + tools + " " + std::string(NTLAB_BINARY_DIR) + "/ntlab isolate --pcap " +
                           capture + " --out " + dir + "/no-nft 2>&1");
    CHECK(no_nft.exit_code == 2);
    CHECK_THAT(no_nft.output, Catch::Contains("install the Debian package 'nftables'"));
    auto nothing = Ntlab("isolate --pcap " + capture + " --host 10.9.9.9 --out " + dir + "/none");
    CHECK(nothing.exit_code == 2);
    CHECK_THAT(nothing.output, Catch::Contains("no IPv4 packet sent by 10.9.9.9"));
    CHECK_FALSE(fs::exists(dir + "/none"));
  }
}
