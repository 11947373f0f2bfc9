#include "models/payload/dns-payload.h"

#include <catch2/catch.hpp>

#include <tins/dns.h>

using namespace ntlab::payload;

TEST_CASE("DNS query round-trips through libtins", "[analysis][payload][dns]") {
  Bytes q = BuildDnsQuery(0x1234, "smhburg.DynDNS.org");
  // Independent check with libtins itself, not only with our own parser.
  Tins::DNS dns(q.data(), static_cast<uint32_t>(q.size()));
  CHECK(dns.id() == 0x1234);
  CHECK(dns.type() == Tins::DNS::QUERY);
  CHECK(dns.recursion_desired() == 1);
  REQUIRE(dns.queries().size() == 1);
  CHECK(dns.queries()[0].dname() == "smhburg.DynDNS.org");
  CHECK(dns.queries()[0].query_type() == Tins::DNS::A);

  auto parsed = ParseDnsQuery(q.data(), q.size());
  REQUIRE(parsed);
  CHECK(parsed->id == 0x1234);
  CHECK(parsed->name == "smhburg.DynDNS.org");
  CHECK(parsed->qtype == kDnsTypeA);

  Bytes mxq = BuildDnsQuery(7, "example.com", kDnsTypeMx);
  auto parsed_mx = ParseDnsQuery(mxq.data(), mxq.size());
  REQUIRE(parsed_mx);
  CHECK(parsed_mx->qtype == kDnsTypeMx);

  // A query is not a response and vice versa; garbage is rejected without throwing.
  CHECK_FALSE(ParseDnsResponse(q.data(), q.size()));
  const uint8_t junk[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
  CHECK_FALSE(ParseDnsQuery(junk, sizeof(junk)));
  CHECK_FALSE(ParseDnsQuery(q.data(), 5));
}

TEST_CASE("DNS A, MX and NXDOMAIN responses round-trip", "[analysis][payload][dns]") {
  Bytes qb = BuildDnsQuery(42, "www.example.com");
  auto q = ParseDnsQuery(qb.data(), qb.size());
  REQUIRE(q);

  Bytes rb = BuildDnsResponse(*q, {0x0A000001u, 0xC0A80102u}, 300);
  auto r = ParseDnsResponse(rb.data(), rb.size());
  REQUIRE(r);
  CHECK(r->id == 42);
  CHECK(r->name == "www.example.com");
  CHECK(r->rcode == kDnsRcodeNoError);
  REQUIRE(r->addresses.size() == 2);
  CHECK(r->addresses[0].address == 0x0A000001u);
  CHECK(r->addresses[0].ttl == 300);
  CHECK(r->addresses[1].address == 0xC0A80102u);
  Tins::DNS check(rb.data(), static_cast<uint32_t>(rb.size()));
  REQUIRE(check.answers().size() == 2);
  CHECK(check.answers()[1].data() == "192.168.1.2");

  Bytes nx = BuildDnsResponse(*q, {}, 300);
  auto rnx = ParseDnsResponse(nx.data(), nx.size());
  REQUIRE(rnx);
  CHECK(rnx->rcode == kDnsRcodeNxDomain);
  CHECK(rnx->addresses.empty());

  DnsQuestion mxq{9, "corp.example", kDnsTypeMx, true};
  Bytes mx = BuildDnsMxResponse(mxq, {{10, "mx1.corp.example"}, {20, "mx2.corp.example"}}, 3600);
  auto rmx = ParseDnsResponse(mx.data(), mx.size());
  REQUIRE(rmx);
  CHECK(rmx->qtype == kDnsTypeMx);
  REQUIRE(rmx->mx.size() == 2);
  CHECK(rmx->mx[0].preference == 10);
  CHECK(rmx->mx[0].exchange == "mx1.corp.example");
  CHECK(rmx->mx[1].ttl == 3600);

  Bytes nodata = BuildDnsNoDataResponse(mxq);
  auto rnd = ParseDnsResponse(nodata.data(), nodata.size());
  REQUIRE(rnd);
  CHECK(rnd->rcode == kDnsRcodeNoError);
  CHECK(rnd->mx.empty());
}

TEST_CASE("DNS AAAA responses round-trip", "[analysis][payload][dns]") {
  Bytes qb = BuildDnsQuery(77, "v6.example.com", kDnsTypeAaaa);
  auto q = ParseDnsQuery(qb.data(), qb.size());
  REQUIRE(q);
  CHECK(q->qtype == kDnsTypeAaaa);
  std::array<uint8_t, 16> address{0xfd, 0, 0, 0, 0, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0x01, 0x05};
  Bytes rb = BuildDnsAaaaResponse(*q, {address}, 120);
  Tins::DNS check(rb.data(), static_cast<uint32_t>(rb.size()));
  REQUIRE(check.answers().size() == 1);
  CHECK(check.answers()[0].query_type() == Tins::DNS::AAAA);
  CHECK(check.answers()[0].data() == "fd00:0:1:2::105");
  auto r = ParseDnsResponse(rb.data(), rb.size());
  REQUIRE(r);
  CHECK(r->qtype == kDnsTypeAaaa);
  CHECK(r->addresses.empty());
  REQUIRE(r->addresses6.size() == 1);
  CHECK(r->addresses6[0].address == address);
  CHECK(r->addresses6[0].ttl == 120);
  auto nx = BuildDnsAaaaResponse(*q, {}, 120);
  CHECK(ParseDnsResponse(nx.data(), nx.size())->rcode == kDnsRcodeNxDomain);
}
