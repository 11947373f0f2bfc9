#include "replay/isolation/namespace-lab.h"

#include "replay/isolation/isolation-rules.h"

#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace ntlab {
namespace {

namespace fs = std::filesystem;
const char* const kNetnsDir = "/run/netns";  // where `ip netns` keeps its namespaces

struct ToolResult {
  int status = -1;
  std::string out, err;
};

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Runs a tool (searched on PATH) with its output caught in temporary files; never through a shell.
ToolResult RunTool(const std::vector<std::string>& args) {
  char out_path[] = "/tmp/ntlab-tool-out-XXXXXX";
  char err_path[] = "/tmp/ntlab-tool-err-XXXXXX";
  int out_fd = ::mkstemp(out_path), err_fd = ::mkstemp(err_path);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_fd, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_fd, STDERR_FILENO);
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  ToolResult result;
  pid_t pid = -1;
  if (::posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ) == 0) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  posix_spawn_file_actions_destroy(&actions);
  ::close(out_fd);
  ::close(err_fd);
  result.out = ReadAll(out_path);
  result.err = ReadAll(err_path);
  ::unlink(out_path);
  ::unlink(err_path);
  return result;
}

std::string FirstLine(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  return line.empty() ? "no message" : line;
}

/// Runs a step of the build; throws naming the step and the tool's own words when it fails.
std::string Step(const std::vector<std::string>& args) {
  ToolResult r = RunTool(args);
  if (r.status != 0) {
    std::string command;
    for (const auto& a : args) command += (command.empty() ? "" : " ") + a;
    throw std::runtime_error("isolation lab: '" + command + "' failed: " + FirstLine(r.err));
  }
  return r.out;
}

bool OnPath(const std::string& tool) {
  std::istringstream path(std::getenv("PATH") ? std::getenv("PATH") : "/usr/sbin:/usr/bin:/sbin:/bin");
  for (std::string dir; std::getline(path, dir, ':');)
    if (!dir.empty() && ::access((dir + "/" + tool).c_str(), X_OK) == 0) return true;
  return false;
}

/// Every namespace this process made, guarded so that an interrupt on another thread removes them
/// all and no new one is made after it.
struct OwnNamespaces {
  std::mutex mutex;
  std::vector<std::string> names;
  bool closed = false;
};

OwnNamespaces& Registry() {
  static OwnNamespaces registry;
  return registry;
}

void AddNamespace(const std::string& name) {
  auto& registry = Registry();
  std::lock_guard<std::mutex> lock(registry.mutex);
  if (registry.closed) throw std::runtime_error("isolation lab: interrupted while it was being built");
  ToolResult r = RunTool({"ip", "netns", "add", name});
  if (r.status != 0)
    throw InputError("needs root (network namespaces): this machine does not allow creating network namespaces "
                     "('ip netns add " + name + "': " + FirstLine(r.err) + ")");
  registry.names.push_back(name);
}

void DeleteNamespaces(std::vector<std::string>& names) {
  for (auto it = names.rbegin(); it != names.rend(); ++it) RunTool({"ip", "netns", "delete", *it});
  names.clear();
}

std::optional<pid_t> OwnerPid(const std::string& name) {
  if (name.rfind("ntlab-", 0) != 0) return std::nullopt;
  std::size_t end = name.find('-', 6);
  if (end == std::string::npos || end == 6) return std::nullopt;
  try {
    return static_cast<pid_t>(std::stol(name.substr(6, end - 6)));
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

std::string LabPrefix(pid_t pid) { return "ntlab-" + std::to_string(pid) + "-"; }

std::vector<std::string> NamespacesWithPrefix(const std::string& prefix) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(kNetnsDir, ec)) {
    std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) == 0) names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<std::string> RemoveLeftoversOfDeadRuns() {
  std::vector<std::string> removed;
  for (const auto& name : NamespacesWithPrefix("ntlab-")) {
    auto pid = OwnerPid(name);
    if (!pid || *pid == ::getpid() || ::kill(*pid, 0) == 0 || errno != ESRCH) continue;  // alive, or not ours
    if (RunTool({"ip", "netns", "delete", name}).status == 0) removed.push_back(name);
  }
  return removed;
}

