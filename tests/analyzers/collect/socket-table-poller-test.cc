#include "analyzers/collect/socket-table-poller.h"

#include "analyzers/collect/socket-change-log.h"
#include "tests/support/loopback-sockets.h"

#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <optional>

using namespace ntlab;
using namespace ntlab::test_support;

namespace {

const Ipv4 kLoopback = 0x7F000001;

// A poller, or nothing (and a warning) where the kernel has no sock_diag: the tests' only skip.
std::optional<std::vector<SocketRow>> PollOnce(SocketTablePoller& poller, SocketPollCounts& counts) {
  try {
    return poller.Poll(1000, counts);
  } catch (const SockDiagUnavailable& e) {
    WARN("skipped: netlink sock_diag is not available here (" << e.what() << ")");
    return std::nullopt;
  }
}

bool Has(const std::vector<SocketRow>& rows, Proto proto, std::uint16_t localPort, std::optional<Endpoint> remote,
         SocketState state, std::uint32_t pid, const std::string& process) {
  return std::any_of(rows.begin(), rows.end(), [&](const SocketRow& r) {
    return r.proto == proto && r.local_ip == kLoopback && r.local_port == localPort && r.remote == remote &&
           r.state == state && r.pid == pid && r.process == process && r.host == "probe";
  });
}

bool OwnsPort(const std::vector<SocketRow>& rows, std::uint16_t localPort, std::uint32_t pid) {
  return std::any_of(rows.begin(), rows.end(),
                     [&](const SocketRow& r) { return r.local_port == localPort && r.pid == pid; });
}

/// A poller, or null (with a warning) where the kernel offers no sock_diag: the test then skips.
std::unique_ptr<SocketTablePoller> PollerOrNull() {
  try {
    return std::make_unique<SocketTablePoller>("probe");
  } catch (const SockDiagUnavailable& e) {
    WARN("skipped: netlink sock_diag is not available here (" << e.what() << ")");
    return nullptr;
  }
}

}  // namespace

TEST_CASE("sock_diag poll names this process for its loopback listener, connection and UDP socket",
          "[analysis][collect]") {
  std::unique_ptr<SocketTablePoller> poller = PollerOrNull();
  if (!poller) return;
  Fd listener = BoundLoopback(SOCK_STREAM);
  Fd udp = BoundLoopback(SOCK_DGRAM);
  std::uint16_t serverPort = LocalPort(listener.get());
  Fd client = ConnectLoopback(serverPort);
  Fd accepted(accept(listener.get(), nullptr, nullptr));
  std::uint16_t clientPort = LocalPort(client.get());
  SocketPollCounts counts;
  auto rows = PollOnce(*poller, counts);
  if (!rows) return;
  const std::uint32_t pid = std::uint32_t(getpid());
  const std::string name = OwnProcessName();
  CHECK(counts.sockets >= 4);
  CHECK(Has(*rows, Proto::Tcp, serverPort, std::nullopt, SocketState::Listen, pid, name));
  CHECK(Has(*rows, Proto::Tcp, clientPort, Endpoint{kLoopback, serverPort}, SocketState::Established, pid, name));
  CHECK(Has(*rows, Proto::Tcp, serverPort, Endpoint{kLoopback, clientPort}, SocketState::Established, pid, name));
  CHECK(Has(*rows, Proto::Udp, LocalPort(udp.get()), std::nullopt, SocketState::None, pid, name));
}

TEST_CASE("a connection opened and closed between two polls is missed: the method's known limit",
          "[analysis][collect]") {
  std::unique_ptr<SocketTablePoller> poller = PollerOrNull();
  if (!poller) return;
  Fd listener = BoundLoopback(SOCK_STREAM);
  SocketPollCounts counts;
  if (!PollOnce(*poller, counts)) return;
  std::uint16_t shortPort = 0;
  {
    Fd client = ConnectLoopback(LocalPort(listener.get()));
    Fd accepted(accept(listener.get(), nullptr, nullptr));
    shortPort = LocalPort(client.get());
    client.Close();  // the client closes first, so its side is the one left in TIME_WAIT
  }  // both ends closed before the next poll
  auto after = PollOnce(*poller, counts);
  REQUIRE(after);
  // No poll saw the connection while a process held it: its owner is lost. The kernel still shows
  // the closing side's TIME_WAIT row, with pid 0, like Windows (docs/collection.md).
  CHECK_FALSE(OwnsPort(*after, shortPort, std::uint32_t(getpid())));
  CHECK(OwnsPort(*after, shortPort, 0));
}

