#include "models/dns-server-application.h"

#include "tests/models/sim-test-network.h"
#include "models/payload/dns-payload.h"

#include <catch2/catch.hpp>

#include <functional>
#include <map>
#include <set>
#include <vector>

using namespace ns3;
using namespace ntlab::payload;

namespace {

using Ask = std::function<void(uint16_t id, std::string name, uint16_t type)>;

/// A UDP client on node 0 of `net` asking node 1's port 53; every parsed answer lands in `answers`
/// by its id. Returns what sends one question.
Ask DnsClient(ntlab::test::SimTestNetwork& net, std::map<uint16_t, DnsAnswer>& answers) {
  Ptr<Socket> client = Socket::CreateSocket(net.nodes.Get(0), UdpSocketFactory::GetTypeId());
  client->Bind();
  client->SetRecvCallback(Callback<void, Ptr<Socket>>([&answers](Ptr<Socket> s) {
    while (Ptr<Packet> p = s->Recv()) {
      std::vector<uint8_t> b(p->GetSize());
      p->CopyData(b.data(), b.size());
      auto a = ParseDnsResponse(b.data(), b.size());
      REQUIRE(a);
      answers[a->id] = *a;
    }
  }));
  InetSocketAddress dns(net.Address(1), 53);
  return [client, dns](uint16_t id, std::string name, uint16_t type) {
    Bytes q = BuildDnsQuery(id, name, type);
    client->SendTo(Create<Packet>(q.data(), q.size()), 0, dns);
  };
}

}  // namespace

TEST_CASE("DnsServerApplication answers A, MX and NXDOMAIN over UDP", "[sim][dns]") {
  ntlab::test::SimTestNetwork net(2);
  Ptr<DnsServerApplication> server = CreateObject<DnsServerApplication>();
  server->SetAttribute("Ttl", UintegerValue(120));
  server->AddRecord("www.Example.com", Ipv4Address("93.184.216.34"));
  server->AddRecord("www.example.com", Ipv4Address("93.184.216.35"));
  server->AddMxRecord("corp.example", 10, "mail.corp.example");
  net.nodes.Get(1)->AddApplication(server);
  server->SetStartTime(Seconds(0));
  server->SetStopTime(Seconds(10));

  std::vector<std::pair<std::string, bool>> traced;
  server->TraceConnectWithoutContext(
      "Query", Callback<void, const std::string&, bool>(
                   [&traced](const std::string& name, bool found) { traced.emplace_back(name, found); }));

  std::map<uint16_t, DnsAnswer> answers;
  const Ask ask = DnsClient(net, answers);
  Simulator::Schedule(Seconds(1), [ask] { ask(1, "WWW.example.COM", kDnsTypeA); });
  Simulator::Schedule(Seconds(2), [ask] { ask(2, "smhburg.dyndns.org", kDnsTypeA); });
  Simulator::Schedule(Seconds(3), [ask] { ask(3, "corp.example", kDnsTypeMx); });
  Simulator::Schedule(Seconds(4), [ask] { ask(4, "corp.example", kDnsTypeA); });  // exists, no A: NODATA
  Simulator::Stop(Seconds(11));
  Simulator::Run();
  Simulator::Destroy();

  REQUIRE(answers.size() == 4);
  CHECK(answers[1].rcode == kDnsRcodeNoError);
  CHECK(answers[1].name == "WWW.example.COM");  // echoed as asked
  REQUIRE(answers[1].addresses.size() == 2);
  CHECK(answers[1].addresses[0].address == Ipv4Address("93.184.216.34").Get());
  CHECK(answers[1].addresses[1].address == Ipv4Address("93.184.216.35").Get());
  CHECK(answers[1].addresses[0].ttl == 120);
  CHECK(answers[2].rcode == kDnsRcodeNxDomain);
  CHECK(answers[2].addresses.empty());
  REQUIRE(answers[3].mx.size() == 1);
  CHECK(answers[3].mx[0].exchange == "mail.corp.example");
  CHECK(answers[3].mx[0].preference == 10);
  CHECK(answers[4].rcode == kDnsRcodeNoError);
  CHECK(answers[4].addresses.empty());
  CHECK(server->GetQueriesAnswered() == 4);
  CHECK(traced == std::vector<std::pair<std::string, bool>>{
                      {"WWW.example.COM", true}, {"smhburg.dyndns.org", false},
                      {"corp.example", true}, {"corp.example", false}});
}