void RemoveOwnNamespaces() {
  auto& registry = Registry();
  std::lock_guard<std::mutex> lock(registry.mutex);
  registry.closed = true;
  DeleteNamespaces(registry.names);
}

void CheckLabCanRun() {
  if (::geteuid() != 0) throw InputError("isolate needs root (network namespaces): run it as root");
  const std::pair<const char*, const char*> tools[] = {{"ip", "iproute2"}, {"nft", "nftables"}, {"sysctl", "procps"}};
  for (const auto& [tool, package] : tools)
    if (!OnPath(tool))
      throw InputError(std::string("isolate needs '") + tool + "': install the Debian package '" + package + "'");
}

namespace {

std::string AddressText(Ipv4 ip, int prefix) { return FormatIpv4(ip) + "/" + std::to_string(prefix); }

/// The counting table of one namespace: a named counter per interface, read before anything else
/// (priority raw - 100) so that it sees every IPv4 packet that arrives, dropped or not.
std::string CountingRules(const std::vector<std::string>& interfaces) {
  std::ostringstream out;
  out << "table ip ntlab_count {\n";
  for (const auto& i : interfaces) out << "  counter arrivals_" << i << " {}\n";
  out << "  chain count_arrivals {\n    type filter hook prerouting priority raw - 100; policy accept;\n";
  for (const auto& i : interfaces) out << "    iifname \"" << i << "\" counter name \"arrivals_" << i << "\"\n";
  out << "  }\n}\n";
  return out.str();
}

void LoadRules(const std::string& ns, const std::string& rules) {
  char path[] = "/tmp/ntlab-rules-XXXXXX";
  int fd = ::mkstemp(path);
  bool written = fd >= 0 && ::write(fd, rules.data(), rules.size()) == static_cast<ssize_t>(rules.size());
  if (fd >= 0) ::close(fd);
  try {
    if (!written) throw std::runtime_error("isolation lab: cannot write a temporary rule file in /tmp");
    Step({"ip", "netns", "exec", ns, "nft", "-f", path});
  } catch (...) {
    ::unlink(path);
    throw;
  }
  ::unlink(path);
}

}  // namespace

std::uint64_t LabCounters::ArrivalsAt(LabNode node, const LabTopology& topology) const {
  const LabLink& link = topology.LinkOf(node);
  auto it = arrivals.find(std::string(LabNodeName(node)) + ":" + link.node_interface);
  return it == arrivals.end() ? 0 : it->second;
}

NamespaceLab::NamespaceLab(LabTopology topology, const std::string& gateway_rules, const std::vector<Ipv4>& host_aliases)
    : m_topology(std::move(topology)), m_prefix(LabPrefix(::getpid())) {
  try {
    Build(gateway_rules, host_aliases);
  } catch (...) {
    TearDown();
    throw;
  }
}

NamespaceLab::~NamespaceLab() { TearDown(); }

std::string NamespaceLab::Namespace(LabNode node) const { return m_prefix + LabNodeName(node); }

