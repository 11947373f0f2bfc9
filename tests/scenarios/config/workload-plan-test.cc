// The workload plan (no ns-3): which hosts run which catalog process, the ports and names the
// catalog servers serve, the addresses and DNS pools behind every name, the remote clients of
// inbound processes; and the plan is made from the catalog LoadScenario loaded, not from the file.
#include "scenarios/config/workload-plan.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <tuple>
#include "tests/support/build-paths.h"

using namespace ntlab;
namespace fs = std::filesystem;

namespace {

const std::string kSmall = std::string(NTLAB_SOURCE_DIR) + "/tests/data/scenarios/paper-001-small.yaml";

struct Planned {
  ScenarioConfig config;
  WorkloadPlan plan;
};

Planned PlanOf(const std::string& scenario) {
  Planned p{LoadScenario(scenario), {}};
  REQUIRE(p.config.workload.loaded_catalog);
  p.plan = PlanWorkload(p.config, *p.config.workload.loaded_catalog);
  return p;
}

std::vector<const WorkloadTarget*> AllTargets(const WorkloadPlan& plan) {
  std::vector<const WorkloadTarget*> out;
  for (const auto* perProcess : {&plan.web_targets, &plan.service_targets})
    for (const auto& targets : *perProcess)
      for (const auto& t : targets) out.push_back(&t);
  return out;
}

}  // namespace

TEST_CASE("workload plan: processes spread over the hosts in rotation", "[analysis][workload]") {
  const auto [config, plan] = PlanOf(kSmall);
  const auto& catalog = *config.workload.loaded_catalog;
  const auto hosts = static_cast<std::uint32_t>(config.hosts.size());
  REQUIRE(plan.rates.size() == catalog.processes.size());
  REQUIRE(plan.hosts_of.size() == catalog.processes.size());
  std::vector<std::size_t> perHost(hosts, 0);
  for (std::size_t i = 0; i < plan.hosts_of.size(); ++i) {
    const auto& on = plan.hosts_of[i];
    INFO(catalog.processes[i].name);
    CHECK(on.size() == std::size_t(plan.rates[i].running_hosts));
    CHECK(std::is_sorted(on.begin(), on.end()));
    CHECK(std::adjacent_find(on.begin(), on.end()) == on.end());
    for (auto h : on) {
      REQUIRE(h < hosts);
      CHECK(RunsOn(plan, i, h));
      ++perHost[h];
    }
  }
  // Consecutive slots round the hosts: no host runs more than one process more than another.
  auto [fewest, most] = std::minmax_element(perHost.begin(), perHost.end());
  CHECK(*most - *fewest <= 1);
}

TEST_CASE("workload plan: TCP and UDP ports of a catalog entry", "[analysis][workload]") {
  WorkloadBehaviour b;
  b.ports = {22, 53, 80, 123, 443, 3389, 5353};
  CHECK(TcpPortsOf(b) == std::vector<std::uint16_t>{22, 3389});  // 80/443 are the web servers'
  CHECK(UdpPortsOf(b) == std::vector<std::uint16_t>{53, 123, 5353});

  const auto [config, plan] = PlanOf(kSmall);
  CHECK(std::is_sorted(plan.tcp_ports.begin(), plan.tcp_ports.end()));
  CHECK(std::is_sorted(plan.udp_ports.begin(), plan.udp_ports.end()));
  for (auto port : plan.tcp_ports) CHECK_FALSE((IsUdpPort(port) || port == 80 || port == 443));
  // QUIC-like 443 and NTP 123 are always served, and the defaults for entries without ports.
  for (std::uint16_t port : {443, 123, 3478})
    CHECK(std::binary_search(plan.udp_ports.begin(), plan.udp_ports.end(), port));
  CHECK(std::binary_search(plan.tcp_ports.begin(), plan.tcp_ports.end(), std::uint16_t(8443)));
  for (const auto& p : config.workload.loaded_catalog->processes)
    for (auto port : TcpPortsOf(p.behaviour)) CHECK(std::binary_search(plan.tcp_ports.begin(), plan.tcp_ports.end(), port));
}

