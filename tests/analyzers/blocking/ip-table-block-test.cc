#include "analyzers/blocking/ip-table-block.h"

#include "tests/analyzers/analyzer-fixtures.h"

#include <catch2/catch.hpp>

using namespace ntlab;
using namespace ntlab::fixtures;

namespace {

BlockSession To(const char* ip, std::uint16_t port) {
  BlockSession s;
  s.host = Ep("10.60.1.105", 50001);
  s.remote = Ep(ip, port);
  return s;
}

}  // namespace

TEST_CASE("ip table block: a prefix hit drops the session, a relay outside passes", "[analysis][blocking]") {
  IpTablePolicy table{{{Ip("64.4.9.0"), 24}, {Ip("211.234.240.10"), 32}}, {}};
  MethodDecision dispatch = DecideIpTable(table, To("64.4.9.254", 1863));
  CHECK(dispatch.verdict == BlockVerdict::Blocked);
  CHECK(dispatch.reason == "64.4.9.254 in 64.4.9.0/24");
  CHECK(DecideIpTable(table, To("211.234.240.10", 5004)).verdict == BlockVerdict::Blocked);
  MethodDecision relay = DecideIpTable(table, To("198.51.100.50", 1863));
  CHECK(relay.verdict == BlockVerdict::Passed);
  CHECK(relay.reason == "198.51.100.50 in no listed prefix");
}

TEST_CASE("ip table block: a too-wide prefix drops a benign CDN address too", "[analysis][blocking]") {
  IpTablePolicy wide{{{Ip("64.4.0.0"), 16}}, {}};
  CHECK(DecideIpTable(wide, To("64.4.200.10", 443)).verdict == BlockVerdict::Blocked);
  IpTablePolicy portsOnly{{{Ip("64.4.0.0"), 16}}, {1863}};
  MethodDecision cdn = DecideIpTable(portsOnly, To("64.4.200.10", 443));
  CHECK(cdn.verdict == BlockVerdict::Passed);
  CHECK(cdn.reason == "64.4.200.10 in 64.4.0.0/16 but port 443 not listed");
}