void NamespaceLab::Build(const std::string& gateway_rules, const std::vector<Ipv4>& host_aliases) {
  for (LabNode node : {LabNode::Gateway, LabNode::Enterprise, LabNode::Isolation, LabNode::Responder}) {
    AddNamespace(Namespace(node));
    m_namespaces.push_back(Namespace(node));
  }
  std::vector<std::string> gateway_interfaces;
  for (const auto& link : m_topology.links) {
    AddLink(link);
    gateway_interfaces.push_back(link.gateway_interface);
    LoadRules(Namespace(link.node), CountingRules({link.node_interface}));
  }
  const std::string gw = Namespace(LabNode::Gateway);
  LoadRules(gw, CountingRules(gateway_interfaces));
  const LabLink& out = m_topology.LinkOf(m_topology.gateway_default_route);
  Step({"ip", "-n", gw, "route", "add", "default", "via", FormatIpv4(out.node_address)});
  const LabLink& isolated = m_topology.LinkOf(LabNode::Isolation);
  for (Ipv4 alias : host_aliases) {
    Step({"ip", "-n", Namespace(LabNode::Isolation), "address", "add", AddressText(alias, 32), "dev",
          isolated.node_interface});
    Step({"ip", "-n", gw, "route", "add", AddressText(alias, 32), "dev", isolated.gateway_interface});
  }
  for (LabNode node : {LabNode::Isolation, LabNode::Responder})
    Step({"ip", "-n", Namespace(node), "route", "add", "default", "via",
          FormatIpv4(m_topology.LinkOf(node).gateway_address)});
  LoadRules(gw, gateway_rules);
  // The gateway forwards with no reverse-path check (the replayed sources are the capture's), and
  // with liberal TCP window tracking: the rewritten connections' sequence numbers are the capture's,
  // which the responder's kernel never chose (002 forces +est for the same reason).
  Configure(LabNode::Gateway, {"net.ipv4.ip_forward=1", "net.ipv4.conf.all.rp_filter=0",
                               "net.netfilter.nf_conntrack_tcp_be_liberal=1"});
  Configure(LabNode::Responder, {"net.ipv4.icmp_ratelimit=0"});  // one ICMP error per replayed datagram
}

void NamespaceLab::AddLink(const LabLink& link) {
  const std::string gw = Namespace(LabNode::Gateway), node = Namespace(link.node);
  // Both ends are created directly in their namespaces: the host's namespace never holds them.
  Step({"ip", "link", "add", link.gateway_interface, "address", link.gateway_mac, "netns", gw, "type", "veth",
        "peer", "name", link.node_interface, "address", link.node_mac, "netns", node});
  for (const auto& [ns, interface, address] :
       {std::tuple{gw, link.gateway_interface, link.gateway_address},
        std::tuple{node, link.node_interface, link.node_address}}) {
    // IPv6 off: no router solicitations or DAD probes in the counters, only what the replay sends.
    Step({"ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1"});
    Step({"ip", "-n", ns, "address", "add", AddressText(address, link.prefix), "dev", interface});
    Step({"ip", "-n", ns, "link", "set", interface, "up"});
    Step({"ip", "-n", ns, "link", "set", "lo", "up"});
  }
}

void NamespaceLab::Configure(LabNode node, const std::vector<std::string>& sysctls) {
  for (const auto& setting : sysctls) Step({"ip", "netns", "exec", Namespace(node), "sysctl", "-qw", setting});
}

void NamespaceLab::TearDown() noexcept {
  auto& registry = Registry();
  std::lock_guard<std::mutex> lock(registry.mutex);
  try {
    for (const auto& name : m_namespaces) {
      RunTool({"ip", "netns", "delete", name});
      registry.names.erase(std::remove(registry.names.begin(), registry.names.end(), name), registry.names.end());
    }
  } catch (const std::exception&) {
    // Out of memory while cleaning up: the next run removes what is left (RemoveLeftoversOfDeadRuns).
  }
  m_namespaces.clear();
}

namespace {

void EnterNamespace(const std::string& ns) {
  int ns_fd = ::open((std::string(kNetnsDir) + "/" + ns).c_str(), O_RDONLY | O_CLOEXEC);
  if (ns_fd < 0 || ::setns(ns_fd, CLONE_NEWNET) != 0) {
    std::string why = std::strerror(errno);
    if (ns_fd >= 0) ::close(ns_fd);
    throw std::runtime_error("isolation lab: cannot enter namespace " + ns + ": " + why);
  }
  ::close(ns_fd);
}

/// Sends the frames from a thread that has entered the namespace: setns() moves only the calling
/// thread, so the rest of the process stays in the host's namespace.
std::size_t SendInside(const std::string& ns, const std::string& interface,
                       const std::vector<std::vector<std::uint8_t>>& frames, unsigned gap_us,
                       const std::atomic<bool>& stop, std::string& error) {
  try {
    EnterNamespace(ns);
  } catch (const std::exception& e) {
    error = e.what();
    return 0;
  }
  int sock = ::socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL));
  sockaddr_ll to{};
  to.sll_family = AF_PACKET;
  to.sll_ifindex = static_cast<int>(::if_nametoindex(interface.c_str()));
  to.sll_halen = ETH_ALEN;
  if (sock < 0 || to.sll_ifindex == 0) {
    error = "cannot open a packet socket on " + interface + " in " + ns + ": " + std::strerror(errno);
    if (sock >= 0) ::close(sock);
    return 0;
  }
  std::size_t sent = 0;
  for (const auto& frame : frames) {
    if (stop) break;
    if (::sendto(sock, frame.data(), frame.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to) ==
        static_cast<ssize_t>(frame.size()))
      ++sent;
    if (gap_us) std::this_thread::sleep_for(std::chrono::microseconds(gap_us));
  }
  ::close(sock);
  return sent;
}

