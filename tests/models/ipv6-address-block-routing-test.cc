// Ipv6AddressBlockRouting's block arithmetic; its delivery and reply source are exercised end to
// end in tests/scenarios/sim/dual-stack-topology-test.cc (TCP, UDP and QUIC to block addresses).
#include "models/ipv6-address-block-routing.h"

#include <catch2/catch.hpp>

using namespace ns3;

TEST_CASE("Ipv6AddressBlockRouting counts its block in the last 32 bits", "[sim][workload][ipv6]") {
  const Ipv6Address first("fd00:0:1:2::1");
  CHECK(Ipv6AddressBlockRouting::Nth(first, 0) == first);
  CHECK(Ipv6AddressBlockRouting::Nth(first, 0x1ff) == Ipv6Address("fd00:0:1:2::200"));
  CHECK(Ipv6AddressBlockRouting::Nth(Ipv6Address("fd00::ffff"), 1) == Ipv6Address("fd00::1:0"));
  Ptr<Ipv6AddressBlockRouting> block = CreateObject<Ipv6AddressBlockRouting>();
  block->SetBlock(first, 512);
  CHECK(block->Contains(first));
  CHECK(block->Contains(Ipv6Address("fd00:0:1:2::200")));
  CHECK_FALSE(block->Contains(Ipv6Address("fd00:0:1:2::201")));  // one past the end
  CHECK_FALSE(block->Contains(Ipv6Address("fd00:0:1:2::")));     // one before the start
  CHECK_FALSE(block->Contains(Ipv6Address("fd00:0:1:3::1")));    // same low bits, other prefix
}