TEST_CASE("DnsServerApplication answers pool names with one rotating address", "[sim][dns]") {
  auto run = [](int64_t stream) {
    ntlab::test::SimTestNetwork net(2);
    Ptr<DnsServerApplication> server = CreateObject<DnsServerApplication>();
    server->AddPool("cdn.example.com", Ipv4Address("198.18.4.0"), 16);
    server->AddRecord("fixed.example.com", Ipv4Address("93.184.216.34"));
    server->AssignStreams(stream);
    net.nodes.Get(1)->AddApplication(server);
    server->SetStopTime(Seconds(100));
    std::vector<uint32_t> got;
    uint32_t fixed = 0;
    Ptr<Socket> client = Socket::CreateSocket(net.nodes.Get(0), UdpSocketFactory::GetTypeId());
    client->Bind();
    client->SetRecvCallback(Callback<void, Ptr<Socket>>([&](Ptr<Socket> s) {
      while (Ptr<Packet> p = s->Recv()) {
        std::vector<uint8_t> b(p->GetSize());
        p->CopyData(b.data(), b.size());
        auto a = ParseDnsResponse(b.data(), b.size());
        REQUIRE(a);
        REQUIRE(a->addresses.size() == 1);
        if (a->id == 999) fixed = a->addresses[0].address;
        else got.push_back(a->addresses[0].address);
      }
    }));
    InetSocketAddress dns(net.Address(1), 53);
    for (uint16_t k = 0; k < 50; ++k)
      Simulator::Schedule(Seconds(1 + k), [client, dns, k] {
        Bytes q = BuildDnsQuery(k, k % 2 ? "CDN.example.com" : "cdn.example.com", kDnsTypeA);
        client->SendTo(Create<Packet>(q.data(), q.size()), 0, dns);
      });
    Simulator::Schedule(Seconds(60), [client, dns] {
      Bytes q = BuildDnsQuery(999, "fixed.example.com", kDnsTypeA);
      client->SendTo(Create<Packet>(q.data(), q.size()), 0, dns);
    });
    Simulator::Stop(Seconds(101));
    Simulator::Run();
    Simulator::Destroy();
    CHECK(fixed == Ipv4Address("93.184.216.34").Get());
    return got;
  };
  auto a = run(7);
  REQUIRE(a.size() == 50);
  std::set<uint32_t> distinct(a.begin(), a.end());
  CHECK(distinct.size() > 8);  // 50 draws from 16: rotation, not one address
  for (auto x : a) CHECK((x >= Ipv4Address("198.18.4.0").Get() && x < Ipv4Address("198.18.4.16").Get()));
  CHECK(run(7) == a);  // same stream, same answers
  CHECK(run(8) != a);
}

TEST_CASE("DnsServerApplication answers AAAA queries of dual-stack names from their IPv6 pool", "[sim][dns][ipv6]") {
  ntlab::test::SimTestNetwork net(2);
  Ptr<DnsServerApplication> server = CreateObject<DnsServerApplication>();
  server->AddPool("dual.example.com", Ipv4Address("198.18.4.0"), 16);
  server->AddPool6("dual.example.com", Ipv6Address("fd00:0:1:2::1"), 16);
  server->AddPool("v4only.example.com", Ipv4Address("198.18.8.0"), 16);
  server->AssignStreams(3);
  net.nodes.Get(1)->AddApplication(server);
  server->SetStopTime(Seconds(100));
  std::map<uint16_t, DnsAnswer> answers;
  const Ask ask = DnsClient(net, answers);
  for (uint16_t k = 0; k < 30; ++k) Simulator::Schedule(Seconds(1 + k), [ask, k] { ask(k, "dual.example.com", kDnsTypeAaaa); });
  Simulator::Schedule(Seconds(40), [ask] { ask(100, "dual.example.com", kDnsTypeA); });
  Simulator::Schedule(Seconds(41), [ask] { ask(101, "v4only.example.com", kDnsTypeAaaa); });
  Simulator::Stop(Seconds(101));
  Simulator::Run();
  Simulator::Destroy();

  REQUIRE(answers.size() == 32);
  std::set<std::array<uint8_t, 16>> distinct;
  for (uint16_t k = 0; k < 30; ++k) {
    REQUIRE(answers[k].addresses6.size() == 1);
    CHECK(answers[k].addresses.empty());
    const auto& a = answers[k].addresses6[0].address;
    distinct.insert(a);
    const std::array<uint8_t, 14> prefix{0xfd, 0, 0, 0, 0, 1, 0, 2, 0, 0, 0, 0, 0, 0};
    CHECK(std::equal(prefix.begin(), prefix.end(), a.begin()));
    CHECK(a[15] >= 1);
    CHECK(a[15] <= 16);
  }
  CHECK(distinct.size() > 6);  // rotation over the IPv6 block, not one address
  REQUIRE(answers[100].addresses.size() == 1);  // the A side is unchanged
  CHECK(answers[100].addresses6.empty());
  CHECK(answers[101].rcode == kDnsRcodeNoError);  // an IPv4-only name: NODATA for AAAA
  CHECK(answers[101].addresses6.empty());
}