std::map<std::string, std::uint64_t> ReadArrivals(const std::string& ns, const std::string& node) {
  std::map<std::string, std::uint64_t> arrivals;
  auto listing = nlohmann::json::parse(Step({"ip", "netns", "exec", ns, "nft", "-j", "list", "counters", "table", "ip",
                                             "ntlab_count"}));
  for (const auto& item : listing.at("nftables")) {
    if (!item.contains("counter")) continue;
    const auto& counter = item["counter"];
    std::string name = counter.at("name").get<std::string>();
    arrivals[node + ":" + name.substr(std::string("arrivals_").size())] = counter.at("packets").get<std::uint64_t>();
  }
  return arrivals;
}

/// The packets each rule of the gateway's forward chain counted, in the chain's order.
std::vector<std::pair<std::string, std::uint64_t>> ReadForwardHits(const std::string& ns) {
  std::vector<std::pair<std::string, std::uint64_t>> hits;
  auto listing = nlohmann::json::parse(
      Step({"ip", "netns", "exec", ns, "nft", "-j", "list", "chain", "ip", "ntlab_isolation", "steps_forward"}));
  for (const auto& item : listing.at("nftables")) {
    if (!item.contains("rule")) continue;
    std::uint64_t packets = 0;
    for (const auto& expression : item["rule"].at("expr"))
      if (expression.contains("counter")) packets = expression["counter"].at("packets").get<std::uint64_t>();
    hits.emplace_back(item["rule"].value("comment", std::string()), packets);
  }
  return hits;
}

}  // namespace

std::size_t NamespaceLab::Send(LabNode node, const std::vector<std::vector<std::uint8_t>>& frames, unsigned gap_us,
                               const std::atomic<bool>& stop) const {
  std::size_t sent = 0;
  std::string error;
  std::thread sender([&] { sent = SendInside(Namespace(node), m_topology.LinkOf(node).node_interface, frames, gap_us,
                                             stop, error); });
  sender.join();
  if (!error.empty()) throw std::runtime_error(error.rfind("isolation lab", 0) == 0 ? error : "isolation lab: " + error);
  return sent;
}

void NamespaceLab::EnterFromThisThread(LabNode node) const { EnterNamespace(Namespace(node)); }

LabCounters NamespaceLab::ReadCounters() const {
  LabCounters counters;
  for (LabNode node : {LabNode::Gateway, LabNode::Enterprise, LabNode::Isolation, LabNode::Responder})
    for (const auto& [name, packets] : ReadArrivals(Namespace(node), LabNodeName(node))) counters.arrivals[name] = packets;
  const std::string gw = Namespace(LabNode::Gateway);
  counters.gateway_rules_after = Step({"ip", "netns", "exec", gw, "nft", "list", "table", "ip", "ntlab_isolation"});
  counters.forward_hits = ReadForwardHits(gw);
  if (OnPath("conntrack")) {
    // `conntrack -L` prints one connection a line on stdout (its summary goes to stderr).
    std::string listing = Step({"ip", "netns", "exec", gw, "conntrack", "-L", "--mark", std::to_string(kCommittedMark)});
    counters.committed = static_cast<std::uint64_t>(std::count(listing.begin(), listing.end(), '\n'));
  }
  return counters;
}

}  // namespace ntlab
