// Loopback sockets the socket-logger tests open in their own process, so that the rows' PID and
// image name are known: a TCP listener, connections to it, a bound UDP socket. Loopback only.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <fstream>
#include <stdexcept>
#include <string>

namespace ntlab::test_support {

class Fd {
 public:
  explicit Fd(int fd = -1) : m_fd(fd) {
    if (fd < 0) throw std::runtime_error("socket() failed");
  }
  ~Fd() { if (m_fd >= 0) close(m_fd); }
  Fd(Fd&& o) noexcept : m_fd(o.m_fd) { o.m_fd = -1; }
  Fd(const Fd&) = delete;
  int get() const { return m_fd; }
  void Close() { if (m_fd >= 0) close(m_fd); m_fd = -1; }
 private:
  int m_fd;
};

inline sockaddr_in Loopback(std::uint16_t port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

inline std::uint16_t LocalPort(int fd) {
  sockaddr_in a{};
  socklen_t n = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &n);
  return ntohs(a.sin_port);
}

/// A bound socket of `type` on 127.0.0.1 and a kernel-chosen port; listening if TCP.
inline Fd BoundLoopback(int type) {
  Fd fd(socket(AF_INET, type | SOCK_CLOEXEC, 0));
  sockaddr_in a = Loopback(0);
  if (bind(fd.get(), reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) throw std::runtime_error("bind failed");
  if (type == SOCK_STREAM && listen(fd.get(), 512) != 0) throw std::runtime_error("listen failed");
  return fd;
}

/// A connected TCP client to the loopback listener on `port`.
inline Fd ConnectLoopback(std::uint16_t port) {
  Fd fd(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_in a = Loopback(port);
  if (connect(fd.get(), reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) throw std::runtime_error("connect failed");
  return fd;
}

/// This process's image name as /proc/self/comm (and `ss -p`) gives it.
inline std::string OwnProcessName() {
  std::ifstream in("/proc/self/comm");
  std::string name;
  std::getline(in, name);
  return name;
}

}  // namespace ntlab::test_support
