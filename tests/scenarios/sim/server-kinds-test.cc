// The server-kind registration table: every kind a scenario file can name (servers[].kind) has
// exactly one installer, and a kind installs through it onto its own internet-side node.
#include "scenarios/sim/server-kinds.h"

#include "models/web-server-application.h"
#include "models/zeus-cnc-server-application.h"
#include "scenarios/sim/enterprise-topology.h"

#include "ns3/simulator.h"
#include "ns3/string.h"

#include <catch2/catch.hpp>

#include <set>
#include <stdexcept>
#include <string>

using namespace ntlab;

namespace {

/// Every ServerKind value: the enum's values in order, as far as ToString knows them (its switch
/// is checked by the compiler to cover the enum).
std::vector<ServerKind> AllServerKinds() {
  std::vector<ServerKind> kinds;
  for (int i = 0; std::string(ToString(static_cast<ServerKind>(i))) != "?"; ++i) kinds.push_back(static_cast<ServerKind>(i));
  return kinds;
}

ScenarioConfig TwoServerScenario() {
  ScenarioConfig config;
  config.source = "test";
  config.lan.network = (10u << 24);
  config.internet.network = (198u << 24) | (51u << 16) | (100u << 8);
  config.hosts.push_back({"pc01", {}});
  ServerSpec web;
  web.name = "intranet";
  web.domains = {"intranet.example.com"};
  ServerSpec cnc;
  cnc.name = "cnc";
  cnc.kind = ServerKind::ZeusCnc;
  cnc.domains = {"cnc.example.net"};
  config.servers = {web, cnc};
  return config;
}

}  // namespace

TEST_CASE("server kinds: every kind is registered once", "[sim][builder]") {
  const auto kinds = AllServerKinds();
  REQUIRE(kinds.size() >= 3);
  for (ServerKind kind : kinds) {
    INFO(ToString(kind));
    REQUIRE_NOTHROW(ServerKindOf(kind));
    CHECK(ServerKindOf(kind).install != nullptr);
  }
  std::set<ServerKind> registered;
  for (const auto& entry : ServerKinds()) {
    CHECK(std::string(ToString(entry.kind)) != "?");
    CHECK(registered.insert(entry.kind).second);
  }
  CHECK(registered.size() == kinds.size());
  CHECK_THROWS_AS(ServerKindOf(static_cast<ServerKind>(kinds.size())), std::logic_error);
  // A remote client acts on a monitored host, so it comes after the hosts.
  CHECK(ServerKindOf(ServerKind::SshClient).phase == ServerPhase::AfterHosts);
  CHECK(ServerKindOf(ServerKind::Web).phase == ServerPhase::BeforeHosts);
}

TEST_CASE("server kinds: each server is installed on its own node by its kind", "[sim][builder]") {
  const ScenarioConfig config = TwoServerScenario();
  {
    const EnterpriseTopology topology = BuildEnterpriseTopology(config, 0);
    ScenarioBuild build(config, topology, nullptr);
    build.dns = ns3::CreateObject<ns3::DnsServerApplication>();
    InstallServers(build, ServerPhase::AfterHosts);
    CHECK(topology.servers.Get(0)->GetNApplications() == 0);
    InstallServers(build, ServerPhase::BeforeHosts);

    REQUIRE(topology.servers.Get(0)->GetNApplications() == 1);
    auto web = ns3::DynamicCast<ns3::WebServerApplication>(topology.servers.Get(0)->GetApplication(0));
    REQUIRE(web);
    ns3::StringValue name;
    web->GetAttribute("ServerName", name);
    CHECK(name.Get() == "intranet");
    REQUIRE(topology.servers.Get(1)->GetNApplications() == 1);
    CHECK(ns3::DynamicCast<ns3::ZeusCncServerApplication>(topology.servers.Get(1)->GetApplication(0)));
    REQUIRE(build.zeusServers.size() == 1);
    CHECK(build.zeusServers[0] == topology.servers.Get(1)->GetApplication(0));
  }
  ns3::Simulator::Destroy();
}
