#include "replay/isolation/session-actors.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace ntlab {
namespace {

constexpr int kSessionTimeoutMs = 1000;  // per connect / read: a leaked connection is never answered

sockaddr_in SocketAddress(Ipv4 ip, std::uint16_t port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(ip);
  a.sin_port = htons(port);
  return a;
}

void SetTimeouts(int fd) {
  timeval tv{kSessionTimeoutMs / 1000, (kSessionTimeoutMs % 1000) * 1000};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

bool SendAll(int fd, const std::string& bytes) {
  for (std::size_t sent = 0; sent < bytes.size();) {
    ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

/// Reads until `limit` bytes, the peer's end of stream, or the timeout.
std::string Receive(int fd, std::size_t limit) {
  std::string bytes;
  char buffer[4096];
  while (bytes.size() < limit) {
    ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    bytes.append(buffer, static_cast<std::size_t>(n));
  }
  return bytes;
}

}  // namespace

ScriptedResponder::ScriptedResponder(const std::vector<ScriptedSession>& script) {
  std::map<std::uint16_t, int> by_port;
  for (const auto& session : script) {
    if (!by_port.count(session.server_port)) {
      int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      int on = 1;
      ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
      sockaddr_in any = SocketAddress(INADDR_ANY, session.server_port);
      if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&any), sizeof any) != 0 || ::listen(fd, 64) != 0) {
        std::string why = std::strerror(errno);
        if (fd >= 0) ::close(fd);
        throw std::runtime_error("responder: cannot listen on port " + std::to_string(session.server_port) + ": " + why);
      }
      by_port[session.server_port] = fd;
      m_next[fd] = 0;
    }
    m_queue[by_port[session.server_port]].push_back(&session);
  }
}

ScriptedResponder::~ScriptedResponder() {
  for (const auto& [fd, sessions] : m_queue) ::close(fd);
}

void ScriptedResponder::Answer(int listener) {
  int fd = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
  if (fd < 0) return;
  SetTimeouts(fd);
  auto& queue = m_queue[listener];
  const ScriptedSession* session = queue[std::min(m_next[listener], queue.size() - 1)];
  ++m_next[listener];
  Receive(fd, session->request.size());
  if (SendAll(fd, session->response)) ++m_answered;
  ::shutdown(fd, SHUT_WR);
  Receive(fd, 1);  // the host's end of stream, so that the connection closes in order
  ::close(fd);
}

std::size_t ScriptedResponder::Serve(const std::atomic<bool>& done) {
  std::vector<pollfd> fds;
  for (const auto& [fd, sessions] : m_queue) fds.push_back({fd, POLLIN, 0});
  while (!done) {
    if (::poll(fds.data(), fds.size(), 100) <= 0) continue;
    for (auto& p : fds)
      if (p.revents & POLLIN) Answer(p.fd);
  }
  return m_answered;
}

HostOutcome ActOutHost(const std::vector<ScriptedSession>& script, Ipv4 host, const std::atomic<bool>& stop) {
  HostOutcome outcome;
  for (const auto& session : script) {
    if (stop) break;
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) continue;
    SetTimeouts(fd);
    sockaddr_in from = SocketAddress(host, 0), to = SocketAddress(session.server, session.server_port);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from) == 0 &&
        ::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) == 0) {
      ++outcome.opened;
      SendAll(fd, session.request);
      ::shutdown(fd, SHUT_WR);
      if (Receive(fd, session.response.size() + 1) == session.response) ++outcome.answered;
    }
    ::close(fd);
  }
  return outcome;
}

}  // namespace ntlab
