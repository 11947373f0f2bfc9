#include "replay/rewrite/rewrite-maps.h"

#include "tests/support/text-files.h"

#include <catch2/catch.hpp>

using namespace ntlab;
using ntlab::test_support::InputErrorOf;

namespace {

RewriteRules Pnat(const std::string& text) {
  RewriteRules rules;
  rules.addresses = ParseAddressRules(text, "--pnat");
  return rules;
}

}  // namespace

TEST_CASE("Address maps keep the host bits, as tcprewrite --pnat", "[analysis][replay][rewrite]") {
  RewriteMaps maps = RewriteMaps::FromRules(Pnat("10.0.0.0/24:192.168.5.0/24,10.0.1.7:172.16.0.1"));
  CHECK(maps.MapSource(*ParseIpv4("10.0.0.77")) == ParseIpv4("192.168.5.77"));
  CHECK(maps.MapDestination(*ParseIpv4("10.0.0.0")) == ParseIpv4("192.168.5.0"));
  CHECK(maps.MapSource(*ParseIpv4("10.0.1.7")) == ParseIpv4("172.16.0.1"));
  CHECK_FALSE(maps.MapSource(*ParseIpv4("10.0.1.8")));
  // No chains: the target of one rule is not taken up by another.
  RewriteMaps swap = RewriteMaps::FromRules(Pnat("10.0.0.1:10.0.0.2,10.0.0.2:10.0.0.1"));
  CHECK(swap.MapSource(*ParseIpv4("10.0.0.1")) == ParseIpv4("10.0.0.2"));
  CHECK(swap.MapSource(*ParseIpv4("10.0.0.2")) == ParseIpv4("10.0.0.1"));
}

TEST_CASE("Source and destination maps apply to their side only", "[analysis][replay][rewrite]") {
  RewriteRules rules;
  rules.source_addresses = ParseAddressRules("10.0.0.0/8:11.0.0.0/8", "--srcipmap");
  rules.destination_addresses = ParseAddressRules("10.0.0.0/8:12.0.0.0/8", "--dstipmap");
  RewriteMaps maps = RewriteMaps::FromRules(rules);
  CHECK(maps.MapSource(*ParseIpv4("10.1.2.3")) == ParseIpv4("11.1.2.3"));
  CHECK(maps.MapDestination(*ParseIpv4("10.1.2.3")) == ParseIpv4("12.1.2.3"));
}

TEST_CASE("Overlapping and contradictory rules are refused, naming both", "[analysis][replay][rewrite]") {
  CHECK(InputErrorOf([] { RewriteMaps::FromRules(Pnat("10.0.0.0/24:192.168.5.0/24,10.0.0.128/25:172.16.0.0/25")); }) ==
        "--pnat 10.0.0.128/25:172.16.0.0/25: 10.0.0.128/25:172.16.0.0/25 and --pnat 10.0.0.0/24:192.168.5.0/24: "
        "10.0.0.0/24:192.168.5.0/24 are two rules for one address (their networks overlap)");
  CHECK(InputErrorOf([] { RewriteMaps::FromRules(Pnat("10.0.0.0/24:192.168.0.0/16")); }) ==
        "--pnat 10.0.0.0/24:192.168.0.0/16: 10.0.0.0/24:192.168.0.0/16 maps a /24 onto a /16: a CIDR pair must be "
        "of one size, so that every host keeps its host bits");
  RewriteRules both = Pnat("10.0.0.0/24:192.168.5.0/24");
  both.source_addresses = ParseAddressRules("10.0.0.9:10.0.0.10", "--srcipmap");
  CHECK(InputErrorOf([&] { RewriteMaps::FromRules(both); }).find("are two rules for one source address") !=
        std::string::npos);
  RewriteRules ports;
  ports.ports = ParsePortRules("80:8080,80:8081", "--portmap");
  CHECK(InputErrorOf([&] { RewriteMaps::FromRules(ports); }) ==
        "--portmap 80:8081: port 80 already has a rule (--portmap 80:8080): two rules for one port");
  RewriteRules macs;
  macs.destination_macs.push_back({ParseMac("00:00:00:00:00:01"), *ParseMac("02:00:00:00:00:01"), "map.csv:2"});
  macs.destination_macs.push_back(ParseMacRule("02:00:00:00:00:09", "--enet-dmac"));
  CHECK(InputErrorOf([&] { RewriteMaps::FromRules(macs); }).find("--enet-dmac: contradicts map.csv:2") == 0);
}

TEST_CASE("Port and MAC maps", "[analysis][replay][rewrite]") {
  RewriteRules rules;
  rules.ports = ParsePortRules("80:8080", "--portmap");
  rules.source_macs.push_back({ParseMac("00:00:00:00:00:01"), *ParseMac("02:00:00:00:00:01"), "map.csv:2"});
  rules.destination_macs.push_back(ParseMacRule("02:00:00:00:00:09", "--enet-dmac"));
  RewriteMaps maps = RewriteMaps::FromRules(rules);
  CHECK(maps.ports.Map(80) == std::uint16_t(8080));
  CHECK_FALSE(maps.ports.Map(8080));
  CHECK(maps.source_macs.Map(*ParseMac("00:00:00:00:00:01")) == ParseMac("02:00:00:00:00:01"));
  CHECK_FALSE(maps.source_macs.Map(*ParseMac("00:00:00:00:00:02")));
  CHECK(maps.destination_macs.Map(*ParseMac("00:00:00:00:00:02")) == ParseMac("02:00:00:00:00:09"));
  CHECK(maps.HasMacRules());
}
