#include "scenarios/config/workload-plan.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

namespace ntlab {
namespace {

// "Code.exe" -> "code-exe": a DNS label for the synthesised service names.
std::string Slug(const std::string& name) {
  std::string out;
  for (char c : name) out += std::isalnum(static_cast<unsigned char>(c)) ? char(std::tolower(c)) : '-';
  return out;
}

// "static.cdn.example.com", 3 -> "static-3.cdn.example.com" (a CDN-shard-like sibling name).
std::string Shard(const std::string& name, std::uint32_t n) {
  auto dot = name.find('.');
  return name.substr(0, dot) + "-" + std::to_string(n) + (dot == std::string::npos ? "" : name.substr(dot));
}

// FNV-1a: a fixed address per name that is the same on every platform.
std::uint32_t Fnv1a(const std::string& text) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : text) h = (h ^ c) * 16777619u;
  return h;
}

/// Builds one process's targets: names go to the catalog servers in order of first appearance,
/// and each name gets enough shard names for its lookups (shard numbers run on per name).
class TargetPlanner {
 public:
  TargetPlanner(const ScenarioConfig& config, WorkloadPlan& plan) : m_config(config), m_plan(plan) {}

  /// `lookupsPerSecond`: the process's DNS Client lookups at its peak, shared by `group` names.
  WorkloadTarget Target(const std::string& name, const WorkloadBehaviour& b, double lookupsPerSecond, std::size_t group) {
    WorkloadTarget t;
    t.name = name;
    const std::uint32_t server = ServerOf(name);
    const std::uint32_t blockSize = m_config.workload.addresses_per_server;
    t.address = WorkloadBlockFirst(server, blockSize) + Fnv1a(name) % blockSize;
    if (b.dns_lookups_per_session > 0) {
      // Enough distinct names that none is still cached when it comes round again: 3x the
      // lookups one name gets within a TTL at the peak hour.
      double perName = lookupsPerSecond / double(group);
      auto pool = static_cast<std::uint32_t>(std::min(1000.0, std::ceil(3 * perName * std::max(1.0, m_config.dns_ttl_s)) + 2));
      std::uint32_t& shard = m_nextShard[name];
      for (std::uint32_t k = 0; k < pool; ++k) t.lookup_names.push_back(Shard(name, ++shard));
    }
    return t;
  }

 private:
  std::uint32_t ServerOf(const std::string& name) {
    auto it = m_plan.name_server.find(name);
    if (it == m_plan.name_server.end())
      it = m_plan.name_server.emplace(name, std::uint32_t(m_plan.name_server.size()) % m_config.workload.servers).first;
    return it->second;
  }

  const ScenarioConfig& m_config;
  WorkloadPlan& m_plan;
  std::map<std::string, std::uint32_t> m_nextShard;
};

// Hosts in rotation, so the processes spread evenly: process i runs on the next running_hosts
// hosts after the ones process i-1 took.
void PlaceProcesses(WorkloadPlan& plan, std::uint32_t hosts) {
  std::uint32_t nextHost = 0;
  for (const ProcessRate& r : plan.rates) {
    std::vector<std::uint32_t> on;
    for (int k = 0; k < r.running_hosts; ++k) on.push_back((nextHost + k) % hosts);
    std::sort(on.begin(), on.end());
    nextHost = (nextHost + r.running_hosts) % hosts;
    plan.hosts_of.push_back(on);
  }
}

// The ports the catalog servers listen on: every port some process uses, and a default TCP and
// UDP port for processes that list none. 443 and 123 are UDP too (QUIC-like, NTP).
void PlanPorts(WorkloadPlan& plan, const WorkloadCatalog& catalog) {
  std::set<std::uint16_t> tcp, udp{443, 123};
  for (const WorkloadProcess& p : catalog.processes) {
    for (auto port : TcpPortsOf(p.behaviour)) tcp.insert(port);
    for (auto port : UdpPortsOf(p.behaviour)) udp.insert(port);
    if (TcpPortsOf(p.behaviour).empty()) tcp.insert(8443);
    if (UdpPortsOf(p.behaviour).empty()) udp.insert(3478);
  }
  plan.tcp_ports.assign(tcp.begin(), tcp.end());
  plan.udp_ports.assign(udp.begin(), udp.end());
}

