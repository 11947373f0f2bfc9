#include "analyzers/formats/basic-types.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <limits>
#include <unordered_set>

using namespace ntlab;

TEST_CASE("IpAddress reads and writes both families, IPv6 as RFC 5952 says", "[analysis][formats][ipv6]") {
  CHECK(FormatIp(*ParseIp("10.1.2.3")) == "10.1.2.3");
  CHECK(FormatIp(*ParseIp("2001:DB8:0:0:0:0:0:1")) == "2001:db8::1");
  CHECK(FormatIp(*ParseIp("2001:db8:0:0:1:0:0:1")) == "2001:db8::1:0:0:1");  // the first longest zero run
  CHECK(FormatIp(*ParseIp("2001:0:0:1:0:0:0:1")) == "2001:0:0:1::1");      // the longest zero run
  CHECK(FormatIp(*ParseIp("::")) == "::");
  CHECK_FALSE(ParseIp("example.com"));
  CHECK_FALSE(ParseIp("10.1.2"));
  CHECK_FALSE(ParseIp("2001:db8::1::2"));
  CHECK_FALSE(ParseIp(""));
  CHECK_FALSE(ParseIp(std::string(60, ':')));
}

TEST_CASE("an IPv4-mapped IPv6 address is the IPv4 address", "[analysis][formats][ipv6]") {
  const IpAddress mapped = *ParseIp("::ffff:10.0.0.11");
  CHECK(mapped.IsV4());
  CHECK(mapped == IpAddress(*ParseIpv4("10.0.0.11")));
  CHECK(FormatIp(mapped) == "10.0.0.11");
  CHECK(ParseIp("::ffff:a00:b")->V4() == 0x0a00000bu);
  CHECK_FALSE(ParseIp("::a00:b")->IsV4());  // IPv4-compatible (deprecated) is not mapped
}

TEST_CASE("IpAddress keeps IPv4 order and hash values and puts IPv6 after them", "[analysis][formats][ipv6]") {
  const IpAddress low(*ParseIpv4("9.255.255.255")), high(*ParseIpv4("10.0.0.1"));
  CHECK(low < high);
  CHECK(high < *ParseIp("::1"));
  CHECK(*ParseIp("::1") < *ParseIp("2001:db8::1"));
  CHECK(high.Fold32() == 0x0a000001u);
  CHECK(IpAddressHash()(high) == std::hash<std::uint32_t>()(0x0a000001u));
  CHECK(ParseIp("2001:db8::1")->Fold32() != ParseIp("2001:db8::2")->Fold32());
  CHECK(ParseIp("2001:db8::1")->V4() == 0);
  CHECK(IpAddress().IsUnspecified());
  CHECK(ParseIp("::")->IsUnspecified());
  CHECK_FALSE(ParseIp("::1")->IsUnspecified());
  CHECK(IpAddress() == IpAddress(0));
  std::unordered_set<IpAddress> set{*ParseIp("2001:db8::1"), *ParseIp("2001:db8::1"), high};
  CHECK(set.size() == 2);
}

TEST_CASE("FormatTs and FormatIpv4 write what printf wrote", "[analysis][formats]") {
  // They write their digits directly (no snprintf on every labels.csv row); the text is the
  // printf text they had, the microseconds always six digits.
  const TimeUs times[] = {0, 1, 999'999, 1'000'000, 1'741'597'200'123'456, -1, -1'500'000, -999'999'999'999,
                          std::numeric_limits<TimeUs>::max(), std::numeric_limits<TimeUs>::min()};
  for (TimeUs ts : times) {
    const unsigned long long a = ts < 0 ? 0ULL - static_cast<unsigned long long>(ts) : static_cast<unsigned long long>(ts);
    char expected[40];
    std::snprintf(expected, sizeof expected, "%s%llu.%06llu", ts < 0 ? "-" : "", a / 1'000'000, a % 1'000'000);
    CHECK(FormatTs(ts) == expected);
  }
  CHECK(FormatTs(-1) == "-0.000001");
  const Ipv4 addresses[] = {0, 0xffffffffu, 0x0a000b0cu, 0x64090a63u, 0xc0a80001u};
  for (Ipv4 ip : addresses) {
    char expected[16];
    std::snprintf(expected, sizeof expected, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 0xff, (ip >> 8) & 0xff, ip & 0xff);
    CHECK(FormatIpv4(ip) == expected);
  }
  CHECK(FormatIpv4(0x64090a63u) == "100.9.10.99");
}