TEST_CASE("workload plan: names, servers, addresses and lookup names", "[analysis][workload]") {
  const auto [config, plan] = PlanOf(kSmall);
  const auto& catalog = *config.workload.loaded_catalog;
  const std::uint32_t servers = config.workload.servers, block = config.workload.addresses_per_server;

  // Names go to the servers in turn, in the order the processes first name them.
  std::vector<std::string> firstSeen;
  for (std::size_t i = 0; i < catalog.processes.size(); ++i) {
    REQUIRE(plan.web_targets[i].size() == catalog.processes[i].behaviour.sni.size());
    REQUIRE(plan.service_targets[i].size() == 1);
    for (std::size_t k = 0; k < plan.web_targets[i].size(); ++k)
      CHECK(plan.web_targets[i][k].name == catalog.processes[i].behaviour.sni[k]);
    for (const auto* targets : {&plan.web_targets[i], &plan.service_targets[i]})
      for (const auto& t : *targets)
        if (std::find(firstSeen.begin(), firstSeen.end(), t.name) == firstSeen.end()) firstSeen.push_back(t.name);
  }
  REQUIRE(plan.name_server.size() == firstSeen.size());
  for (std::size_t k = 0; k < firstSeen.size(); ++k) CHECK(plan.name_server.at(firstSeen[k]) == k % servers);

  std::set<std::string> lookupNames;
  std::map<std::string, Ipv4> addressOf;
  for (const WorkloadTarget* t : AllTargets(plan)) {
    INFO(t->name);
    const Ipv4 first = WorkloadBlockFirst(plan.name_server.at(t->name), block);
    CHECK(t->address >= first);
    CHECK(t->address < first + block);
    CHECK(addressOf.emplace(t->name, t->address).first->second == t->address);  // a name has one fixed address
    const std::string label = t->name.substr(0, t->name.find('.'));
    for (const auto& n : t->lookup_names) {
      CHECK(n.rfind(label + "-", 0) == 0);  // a shard of the name: "static-3.cdn.example.com"
      CHECK(lookupNames.insert(n).second);  // shard numbers run on: no lookup name twice
    }
  }
  for (std::size_t i = 0; i < catalog.processes.size(); ++i)
    CHECK(plan.service_targets[i][0].lookup_names.empty() == !(catalog.processes[i].behaviour.dns_lookups_per_session > 0));

  const auto code = std::find_if(catalog.processes.begin(), catalog.processes.end(),
                                 [](const WorkloadProcess& p) { return p.name == "Code.exe"; });
  REQUIRE(code != catalog.processes.end());
  CHECK(plan.service_targets[code - catalog.processes.begin()][0].name == "code-exe.apps.example.net");
}

TEST_CASE("workload plan: every name has one DNS pool on its server", "[analysis][workload]") {
  const auto [config, plan] = PlanOf(kSmall);
  std::map<std::string, std::uint32_t> pools;
  for (const auto& pool : plan.dns_pools) CHECK(pools.emplace(pool.name, pool.server).second);
  std::size_t names = 0;
  for (const WorkloadTarget* t : AllTargets(plan)) {
    const std::uint32_t server = plan.name_server.at(t->name);
    CHECK(pools.at(t->name) == server);
    for (const auto& n : t->lookup_names) CHECK(pools.at(n) == server);
    names += 1 + t->lookup_names.size();
  }
  CHECK(pools.size() <= names);
  CHECK(pools.size() > plan.name_server.size());  // the lookup names have pools too
}

TEST_CASE("workload plan: one remote client per host and inbound process, host by host", "[analysis][workload]") {
  const auto [config, plan] = PlanOf(kSmall);
  const auto& catalog = *config.workload.loaded_catalog;
  std::size_t expected = 0;
  for (std::size_t i = 0; i < catalog.processes.size(); ++i)
    if (catalog.processes[i].behaviour.direction == WorkloadDirection::Inbound) expected += plan.hosts_of[i].size();
  REQUIRE(expected > 0);  // sshd.exe
  REQUIRE(plan.inbound_pairs.size() == expected);
  for (std::size_t k = 0; k < plan.inbound_pairs.size(); ++k) {
    const auto& pair = plan.inbound_pairs[k];
    CHECK(catalog.processes[pair.process].behaviour.direction == WorkloadDirection::Inbound);
    CHECK(RunsOn(plan, pair.process, pair.host));
    if (k > 0) {
      const auto& before = plan.inbound_pairs[k - 1];
      CHECK(std::tie(before.host, before.process) < std::tie(pair.host, pair.process));
    }
  }
}

TEST_CASE("workload plan: made from the catalog LoadScenario loaded", "[analysis][workload]") {
  CHECK_FALSE(LoadScenario(std::string(NTLAB_SOURCE_DIR) + "/scenarios/quickstart.yaml").workload.loaded_catalog);

  // A scenario with its own copy of the catalog; the copy is gone before the plan is made.
  const fs::path dir = fs::path(NTLAB_BINARY_DIR) / "test-workload-plan-once";
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::copy_file(fs::path(NTLAB_SOURCE_DIR) / "scenarios/catalogs/paper-001.yaml", dir / "catalog.yaml");
  std::ofstream(dir / "scenario.yaml") << "name: once\nduration: 10s\nworkload:\n  catalog: catalog.yaml\n"
                                          "  sessions_per_day: 100000\nhosts:\n  - name: pc01\n  - name: pc02\n";
  ScenarioConfig config = LoadScenario((dir / "scenario.yaml").string());
  fs::remove(dir / "catalog.yaml");
  REQUIRE(config.workload.loaded_catalog);
  const WorkloadCatalog& catalog = *config.workload.loaded_catalog;
  CHECK(catalog.processes.size() > 100);
  WorkloadPlan plan = PlanWorkload(config, catalog);
  CHECK(plan.hosts_of.size() == catalog.processes.size());
  CHECK_FALSE(plan.dns_pools.empty());
}
