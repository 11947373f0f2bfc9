#include "analyzers/formats/rewrite-rules.h"

#include "tests/support/text-files.h"

#include <catch2/catch.hpp>

#include <unistd.h>
#include <filesystem>

using namespace ntlab;
using ntlab::test_support::InputErrorOf;
using ntlab::test_support::WriteText;

TEST_CASE("CIDR blocks: networks, single addresses, and what is refused", "[analysis][formats][rewrite]") {
  auto net = ParseCidr("10.0.0.0/24");
  REQUIRE(net.block);
  CHECK(net.block->network == 0x0a000000);
  CHECK(net.block->prefix == 24);
  CHECK(net.block->Contains(0x0a0000ff));
  CHECK_FALSE(net.block->Contains(0x0a000100));
  auto host = ParseCidr("10.0.0.5");
  REQUIRE(host.block);
  CHECK(host.block->prefix == 32);
  auto all = ParseCidr("0.0.0.0/0");
  REQUIRE(all.block);
  CHECK(all.block->Contains(0xffffffff));
  CHECK(ParseCidr("10.0.0.1/24").problem.find("host bits set") != std::string::npos);
  CHECK(ParseCidr("10.0.0.0/33").problem.find("above 32") != std::string::npos);
  CHECK(ParseCidr("10.0.0/24").problem.find("a.b.c.d") != std::string::npos);
  CHECK(ParseCidr("10.0.0.0/x").problem.find("not a number") != std::string::npos);
  CHECK(ParseCidr("10.0.0.0/24").block->Overlaps(*ParseCidr("10.0.0.128/25").block));
  CHECK_FALSE(ParseCidr("10.0.0.0/25").block->Overlaps(*ParseCidr("10.0.0.128/25").block));
}

TEST_CASE("MAC addresses parse with colons or dashes and format lower-case", "[analysis][formats][rewrite]") {
  auto mac = ParseMac("00:1A:2b:3c:4d:5E");
  REQUIRE(mac);
  CHECK(FormatMac(*mac) == "00:1a:2b:3c:4d:5e");
  CHECK(ParseMac("00-1a-2b-3c-4d-5e") == mac);
  CHECK_FALSE(ParseMac("00:1a:2b:3c:4d"));
  CHECK_FALSE(ParseMac("00:1a:2b-3c:4d:5e"));
  CHECK_FALSE(ParseMac("00:1a:2b:3c:4d:5g"));
}

TEST_CASE("Command-line rules: tcprewrite's FROM:TO lists, errors naming the option", "[analysis][formats][rewrite]") {
  auto rules = ParseAddressRules("10.0.0.0/24:192.168.5.0/24,10.0.1.7:172.16.0.1", "--pnat");
  REQUIRE(rules.size() == 2);
  CHECK(FormatCidr(rules[1].from) == "10.0.1.7/32");
  CHECK(rules[1].where == "--pnat 10.0.1.7:172.16.0.1");
  auto ports = ParsePortRules("80:8080,53:5353", "--portmap");
  REQUIRE(ports.size() == 2);
  CHECK(ports[1].to == 5353);
  CHECK(InputErrorOf([] { ParseAddressRules("10.0.0.0/24", "--pnat"); }) ==
        "--pnat 10.0.0.0/24: not a FROM:TO pair of IPv4 networks");
  CHECK(InputErrorOf([] { ParseAddressRules("10.0.0.1/24:10.0.1.0/24", "--pnat"); })
            .find("--pnat: '10.0.0.1/24' is not an IPv4 network: host bits set") == 0);
  CHECK(InputErrorOf([] { ParsePortRules("80:70000", "--portmap"); }) ==
        "--portmap: '70000' is not a port (0-65535)");
  CHECK(InputErrorOf([] { ParseMacRule("zz", "--enet-dmac"); }).find("--enet-dmac: 'zz' is not a MAC") == 0);
}

TEST_CASE("Rewrite map CSV: every kind, and a bad field named by file, line and column", "[analysis][formats][rewrite]") {
  const std::string dir = std::filesystem::temp_directory_path() / ("ntlab-rewrite-rules-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  WriteText(dir + "/map.csv",
            "kind,from,to\n"
            "address,10.0.0.0/24,192.168.5.0/24\n"
            "source_address,10.9.0.1,10.9.0.2\n"
            "destination_address,10.8.0.0/16,10.7.0.0/16\n"
            "port,80,8080\n"
            "destination_mac,*,02:00:00:00:00:01\n"
            "source_mac,00:00:00:00:00:0a,02:00:00:00:00:0b\n");
  RewriteRules rules;
  ReadRewriteMapCsv(dir + "/map.csv", rules);
  CHECK(rules.addresses.size() == 1);
  CHECK(rules.addresses[0].where == dir + "/map.csv:2");
  CHECK(rules.source_addresses.size() == 1);
  CHECK(rules.destination_addresses.size() == 1);
  REQUIRE(rules.ports.size() == 1);
  CHECK(rules.ports[0].to == 8080);
  REQUIRE(rules.destination_macs.size() == 1);
  CHECK_FALSE(rules.destination_macs[0].from);
  REQUIRE(rules.source_macs.size() == 1);
  CHECK(rules.source_macs[0].from);

  WriteText(dir + "/bad.csv", "kind,from,to\naddress,10.0.0.0/24,192.168.5.0/24\naddress,10.0.1.0/24,192.168.300.0/24\n");
  CHECK(InputErrorOf([&] { RewriteRules r; ReadRewriteMapCsv(dir + "/bad.csv", r); }) ==
        dir + "/bad.csv:3: column 'to': '192.168.300.0/24' is not an IPv4 network: the address is not a.b.c.d");
  WriteText(dir + "/kind.csv", "kind,from,to\nvlan,1,2\n");
  CHECK(InputErrorOf([&] { RewriteRules r; ReadRewriteMapCsv(dir + "/kind.csv", r); })
            .find(dir + "/kind.csv:2: column 'kind': 'vlan' is not a rule kind") == 0);
  WriteText(dir + "/header.csv", "from,to\n1,2\n");
  CHECK_FALSE(InputErrorOf([&] { RewriteRules r; ReadRewriteMapCsv(dir + "/header.csv", r); }).empty());
  std::filesystem::remove_all(dir);
}
