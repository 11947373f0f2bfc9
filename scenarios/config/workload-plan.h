// The workload catalog turned into simulation inputs (docs/workload.md, "The simulator side"):
// arrival rates, which hosts run which catalog process, the server every name lives on and the
// address a session without a lookup goes to, the names the DNS Client lookups ask for, the ports
// the catalog servers listen on, and the remote clients of inbound processes. Plain arithmetic on
// the catalog and the scenario, so it is testable without ns-3; the builder (scenarios/sim) only
// turns the plan into nodes and applications. Addresses are IPv4 in host order, as in
// analyzers/formats.
#pragma once

#include "scenarios/config/scenario-config.h"
#include "scenarios/config/workload-catalog.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ntlab {

/// A server name a catalog process talks to.
struct WorkloadTarget {
  std::string name;
  Ipv4 address = 0;  // fixed address in its server's block: where a session without a lookup and nothing cached goes
  std::vector<std::string> lookup_names;  // CDN-shard-like siblings the DNS Client lookups ask for
};

/// A name the DNS server answers from a catalog server's block, one address per answer.
struct WorkloadDnsPool {
  std::string name;
  std::uint32_t server = 0;  // catalog server index
};

/// A (monitored host, inbound catalog process) pair; each gets one remote client machine.
struct WorkloadInboundPair {
  std::uint32_t host = 0;
  std::size_t process = 0;  // index into the catalog's processes
};

struct WorkloadPlan {
  std::vector<ProcessRate> rates;                           // per catalog process
  std::vector<std::vector<std::uint32_t>> hosts_of;         // per catalog process: the hosts running it (sorted)
  std::vector<std::vector<WorkloadTarget>> web_targets;     // per catalog process: its SNI names
  std::vector<std::vector<WorkloadTarget>> service_targets; // per catalog process: its TCP/UDP server
  std::vector<std::uint16_t> tcp_ports;                     // every port the catalog servers listen on
  std::vector<std::uint16_t> udp_ports;
  std::map<std::string, std::uint32_t> name_server;         // name -> catalog server index
  std::vector<WorkloadDnsPool> dns_pools;                   // every target and lookup name once, in registration order
  std::vector<WorkloadInboundPair> inbound_pairs;           // host by host, catalog order within a host
};

/// What a catalog server's web responses weigh (assumption: median 3 kB); the catalog processes
/// are told its mean.
constexpr LogNormalSpec kCatalogWebResponse{3000, 1.0};

/// Plans `catalog` (the one LoadScenario loaded: config.workload.loaded_catalog) for `config`.
WorkloadPlan PlanWorkload(const ScenarioConfig& config, const WorkloadCatalog& catalog);

/// True when catalog process `process` runs on host `host`.
bool RunsOn(const WorkloadPlan& plan, std::size_t process, std::uint32_t host);

/// Ports a catalog entry lists that are UDP services (assumption: the well-known UDP ones); the
/// rest of its ports are TCP, and 80/443 belong to the web servers (HTTP/TLS), not to plain TCP.
bool IsUdpPort(std::uint16_t port);
std::vector<std::uint16_t> TcpPortsOf(const WorkloadBehaviour& behaviour);
std::vector<std::uint16_t> UdpPortsOf(const WorkloadBehaviour& behaviour);

/// The first address of catalog server `server`'s block in 198.18.0.0/15 (kWorkloadBlockBase).
Ipv4 WorkloadBlockFirst(std::uint32_t server, std::uint32_t addresses_per_server);

}  // namespace ntlab
