// HostResolver (the DNS Client) looks up and caches per (name, type): an AAAA question is never
// answered from an A answer or the other way round, and each type's answer is cached on its own.
#include "models/host-resolver.h"

#include "models/dns-server-application.h"
#include "models/socket-table.h"

#include "tests/models/sim-test-network.h"

#include <catch2/catch.hpp>

#include <vector>

using namespace ns3;

TEST_CASE("HostResolver caches A and AAAA answers per name and type", "[sim][dns][ipv6]") {
  ntlab::test::SimTestNetwork net(2);
  Ptr<Node> host = net.nodes.Get(0);
  Ptr<SocketTable> table = CreateObject<SocketTable>();
  table->SetAttribute("HostName", StringValue("pc01"));
  host->AggregateObject(table);
  Ptr<HostResolver> resolver = CreateObject<HostResolver>();
  resolver->SetAttribute("Server", Ipv4AddressValue(net.Address(1)));
  resolver->AssignStreams(1);
  host->AddApplication(resolver);
  Ptr<DnsServerApplication> dns = CreateObject<DnsServerApplication>();
  dns->AddPool("dual.example.com", Ipv4Address("198.18.4.0"), 1);
  dns->AddPool6("dual.example.com", Ipv6Address("fd00:0:1:2::1"), 1);
  dns->AddPool("v4only.example.com", Ipv4Address("198.18.8.0"), 1);
  net.nodes.Get(1)->AddApplication(dns);
  std::vector<std::string> asked;
  dns->TraceConnectWithoutContext("Query", Callback<void, const std::string&, bool>(
                                               [&asked](const std::string& name, bool) { asked.push_back(name); }));

  std::vector<Ipv6Address> first6, second6, none6;
  std::vector<Ipv4Address> first4;
  std::vector<Ipv4Address> cached4;
  std::vector<Ipv6Address> cached6;
  Simulator::Schedule(Seconds(1), [&] { resolver->Resolve6("dual.example.com", [&](auto a) { first6 = a; }); });
  // The AAAA answer is cached, but an A question for the same name goes on the wire.
  Simulator::Schedule(Seconds(2), [&] { resolver->Resolve("DUAL.example.com", [&](auto a) { first4 = a; }); });
  Simulator::Schedule(Seconds(3), [&] { resolver->Resolve6("dual.example.com", [&](auto a) { second6 = a; }); });
  Simulator::Schedule(Seconds(4), [&] { resolver->Resolve6("v4only.example.com", [&](auto a) { none6 = a; }); });
  Simulator::Schedule(Seconds(5), [&] {
    cached4 = resolver->Cached("dual.example.com");
    cached6 = resolver->Cached6("dual.example.com");
  });
  Simulator::Stop(Seconds(10));
  Simulator::Run();
  Simulator::Destroy();

  REQUIRE(first6.size() == 1);
  CHECK(first6[0] == Ipv6Address("fd00:0:1:2::1"));
  REQUIRE(first4.size() == 1);
  CHECK(first4[0] == Ipv4Address("198.18.4.0"));
  CHECK(second6 == first6);
  CHECK(none6.empty());  // NODATA: the name has no AAAA record
  CHECK(cached4 == first4);
  CHECK(cached6 == first6);
  // Three questions reached the server: dual AAAA, dual A, v4only AAAA; the second AAAA was cached.
  CHECK(asked == std::vector<std::string>{"dual.example.com", "dual.example.com", "v4only.example.com"});
}
