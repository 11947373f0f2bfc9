#include "analyzers/domains/dns-answers.h"

#include "analyzers/capture/bad-packets.h"
#include "models/payload/dns-payload.h"
#include "tests/analyzers/analyzer-fixtures.h"

#include <catch2/catch.hpp>

using namespace ntlab;
using namespace ntlab::fixtures;

namespace {

DecodedPacket Response(const std::vector<std::uint8_t>& bytes, Endpoint from = Ep("10.0.0.53", 53)) {
  return Packet(Sec(100), Proto::Udp, from, Ep("10.0.0.11", 50001), 0, 100, 0, &bytes);
}

}  // namespace

TEST_CASE("dns answers: a CNAME chain gives each address its chain and the chain's smallest TTL",
          "[analysis][domains][dns]") {
  payload::DnsQuestion q{1, "WWW.Shop.example", payload::kDnsTypeA, true};
  auto bytes = payload::BuildDnsChainResponse(
      q, {{"www.shop.example", payload::kDnsTypeCname, "shop.cdn.net", 3600},
          {"shop.cdn.net", payload::kDnsTypeCname, "e1.cdn.net", 120},
          {"e1.cdn.net", payload::kDnsTypeA, "203.0.113.9", 300},
          {"e1.cdn.net", payload::kDnsTypeAaaa, "2001:db8::9", 20},
          {"unrelated.example", payload::kDnsTypeA, "192.0.2.66", 300}});
  auto event = ExtractDnsAnswer(Response(bytes));
  REQUIRE(event);
  CHECK(event->ts == Sec(100));
  CHECK(event->client == Ep("10.0.0.11", 50001));
  CHECK(event->resolver == Ep("10.0.0.53", 53));
  CHECK(event->question == "www.shop.example");
  REQUIRE(event->addresses.size() == 2);  // the record for an unasked name answers nothing
  const DnsAddressAnswer& v4 = event->addresses[0];
  CHECK(v4.address == IpAddress::FromIpv4(Ip("203.0.113.9")));
  CHECK(v4.address.ToString() == "203.0.113.9");
  CHECK(v4.chain == std::vector<std::string>{"www.shop.example", "shop.cdn.net", "e1.cdn.net"});
  CHECK(v4.ttl == 120);
  const DnsAddressAnswer& v6 = event->addresses[1];
  CHECK(v6.address.v6);
  CHECK(v6.address.ToString() == "2001:db8::9");
  CHECK(v6.ttl == 20);
}

TEST_CASE("dns answers: a CNAME loop stops the chain and answers nothing", "[analysis][domains][dns]") {
  payload::DnsQuestion q{2, "a.example", payload::kDnsTypeA, true};
  auto bytes = payload::BuildDnsChainResponse(q, {{"a.example", payload::kDnsTypeCname, "b.example", 60},
                                                  {"b.example", payload::kDnsTypeCname, "a.example", 60},
                                                  {"c.example", payload::kDnsTypeA, "192.0.2.1", 60}});
  auto event = ExtractDnsAnswer(Response(bytes));
  REQUIRE(event);
  CHECK(event->addresses.empty());
}

TEST_CASE("dns answers: only UDP responses from port 53 are read", "[analysis][domains][dns]") {
  auto query = payload::BuildDnsQuery(3, "a.example");
  CHECK_FALSE(ExtractDnsAnswer(Response(query)));  // a query, even from port 53
  auto answer = payload::BuildDnsResponse({3, "a.example", payload::kDnsTypeA, true}, {0xc0000201}, 60);
  CHECK_FALSE(ExtractDnsAnswer(Response(answer, Ep("10.0.0.53", 5353))));
  auto nx = payload::BuildDnsResponse({3, "a.example", payload::kDnsTypeA, true}, {}, 60);
  auto event = ExtractDnsAnswer(Response(nx));
  REQUIRE(event);
  CHECK(event->rcode == 3);
  CHECK(event->addresses.empty());
}

TEST_CASE("dns answers: a malformed response is a counted bad packet, not an answer", "[analysis][domains][dns]") {
  WarningLog log;
  BadPackets bad(log.Sink());
  const std::string file = "x.pcap";
  PacketOrigin origin{&file, 7, &bad};
  auto bytes = payload::BuildDnsResponse({4, "a.example", payload::kDnsTypeA, true}, {0xc0000201}, 60);
  bytes.resize(bytes.size() - 2);  // the A record's data cut short
  DecodedPacket p = Response(bytes);
  p.origin = &origin;
  CHECK_FALSE(ExtractDnsAnswer(p));
  CHECK(bad.Counts().Of(BadPacketReason::DnsAnswer) == 1);
  REQUIRE(log.lines.size() == 1);
  CHECK(log.lines[0].find("x.pcap: packet 7: DNS answer") == 0);
}
