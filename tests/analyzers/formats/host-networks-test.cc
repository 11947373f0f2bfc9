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
