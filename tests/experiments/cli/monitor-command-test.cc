// `ntlab monitor` on a real interface: a veth pair whose far end sits in a network namespace the
// test creates (root; torn down also when a check fails). From inside the namespace, a "resolver"
// answers live.example with the far end's address and a web server accepts one HTTP request; the
// monitor must label that connection with the name, read its Host, and report the kernel's drops.
#include "analyzers/formats/domain-files.h"
#include "tests/support/command-outcome.h"
#include "tests/support/text-files.h"
#include "tests/support/veth-addresses.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

using namespace ntlab;
using namespace ntlab::test_support;
namespace fs = std::filesystem;

namespace {

const VethAddresses kLink = VethAddressesFor(213);
const std::string kNear = kLink.Near();
const std::string kFar = kLink.Far();

/// The namespace and the veth pair, removed by the destructor whatever happened in between.
struct VethLab {
  std::string ns = "ntlabmon" + std::to_string(::getpid());
  std::string near = "nmon" + std::to_string(::getpid()) + "a";
  std::string far = "nmon" + std::to_string(::getpid()) + "b";
  bool up = false;

  VethLab() {
    const std::string in = "ip netns exec " + ns + " ";
    up = RunShell("ip netns add " + ns + " && ip link add " + near + " type veth peer name " + far + " && ip link set " +
                  far + " netns " + ns + " && ip addr add " + kNear + "/30 dev " + near + " && ip link set " + near +
                  " up && " + in + "ip addr add " + kFar + "/30 dev " + far + " && " + in + "ip link set " + far +
                  " up && " + in + "ip link set lo up 2>&1")
             .exit_code == 0;
  }
  ~VethLab() { RunShell("ip link delete " + near + " 2>/dev/null; ip netns delete " + ns + " 2>/dev/null"); }
};

sockaddr_in Address(const std::string& ip, std::uint16_t port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  inet_pton(AF_INET, ip.c_str(), &a.sin_addr);
  return a;
}

// A DNS response: live.example A -> kFar, TTL 60.
std::vector<std::uint8_t> DnsAnswer() {
  std::vector<std::uint8_t> m = {0x12, 0x34, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0};
  for (const char* label : {"live", "example"}) {
    m.push_back(static_cast<std::uint8_t>(std::strlen(label)));
    m.insert(m.end(), label, label + std::strlen(label));
  }
  m.insert(m.end(), {0, 0, 1, 0, 1, 0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4});
  m.insert(m.end(), kLink.far.begin(), kLink.far.end());
  return m;
}

// In the namespace (a child process): the answer to the near end, then one HTTP exchange. One
// byte on `ready` once both are done being set up, so the request cannot come before the answer.
[[noreturn]] void FarEnd(const std::string& ns, int ready) {
  int nsFd = ::open(("/var/run/netns/" + ns).c_str(), O_RDONLY);
  if (nsFd < 0 || ::setns(nsFd, CLONE_NEWNET) != 0) ::_exit(10);
  int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in web = Address(kFar, 8080);
  if (::bind(listener, reinterpret_cast<sockaddr*>(&web), sizeof web) != 0 || ::listen(listener, 1) != 0) ::_exit(11);
  int udp = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in resolver = Address(kFar, 53), client = Address(kNear, 40053);
  if (::bind(udp, reinterpret_cast<sockaddr*>(&resolver), sizeof resolver) != 0) ::_exit(12);
  const auto answer = DnsAnswer();
  ::sendto(udp, answer.data(), answer.size(), 0, reinterpret_cast<sockaddr*>(&client), sizeof client);
  // 3000 bytes over the veth's 1500-byte MTU: the kernel sends it as IPv4 fragments.
  const std::vector<std::uint8_t> large(3000, 0x5a);
  sockaddr_in sink = Address(kNear, 40054);
  ::sendto(udp, large.data(), large.size(), 0, reinterpret_cast<sockaddr*>(&sink), sizeof sink);
  if (::write(ready, "r", 1) != 1) ::_exit(14);
  int conn = ::accept(listener, nullptr, nullptr);
  char buffer[512];
  if (conn < 0 || ::recv(conn, buffer, sizeof buffer, 0) <= 0) ::_exit(13);
  const char reply[] = "HTTP/1.1 204 No Content\r\n\r\n";
  ::send(conn, reply, sizeof reply - 1, 0);
  ::close(conn);
  ::_exit(0);
}

// On the near end: the request, once the far end has answered and listens.
bool Request(int ready) {
  char byte;
  if (::read(ready, &byte, 1) != 1) return false;
  int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in web = Address(kFar, 8080);
  bool answered = false;
  if (::connect(s, reinterpret_cast<sockaddr*>(&web), sizeof web) == 0) {
    const char request[] = "GET / HTTP/1.1\r\nHost: Live.Example\r\n\r\n";
    ::send(s, request, sizeof request - 1, 0);
    char buffer[256];
    answered = ::recv(s, buffer, sizeof buffer, 0) > 0;
  }
  ::close(s);
  return answered;
}

}  // namespace