void PlanTargets(WorkloadPlan& plan, const ScenarioConfig& config, const WorkloadCatalog& catalog) {
  TargetPlanner planner(config, plan);
  for (std::size_t i = 0; i < catalog.processes.size(); ++i) {
    const WorkloadBehaviour& b = catalog.processes[i].behaviour;
    const ProcessRate& r = plan.rates[i];
    double peak = *std::max_element(r.hourly_per_running_host.begin(), r.hourly_per_running_host.end());
    double lookupsPerSecond = (peak / 3600 + b.long_lived.count / 60.0) * b.dns_lookups_per_session;
    std::vector<WorkloadTarget> web, service;
    for (const auto& sni : b.sni) web.push_back(planner.Target(sni, b, lookupsPerSecond, b.sni.size()));
    service.push_back(planner.Target(Slug(catalog.processes[i].name) + ".apps.example.net", b, lookupsPerSecond, 1));
    plan.web_targets.push_back(std::move(web));
    plan.service_targets.push_back(std::move(service));
  }
}

// Every target name and lookup name once, web targets first, in the order the processes list them.
void PlanDnsPools(WorkloadPlan& plan) {
  std::set<std::string> registered;
  auto add = [&](const std::vector<std::vector<WorkloadTarget>>& perProcess) {
    for (const auto& targets : perProcess)
      for (const auto& t : targets) {
        const std::uint32_t server = plan.name_server.at(t.name);
        if (registered.insert(t.name).second) plan.dns_pools.push_back({t.name, server});
        for (const auto& n : t.lookup_names)
          if (registered.insert(n).second) plan.dns_pools.push_back({n, server});
      }
  };
  add(plan.web_targets);
  add(plan.service_targets);
}

void PlanInboundPairs(WorkloadPlan& plan, const WorkloadCatalog& catalog, std::uint32_t hosts) {
  for (std::uint32_t h = 0; h < hosts; ++h)
    for (std::size_t i = 0; i < catalog.processes.size(); ++i)
      if (catalog.processes[i].behaviour.direction == WorkloadDirection::Inbound && RunsOn(plan, i, h))
        plan.inbound_pairs.push_back({h, i});
}

}  // namespace

bool IsUdpPort(std::uint16_t port) {
  static const std::set<std::uint16_t> udp{53, 67, 68, 123, 137, 138, 161, 500, 1194, 1900, 3478, 3702, 4500, 5353, 5355};
  return udp.count(port) > 0;
}

std::vector<std::uint16_t> TcpPortsOf(const WorkloadBehaviour& behaviour) {
  std::vector<std::uint16_t> out;
  for (auto p : behaviour.ports)
    if (!IsUdpPort(p) && p != 80 && p != 443) out.push_back(p);
  return out;
}

std::vector<std::uint16_t> UdpPortsOf(const WorkloadBehaviour& behaviour) {
  std::vector<std::uint16_t> out;
  for (auto p : behaviour.ports)
    if (IsUdpPort(p)) out.push_back(p);
  return out;
}

Ipv4 WorkloadBlockFirst(std::uint32_t server, std::uint32_t addresses_per_server) {
  return kWorkloadBlockBase + server * WorkloadBlockStride(addresses_per_server);
}

bool RunsOn(const WorkloadPlan& plan, std::size_t process, std::uint32_t host) {
  const auto& on = plan.hosts_of[process];
  return std::binary_search(on.begin(), on.end(), host);
}

WorkloadPlan PlanWorkload(const ScenarioConfig& config, const WorkloadCatalog& catalog) {
  WorkloadPlan plan;
  const auto hosts = static_cast<std::uint32_t>(config.hosts.size());
  plan.rates = ComputeArrivalRates(catalog, config.workload.sessions_per_day * config.benign_load, int(hosts));
  PlaceProcesses(plan, hosts);
  PlanPorts(plan, catalog);
  PlanTargets(plan, config, catalog);
  PlanDnsPools(plan);
  PlanInboundPairs(plan, catalog, hosts);
  return plan;
}

}  // namespace ntlab
