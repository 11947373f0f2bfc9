#include "analyzers/sessions/community-id.h"

#include "tests/analyzers/analyzer-fixtures.h"

#include <catch2/catch.hpp>

using namespace ntlab;
using namespace ntlab::fixtures;

// Vectors from the Community ID spec's baseline (corelight/community-id-spec).
TEST_CASE("community id v1 matches the spec's vectors", "[analysis][sessions]") {
  CHECK(CommunityId::Compute(Proto::Tcp, Ep("128.232.110.120", 34855), Ep("66.35.250.204", 80)) ==
        "1:LQU9qZlK+B5F3KDmev6m5PMibrg=");
  CHECK(CommunityId::Compute(Proto::Udp, Ep("192.168.1.52", 54585), Ep("8.8.8.8", 53)) ==
        "1:d/FP5EW3wiY1vCndhwleRRKHowQ=");
}

// The spec's IPv6 TCP vector (baseline_deflt.json): the 16-byte addresses are hashed.
TEST_CASE("community id v1 matches the spec's IPv6 vector", "[analysis][sessions]") {
  const Endpoint client{*IpAddress::Parse("2001:470:e5bf:dead:4957:2174:e82c:4887"), 63943};
  const Endpoint server{*IpAddress::Parse("2607:f8b0:400c:c03::1a"), 25};
  CHECK(CommunityId::Compute(Proto::Tcp, client, server) == "1:/qFaeAR+gFe1KYjMzVDsMv+wgU4=");
  CHECK(CommunityId::Compute(Proto::Tcp, server, client) == "1:/qFaeAR+gFe1KYjMzVDsMv+wgU4=");
}

TEST_CASE("community id does not depend on direction", "[analysis][sessions]") {
  auto a = Ep("10.0.0.11", 50000);
  auto b = Ep("198.51.100.7", 443);
  CHECK(CommunityId::Compute(Proto::Tcp, a, b) == CommunityId::Compute(Proto::Tcp, b, a));
  CHECK(CommunityId::Compute(Proto::Tcp, a, b) != CommunityId::Compute(Proto::Udp, a, b));
  CHECK(CommunityId::Compute(Proto::Tcp, a, b, 1) != CommunityId::Compute(Proto::Tcp, a, b, 0));
}
