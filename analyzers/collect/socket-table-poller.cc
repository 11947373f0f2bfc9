#include "analyzers/collect/socket-table-poller.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

namespace ntlab {

struct SocketTablePoller::KernelSocket {
  Proto proto = Proto::Tcp;
  std::uint8_t family = AF_INET;
  std::uint8_t state = 0;
  bool v6only = false;
  in6_addr local{}, remote{};   // IPv4 in the first four bytes when family is AF_INET
  std::uint16_t local_port = 0, remote_port = 0;
  std::uint32_t inode = 0;
};

namespace {

std::uint32_t ReadIpv4(const void* bytes) {
  std::uint32_t network;
  std::memcpy(&network, bytes, 4);
  return ntohl(network);
}

// The address a socket's address stands for: an AF_INET address, an IPv4-mapped IPv6 address as
// the IPv4 address it is (IpAddress::FromIpv6Bytes), the wildcard of a dual-stack socket as
// 0.0.0.0 (it takes IPv4 too; both are wildcards to the labeler), any other IPv6 address as itself.
IpAddress AsAddress(std::uint8_t family, const in6_addr& a, bool dualStack) {
  if (family == AF_INET) return IpAddress(ReadIpv4(&a));
  if (dualStack && IN6_IS_ADDR_UNSPECIFIED(&a)) return IpAddress();
  return IpAddress::FromIpv6Bytes(a.s6_addr);
}

std::string ReadProcessName(const std::string& pid) {
  std::ifstream in("/proc/" + pid + "/comm");
  std::string name;
  std::getline(in, name);
  return name;
}

bool IsNumber(const char* text) {
  if (!*text) return false;
  for (; *text; ++text)
    if (*text < '0' || *text > '9') return false;
  return true;
}

// The socket inodes one process holds, from the "socket:[N]" links of /proc/<pid>/fd.
std::vector<std::uint32_t> SocketInodesOf(const std::string& pid) {
  std::vector<std::uint32_t> inodes;
  std::string dir = "/proc/" + pid + "/fd";
  DIR* fds = opendir(dir.c_str());
  if (!fds) return inodes;  // gone, or not ours to read
  char target[64];
  while (dirent* fd = readdir(fds)) {
    std::string link = dir + "/" + fd->d_name;
    ssize_t n = readlink(link.c_str(), target, sizeof target - 1);
    if (n <= 8 || std::strncmp(target, "socket:[", 8) != 0) continue;
    target[n] = '\0';
    inodes.push_back(std::uint32_t(std::strtoul(target + 8, nullptr, 10)));
  }
  closedir(fds);
  return inodes;
}

}  // namespace

SocketState LinuxTcpState(std::uint8_t state) {
  switch (state) {
    case 1: return SocketState::Established;
    case 2: return SocketState::SynSent;
    case 3: case 12: return SocketState::SynRcvd;  // TCP_SYN_RECV, TCP_NEW_SYN_RECV
    case 4: return SocketState::FinWait1;
    case 5: return SocketState::FinWait2;
    case 6: return SocketState::TimeWait;
    case 8: return SocketState::CloseWait;
    case 9: return SocketState::LastAck;
    case 10: return SocketState::Listen;
    case 11: return SocketState::Closing;
    default: return SocketState::Closed;          // TCP_CLOSE and anything newer
  }
}

const SocketOwnerMap::Owner& SocketOwnerMap::Find(std::uint32_t inode, bool& scanned) {
  if (inode == 0 || m_ownerless.count(inode)) return m_none;
  auto it = m_owners.find(inode);
  if (it != m_owners.end()) return it->second;
  Scan();
  scanned = true;
  it = m_owners.find(inode);
  if (it != m_owners.end()) return it->second;
  m_ownerless.insert(inode);  // not looked for again while it lives: one scan per new inode at most
  return m_none;
}

void SocketOwnerMap::Retain(const std::unordered_set<std::uint32_t>& live) {
  for (auto it = m_owners.begin(); it != m_owners.end();) it = live.count(it->first) ? std::next(it) : m_owners.erase(it);
  for (auto it = m_ownerless.begin(); it != m_ownerless.end();)
    it = live.count(*it) ? std::next(it) : m_ownerless.erase(it);
}

// One pass over /proc, as `ss -p` makes. A socket several processes hold (inherited across fork)
// goes to the lowest PID, so that the choice does not depend on directory order. The newest
// processes (highest PIDs) are read first: a scan is made for a socket not seen before, and a
// short-lived client that made it (a curl in the lab of docs/collection.md) may exit while the
// scan reads the hundreds of older processes. The name is read before the descriptors, so that
// a process exiting in between leaves its sockets unowned, never owned by a PID with no name.
void SocketOwnerMap::Scan() {
  std::vector<std::uint32_t> pids;
  if (DIR* proc = opendir("/proc")) {
    while (dirent* entry = readdir(proc))
      if (IsNumber(entry->d_name)) pids.push_back(std::uint32_t(std::strtoul(entry->d_name, nullptr, 10)));
    closedir(proc);
  }
  std::sort(pids.rbegin(), pids.rend());
  for (std::uint32_t pid : pids) {
    const std::string id = std::to_string(pid);
    std::string name = ReadProcessName(id);
    if (name.empty()) continue;  // gone already
    for (std::uint32_t inode : SocketInodesOf(id)) {
      auto [it, added] = m_owners.try_emplace(inode, Owner{pid, name});
      if (!added && pid < it->second.pid) it->second = Owner{pid, name};
      m_ownerless.erase(inode);
    }
  }
}

SocketTablePoller::SocketTablePoller(std::string host) : m_host(std::move(host)) {
  m_fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  if (m_fd < 0) throw SockDiagUnavailable(std::string("netlink sock_diag socket: ") + std::strerror(errno));
}

SocketTablePoller::~SocketTablePoller() { close(m_fd); }

// One NLM_F_DUMP request for (family, protocol), every state, and its multi-part answer.
void SocketTablePoller::Dump(std::uint8_t family, std::uint8_t protocol, std::vector<KernelSocket>& out) {
  struct {
    nlmsghdr header;
    inet_diag_req_v2 request;
  } message{};
  message.header.nlmsg_len = sizeof message;
  message.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  message.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  message.request.sdiag_family = family;
  message.request.sdiag_protocol = protocol;
  message.request.idiag_states = ~0u;
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  if (sendto(m_fd, &message, sizeof message, 0, reinterpret_cast<sockaddr*>(&kernel), sizeof kernel) < 0)
    throw SockDiagUnavailable(std::string("sock_diag request: ") + std::strerror(errno));
  alignas(nlmsghdr) char buffer[32768];
  for (;;) {
    ssize_t n = recv(m_fd, buffer, sizeof buffer, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw SockDiagUnavailable(std::string("sock_diag answer: ") + std::strerror(errno));
    int left = int(n);
    for (auto* h = reinterpret_cast<nlmsghdr*>(buffer); NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
      if (h->nlmsg_type == NLMSG_DONE) return;
      if (h->nlmsg_type == NLMSG_ERROR) {
        auto* error = static_cast<nlmsgerr*>(NLMSG_DATA(h));
        throw SockDiagUnavailable(std::string("sock_diag dump refused: ") + std::strerror(-error->error));
      }
      auto* msg = static_cast<inet_diag_msg*>(NLMSG_DATA(h));
      KernelSocket s;
      s.proto = protocol == IPPROTO_TCP ? Proto::Tcp : Proto::Udp;
      s.family = msg->idiag_family;
      s.state = msg->idiag_state;
      std::memcpy(&s.local, msg->id.idiag_src, sizeof s.local);
      std::memcpy(&s.remote, msg->id.idiag_dst, sizeof s.remote);
      s.local_port = ntohs(msg->id.idiag_sport);
      s.remote_port = ntohs(msg->id.idiag_dport);
      s.inode = msg->idiag_inode;
      int attributes = int(h->nlmsg_len - NLMSG_LENGTH(sizeof *msg));
      for (auto* a = reinterpret_cast<rtattr*>(msg + 1); RTA_OK(a, attributes); a = RTA_NEXT(a, attributes))
        if (a->rta_type == INET_DIAG_SKV6ONLY) s.v6only = *static_cast<std::uint8_t*>(RTA_DATA(a)) != 0;
      out.push_back(s);
    }
  }
}

std::vector<SocketRow> SocketTablePoller::Poll(TimeUs ts, SocketPollCounts& counts) {
  std::vector<KernelSocket> sockets;
  for (std::uint8_t family : {std::uint8_t(AF_INET), std::uint8_t(AF_INET6)})
    for (std::uint8_t protocol : {std::uint8_t(IPPROTO_TCP), std::uint8_t(IPPROTO_UDP)}) Dump(family, protocol, sockets);
  counts.sockets += sockets.size();
  std::vector<SocketRow> rows;
  std::unordered_set<std::uint32_t> live;
  bool scanned = false;
  for (const KernelSocket& s : sockets) {
    live.insert(s.inode);
    const IpAddress local = AsAddress(s.family, s.local, !s.v6only);
    const IpAddress remote = AsAddress(s.family, s.remote, !s.v6only);
    SocketRow row;
    row.ts = ts;
    row.host = m_host;
    row.proto = s.proto;
    row.local_ip = local;
    row.local_port = s.local_port;
    row.state = s.proto == Proto::Tcp ? LinuxTcpState(s.state) : SocketState::None;
    if (s.remote_port != 0) row.remote = Endpoint{remote, s.remote_port};  // none: LISTEN, unconnected UDP
    const SocketOwnerMap::Owner& owner = m_owners.Find(s.inode, scanned);
    if (owner.pid == 0) ++counts.unowned;
    row.pid = owner.pid;
    row.process = owner.process;
    rows.push_back(std::move(row));
  }
  if (scanned) ++counts.proc_scans;
  m_owners.Retain(live);
  return rows;
}

}  // namespace ntlab