TEST_CASE("Linux TCP states map to the log's MIB_TCP_STATE names", "[analysis][collect]") {
  CHECK(LinuxTcpState(1) == SocketState::Established);
  CHECK(LinuxTcpState(6) == SocketState::TimeWait);
  CHECK(LinuxTcpState(10) == SocketState::Listen);
  CHECK(LinuxTcpState(12) == SocketState::SynRcvd);
  CHECK(LinuxTcpState(8) == SocketState::CloseWait);
  CHECK(LinuxTcpState(7) == SocketState::Closed);
}

TEST_CASE("a socket a forked child also holds goes to the parent, though the newest process is read first",
          "[analysis][collect]") {
  std::unique_ptr<SocketTablePoller> poller = PollerOrNull();
  if (!poller) return;
  Fd listener = BoundLoopback(SOCK_STREAM);
  int ready[2];
  REQUIRE(pipe(ready) == 0);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {  // holds the inherited listener until killed
    close(ready[0]);
    if (write(ready[1], "r", 1) != 1) _exit(1);
    pause();
    _exit(0);
  }
  close(ready[1]);
  char byte;
  REQUIRE(read(ready[0], &byte, 1) == 1);
  close(ready[0]);
  SocketPollCounts counts;
  auto rows = PollOnce(*poller, counts);
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  if (!rows) return;
  // The child has the higher PID, so the scan reads it first: the lowest-PID rule must still hold.
  CHECK(OwnsPort(*rows, LocalPort(listener.get()), std::uint32_t(getpid())));
  CHECK_FALSE(OwnsPort(*rows, LocalPort(listener.get()), std::uint32_t(child)));
}

TEST_CASE("sock_diag poll writes IPv6 sockets with their addresses, mapped ones as IPv4", "[analysis][collect][ipv6]") {
  std::unique_ptr<SocketTablePoller> poller = PollerOrNull();
  if (!poller) return;
  // An IPv6-only listener on ::1 (where the kernel has IPv6), and a dual-stack one on :: .
  Fd only6(socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0)), dual(socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0));
  int yes = 1, no = 0;
  sockaddr_in6 address{};
  address.sin6_family = AF_INET6;
  address.sin6_addr = in6addr_loopback;
  if (only6.get() < 0 || setsockopt(only6.get(), IPPROTO_IPV6, IPV6_V6ONLY, &yes, sizeof yes) != 0 ||
      bind(only6.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || listen(only6.get(), 4) != 0) {
    WARN("skipped: no IPv6 loopback here");
    return;
  }
  address.sin6_addr = in6addr_any;
  REQUIRE(setsockopt(dual.get(), IPPROTO_IPV6, IPV6_V6ONLY, &no, sizeof no) == 0);
  REQUIRE(bind(dual.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  REQUIRE(listen(dual.get(), 4) == 0);
  Fd client = ConnectLoopback(LocalPort(dual.get()));  // IPv4 to the dual-stack listener: ::ffff:127.0.0.1
  Fd accepted(accept(dual.get(), nullptr, nullptr));
  SocketPollCounts counts;
  auto rows = PollOnce(*poller, counts);
  if (!rows) return;
  auto row = [&](std::uint16_t port, SocketState state) -> const SocketRow* {
    auto it = std::find_if(rows->begin(), rows->end(),
                           [&](const SocketRow& r) { return r.local_port == port && r.state == state; });
    return it == rows->end() ? nullptr : &*it;
  };
  const SocketRow* v6 = row(LocalPort(only6.get()), SocketState::Listen);
  REQUIRE(v6);
  CHECK(FormatIp(v6->local_ip) == "::1");
  const SocketRow* wildcard = row(LocalPort(dual.get()), SocketState::Listen);
  REQUIRE(wildcard);
  CHECK(FormatIp(wildcard->local_ip) == "0.0.0.0");
  const SocketRow* mapped = row(LocalPort(dual.get()), SocketState::Established);
  REQUIRE(mapped);
  CHECK(mapped->local_ip == IpAddress(kLoopback));
  REQUIRE(mapped->remote);
  CHECK(mapped->remote->ip == IpAddress(kLoopback));
}
