// kraken.dga, kraken.wire and kraken.confounder: validated, and each confounder becomes processes
// on every host (the CDN names are served by the first web server).
#include "scenarios/config/kraken-confounders.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>
#include "tests/support/build-paths.h"

using namespace ntlab;

namespace {
const std::string kScenario = std::string(NTLAB_SOURCE_DIR) + "/tests/data/scenarios/kraken-variants.yaml";

std::size_t Count(const HostSpec& host, Behaviour b, const std::string& name) {
  return std::count_if(host.processes.begin(), host.processes.end(),
                       [&](const ProcessSpec& p) { return p.behaviour == b && p.name == name; });
}
}  // namespace

TEST_CASE("kraken variant keys default to the paper's bot and are validated", "[analysis][scenario][kraken]") {
  auto c = LoadScenario(kScenario);
  CHECK(c.kraken.dga == KrakenDga::V1);
  CHECK_FALSE(c.kraken.sealed);
  CHECK(c.kraken.confounder == "none");
  CHECK(c.hosts[1].processes.size() == 1);
  auto v = LoadScenario(kScenario, {{"kraken.dga", "v2"}, {"kraken.wire", "sealed"}});
  CHECK(v.kraken.dga == KrakenDga::V2);
  CHECK(v.kraken.sealed);
  CHECK(std::string(ToString(KrakenDga::V2Dyndns)) == "v2-dyndns");
  CHECK_THROWS_WITH(LoadScenario(kScenario, {{"kraken.dga", "v3"}}),
                    Catch::Contains("kraken.dga: 'v3' is not one of v1, v2, v2-dyndns"));
  CHECK_THROWS_WITH(LoadScenario(kScenario, {{"kraken.wire", "tls"}}), Catch::Contains("kraken.wire"));
  CHECK_THROWS_WITH(LoadScenario(kScenario, {{"kraken.confounder", "printer"}}),
                    Catch::Contains("kraken.confounder: 'printer' is not one of none, dyndns-client"));
}

TEST_CASE("kraken confounders become processes on every host", "[analysis][scenario][kraken]") {
  auto all = LoadScenario(kScenario, {{"kraken.confounder", "all"}});
  for (const auto& host : all.hosts) {
    CHECK(Count(host, Behaviour::DyndnsClient, "NasSync.exe") == 1);
    CHECK(Count(host, Behaviour::PeriodicUdp, "ddmsvc.exe") == 1);
    CHECK(Count(host, Behaviour::Browser, "chrome.exe") >= 1);
    CHECK(Count(host, Behaviour::Service, "updater.exe") == 1);
    CHECK(Count(host, Behaviour::MailClient, "OUTLOOK.EXE") == 1);
  }
  const ProcessSpec& nas = all.hosts[0].processes[1];
  CHECK(nas.hostname == "pc01nas.dyndns.org");
  CHECK(nas.peers.size() == 4);
  CHECK(nas.gone.size() == 2);
  const ProcessSpec& udp447 = all.hosts[0].processes[2];
  CHECK(udp447.port == 447);
  CHECK(udp447.target == "portal");
  // 16 hashed CDN names, served by the first web server.
  CHECK(all.servers[0].domains.size() == 1 + 16);
  CHECK(all.servers[0].domains.back().find(".edge.cdnfront.net") != std::string::npos);
  auto one = LoadScenario(kScenario, {{"kraken.confounder", "port-447"}});
  CHECK(one.hosts[1].processes.size() == 2);
  CHECK(one.servers[0].domains.size() == 1);
}

TEST_CASE("kraken confounder mail-client sends through the scenario's SMTP servers", "[analysis][scenario][kraken]") {
  auto c = LoadScenario(kScenario, {{"kraken.confounder", "mail-client"}});
  const ProcessSpec& mail = c.hosts[1].processes.back();
  CHECK(mail.behaviour == Behaviour::MailClient);
  CHECK(mail.domains == std::vector<std::string>{"smtp.google.com", "mx.example.com", "mx.example.net"});
  CHECK(mail.interval_s == 300);
  CHECK(KrakenMailExchangers(c).size() == 2 + 3);
  // A mail-client in the YAML may only name those servers.
  CHECK_THROWS_WITH(LoadScenario(std::string(NTLAB_SOURCE_DIR) + "/tests/data/scenarios/bad-mail-client.yaml"),
                    Catch::Contains("'smtp.portal.example.com' is not an SMTP server of the kraken: section"));
}

TEST_CASE("kraken confounder names", "[analysis][scenario][kraken]") {
  CHECK(IsKrakenConfounder("cdn"));
  CHECK_FALSE(IsKrakenConfounder("mail"));
  CHECK(KrakenConfounderNames().find("update-poller") != std::string::npos);
}