TEST_CASE("monitor: a live veth labels a connection with the name its DNS answer gave", "[analysis][e2e][monitor][kernel]") {
  if (::geteuid() != 0) {
    WARN("skipped: ntlab monitor's test needs root (a network namespace and a veth pair); CI runs as root");
    return;
  }
  VethLab lab;
  REQUIRE(lab.up);
  const fs::path out = fs::path(TempPath("out"));
  fs::remove_all(out);
  // The exchange starts once monitor says it listens: a fixed 800 ms was a guess that load can beat
  // (ntlab alone takes up to 0.5 s to start at load 14 on 2 cores). The limit bounds a failure.
  const std::string log = TempPath("monitor.log");
  fs::remove(log);
  Outcome monitor;
  std::thread capture([&] {
    monitor = RunShell(std::string(NTLAB_BINARY_DIR) + "/ntlab monitor --iface " + lab.near + " --duration 3 --out " +
                       out.string() + " > " + log + " 2>&1");
    monitor.output = ReadText(log);
  });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (ReadText(log).find(": listening") == std::string::npos && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  int ready[2];
  REQUIRE(::pipe(ready) == 0);
  const pid_t child = ::fork();
  if (child == 0) FarEnd(lab.ns, ready[1]);
  const bool answered = Request(ready[0]);
  ::close(ready[0]);
  ::close(ready[1]);
  int status = 0;
  ::waitpid(child, &status, 0);
  capture.join();
  CHECK(answered);
  CHECK(WEXITSTATUS(status) == 0);
  INFO(monitor.output);
  REQUIRE(monitor.exit_code == 0);
  CHECK_THAT(monitor.output, Catch::Contains("kernel dropped 0"));
  const nlohmann::json metrics = nlohmann::json::parse(ReadText((out / "metrics.json").string()));
  CHECK(metrics["capture"]["kernel_dropped"] == 0);
  CHECK(metrics["capture"]["decoded"].get<std::uint64_t>() >= 4);
  // Counted by reason as a capture file's records are: the ARP exchange is not IP, the large
  // datagram's fragments are put back together, and the skipped-packet line says so.
  CHECK(metrics["capture"]["not_ipv4"].get<std::uint64_t>() >= 1);
  CHECK(metrics["capture"]["reassembly"]["ipv4"]["fragments"].get<std::uint64_t>() >= 3);
  CHECK(metrics["capture"]["reassembly"]["ipv4"]["reassembled"].get<std::uint64_t>() >= 1);
  CHECK_THAT(monitor.output, Catch::Contains(lab.near + ": ") && Catch::Contains("datagrams reassembled"));
  CHECK(metrics["dns_responses"] == 1);
  int found = 0;
  for (const DomainFlowRow& f : ReadDomainFlowsCsv((out / "flows.csv").string())) {
    if (f.remote.port != 8080) continue;
    ++found;
    CHECK(f.domain == "live.example");
    CHECK(f.decision == "dns");
    CHECK(f.http_host == "live.example");
    CHECK(f.http_host_agreement == "agree");
  }
  CHECK(found == 1);
  CHECK(fs::exists(out / "stats.sqlite"));
}

TEST_CASE("monitor: an interface that does not exist is an input error", "[analysis][e2e][monitor]") {
  Outcome o = Ntlab("monitor --iface ntlab-no-such-if --duration 1 --out " + TempPath("none"));
  CHECK(o.exit_code == 2);
  CHECK_THAT(o.output, Catch::Contains("ntlab-no-such-if"));
  CHECK_FALSE(fs::exists(TempPath("none") + "/flows.csv"));
}
