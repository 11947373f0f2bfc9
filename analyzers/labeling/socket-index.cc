#include "analyzers/labeling/socket-index.h"

#include <algorithm>
#include <numeric>

namespace ntlab {
namespace {

bool IsLoopback(Ipv4 ip) { return (ip >> 24) == 127; }

}  // namespace

class SocketIndex::Builder {
 public:
  void Add(const SocketRow& row) {
    HostId host = HostFor(row.host);
    auto& h = m_index.m_hosts[host];
    IndexedSocket s;
    s.local_ip = row.local_ip;
    s.local_port = row.local_port;
    s.proto = row.proto;
    s.state = row.state;
    s.pid = row.pid;
    s.process = Intern(row.process);
    if (row.remote) {
      s.remote = *row.remote;
      s.has_remote = true;
    }
    h.sockets.push_back(s);
    h.pending_ts.push_back(row.ts);
    if (row.local_ip != 0 && !IsLoopback(row.local_ip)) {
      auto [it, inserted] = m_ipOwner.emplace(row.local_ip, host);
      if (!inserted && it->second != host) m_ambiguous.insert(row.local_ip);
    }
  }

  SocketIndex Finish(const std::map<std::string, std::vector<Ipv4>>& explicitHostIps) {
    for (auto& h : m_index.m_hosts) {
      Sort(h);
      for (const IndexedSocket& s : h.sockets)
        if (s.pid != 0) h.pid_names[s.pid] = s.process;  // time order: the latest name wins
    }
    for (const auto& [ip, host] : m_ipOwner)
      if (!m_ambiguous.count(ip)) m_index.m_hostByIp[ip] = host;
    for (const auto& [name, ips] : explicitHostIps) {
      HostId host = HostFor(name);
      for (Ipv4 ip : ips) m_index.m_hostByIp[ip] = host;
    }
    for (const auto& [ip, host] : m_index.m_hostByIp) m_index.m_hosts[host].ips.push_back(ip);
    for (auto& h : m_index.m_hosts) std::sort(h.ips.begin(), h.ips.end());
    return std::move(m_index);
  }

 private:
  HostId HostFor(const std::string& name) {
    auto [it, inserted] = m_index.m_hostByName.emplace(name, HostId(m_index.m_hosts.size()));
    if (inserted) {
      m_index.m_hosts.emplace_back();
      m_index.m_hosts.back().name = name;
    }
    return it->second;
  }

  ProcessId Intern(const std::string& name) {
    auto [it, inserted] = m_processIds.emplace(name, ProcessId(m_index.m_processNames.size()));
    if (inserted) m_index.m_processNames.push_back(name);
    return it->second;
  }

  // Orders a host's rows by (ts, proto, local port) and cuts them into snapshots. Stable, so rows
  // keep their log order inside a key.
  static void Sort(HostSockets& h) {
    std::vector<std::uint32_t> order(h.sockets.size());
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
      const auto& x = h.sockets[a];
      const auto& y = h.sockets[b];
      if (h.pending_ts[a] != h.pending_ts[b]) return h.pending_ts[a] < h.pending_ts[b];
      if (x.proto != y.proto) return x.proto < y.proto;
      return x.local_port < y.local_port;
    });
    std::vector<IndexedSocket> sorted;
    sorted.reserve(order.size());
    for (std::uint32_t i : order) {
      TimeUs ts = h.pending_ts[i];
      if (h.snapshots.empty() || h.snapshots.back().ts != ts)
        h.snapshots.push_back(Snapshot{ts, std::uint32_t(sorted.size()), std::uint32_t(sorted.size())});
      sorted.push_back(h.sockets[i]);
      h.snapshots.back().end = std::uint32_t(sorted.size());
    }
    h.sockets.swap(sorted);
    std::vector<TimeUs>().swap(h.pending_ts);
  }

  SocketIndex m_index;
  std::unordered_map<std::string, ProcessId> m_processIds;
  std::unordered_map<Ipv4, HostId> m_ipOwner;
  std::unordered_set<Ipv4> m_ambiguous;
};

SocketIndex SocketIndex::Load(const std::string& path,
                              const std::map<std::string, std::vector<Ipv4>>& explicitHostIps) {
  Builder builder;
  SocketLogReader reader(path);
  SocketRow row;
  while (reader.Next(row)) builder.Add(row);
  return builder.Finish(explicitHostIps);
}

SocketIndex SocketIndex::FromRows(const std::vector<SocketRow>& rows,
                                  const std::map<std::string, std::vector<Ipv4>>& explicitHostIps) {
  Builder builder;
  for (const auto& row : rows) builder.Add(row);
  return builder.Finish(explicitHostIps);
}

HostId SocketIndex::FindHost(const std::string& name) const {
  auto it = m_hostByName.find(name);
  return it == m_hostByName.end() ? kNoHost : it->second;
}

HostId SocketIndex::HostOfIp(Ipv4 ip) const {
  auto it = m_hostByIp.find(ip);
  return it == m_hostByIp.end() ? kNoHost : it->second;
}

const std::string* SocketIndex::NameOfPid(HostId host, std::uint32_t pid) const {
  const auto& names = m_hosts[host].pid_names;
  auto it = names.find(pid);
  return it == names.end() ? nullptr : &m_processNames[it->second];
}

std::unordered_set<Ipv4> SocketIndex::AllHostIps() const {
  std::unordered_set<Ipv4> ips;
  for (const auto& [ip, host] : m_hostByIp) ips.insert(ip);
  return ips;
}

std::size_t SocketIndex::NearestSnapshot(HostId host, TimeUs ts) const {
  const auto& snaps = m_hosts[host].snapshots;
  if (snaps.empty()) return npos;
  auto it = std::lower_bound(snaps.begin(), snaps.end(), ts,
                             [](const Snapshot& s, TimeUs t) { return s.ts < t; });
  if (it == snaps.end()) return snaps.size() - 1;
  std::size_t after = std::size_t(it - snaps.begin());
  if (after == 0) return 0;
  // Tie goes to the earlier poll: it saw the socket before the packet.
  return (it->ts - ts) < (ts - (it - 1)->ts) ? after : after - 1;
}

std::pair<const IndexedSocket*, const IndexedSocket*> SocketIndex::Sockets(
    HostId host, std::size_t snapshot, Proto proto, std::uint16_t localPort) const {
  const auto& h = m_hosts[host];
  const Snapshot& s = h.snapshots[snapshot];
  const IndexedSocket* first = h.sockets.data() + s.begin;
  const IndexedSocket* last = h.sockets.data() + s.end;
  auto less = [](const IndexedSocket& x, std::pair<Proto, std::uint16_t> key) {
    return x.proto != key.first ? x.proto < key.first : x.local_port < key.second;
  };
  auto greater = [](std::pair<Proto, std::uint16_t> key, const IndexedSocket& x) {
    return key.first != x.proto ? key.first < x.proto : key.second < x.local_port;
  };
  auto key = std::make_pair(proto, localPort);
  return {std::lower_bound(first, last, key, less), std::upper_bound(first, last, key, greater)};
}

std::size_t SocketIndex::SocketCount() const {
  std::size_t n = 0;
  for (const auto& h : m_hosts) n += h.sockets.size();
  return n;
}

}  // namespace ntlab
