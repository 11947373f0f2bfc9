#include "analyzers/formats/host-networks.h"

#include <catch2/catch.hpp>

using namespace ntlab;

TEST_CASE("the --hosts option takes addresses and CIDR blocks, comma-separated or repeated", "[analysis][hosts]") {
  auto networks = ParseHostNetworks({"10.0.0.11,127.0.0.1", "192.168.5.0/24"});
  REQUIRE(networks.size() == 3);
  CHECK(InHostNetworks(networks, *ParseIpv4("10.0.0.11")));
  CHECK_FALSE(InHostNetworks(networks, *ParseIpv4("10.0.0.12")));
  CHECK(InHostNetworks(networks, *ParseIpv4("127.0.0.1")));
  CHECK(InHostNetworks(networks, *ParseIpv4("192.168.5.200")));
  CHECK_FALSE(InHostNetworks(networks, *ParseIpv4("192.168.6.1")));
  CHECK_FALSE(InHostNetworks({}, *ParseIpv4("10.0.0.11")));
}

TEST_CASE("the --hosts option refuses what is not an address or block, naming it", "[analysis][hosts]") {
  CHECK_THROWS_WITH(ParseHostNetworks({"10.0.0.1/24"}), Catch::Contains("'10.0.0.1/24'") && Catch::Contains("host bits"));
  CHECK_THROWS_WITH(ParseHostNetworks({"pc01"}), Catch::Contains("--hosts: 'pc01' is not an address or CIDR block"));
  CHECK_THROWS_WITH(ParseHostNetworks({","}), Catch::Contains("no address"));
}

TEST_CASE("the --hosts option takes IPv6 addresses and blocks, mixed with IPv4", "[analysis][hosts][ipv6]") {
  auto networks = ParseHostNetworks({"2001:db8::/32,::1", "10.0.0.0/8"});
  REQUIRE(networks.size() == 3);
  CHECK(InHostNetworks(networks, *ParseIp("2001:db8::11")));
  CHECK(InHostNetworks(networks, *ParseIp("2001:db8:ffff:1::60")));
  CHECK_FALSE(InHostNetworks(networks, *ParseIp("2001:db9::11")));
  CHECK(InHostNetworks(networks, *ParseIp("::1")));
  CHECK_FALSE(InHostNetworks(networks, *ParseIp("::2")));
  CHECK(InHostNetworks(networks, *ParseIp("10.1.2.3")));
  // A family never matches the other's block: 10.0.0.0/8's bytes are not an IPv6 address's.
  CHECK_FALSE(InHostNetworks(ParseHostNetworks({"a00::/8"}), *ParseIp("10.1.2.3")));
  CHECK_FALSE(InHostNetworks(ParseHostNetworks({"0.0.0.0/0"}), *ParseIp("2001:db8::1")));
  CHECK(InHostNetworks(ParseHostNetworks({"::/0"}), *ParseIp("2001:db8::1")));
  // A prefix that does not end on a byte: 2001:db8:8000::/33 holds :8000: to :ffff:, not :7fff:.
  auto odd = ParseHostNetworks({"2001:db8:8000::/33"});
  CHECK(InHostNetworks(odd, *ParseIp("2001:db8:ffff::1")));
  CHECK_FALSE(InHostNetworks(odd, *ParseIp("2001:db8:7fff::1")));
}

TEST_CASE("an IPv4-mapped --hosts block is the IPv4 block", "[analysis][hosts][ipv6]") {
  auto networks = ParseHostNetworks({"::ffff:10.0.0.0/120"});
  REQUIRE(networks.size() == 1);
  CHECK(FormatHostNetwork(networks[0]) == "10.0.0.0/24");
  CHECK(InHostNetworks(networks, *ParseIp("10.0.0.200")));
  CHECK_FALSE(InHostNetworks(networks, *ParseIp("10.0.1.1")));
  CHECK_THROWS_WITH(ParseHostNetworks({"::ffff:10.0.0.0/64"}), Catch::Contains("at least 96"));
}

TEST_CASE("a wrong IPv6 --hosts entry is one error naming the entry", "[analysis][hosts][ipv6]") {
  CHECK_THROWS_WITH(ParseHostNetworks({"2001:db8::1/32"}),
                    Catch::Contains("--hosts: '2001:db8::1/32'") && Catch::Contains("host bits") &&
                        Catch::Contains("2001:db8::/32"));
  CHECK_THROWS_WITH(ParseHostNetworks({"10.0.0.1,2001:db8::/129"}),
                    Catch::Contains("'2001:db8::/129'") && Catch::Contains("above 128"));
  CHECK_THROWS_WITH(ParseHostNetworks({"2001:db8:::1"}), Catch::Contains("'2001:db8:::1' is not an address"));
  CHECK_THROWS_WITH(ParseHostNetworks({"10.0.0.0/33"}), Catch::Contains("above 32"));
  CHECK_THROWS_WITH(ParseHostNetworks({"2001:db8::/x"}), Catch::Contains("not a number"));
}

TEST_CASE("host networks print as they are written", "[analysis][hosts][ipv6]") {
  CHECK(FormatHostNetwork(*ParseHostNetwork("2001:db8::/32").network) == "2001:db8::/32");
  CHECK(FormatHostNetwork(*ParseHostNetwork("::1").network) == "::1");
  CHECK(FormatHostNetwork(*ParseHostNetwork("10.0.0.11").network) == "10.0.0.11");
  CHECK(FormatHostNetwork(*ParseHostNetwork("0.0.0.0/0").network) == "0.0.0.0/0");
}
