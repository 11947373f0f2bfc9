// The single-value checks behind the scenario loader: ns-3's DataRate grammar without ns-3, and
// control bytes found and escaped for one-line errors.
#include "scenarios/config/value-checks.h"

#include <catch2/catch.hpp>

#include <string>

using namespace ntlab;

TEST_CASE("data rates parse as ns-3's DataRate reads them", "[analysis][scenario]") {
  double bps = 0;
  CHECK(ParseDataRate("1Gbps", bps));
  CHECK(bps == Approx(1e9));
  CHECK(ParseDataRate("100Mbps", bps));
  CHECK(bps == Approx(1e8));
  CHECK(ParseDataRate("1.5Mb/s", bps));
  CHECK(bps == Approx(1.5e6));
  CHECK(ParseDataRate("10KBps", bps));
  CHECK(bps == Approx(80e3));
  CHECK(ParseDataRate("2MiB/s", bps));
  CHECK(bps == Approx(2 * 8 * 1048576.0));
  CHECK(ParseDataRate("1Gib/s", bps));
  CHECK(bps == Approx(1073741824.0));
  CHECK(ParseDataRate("64000", bps));  // a bare whole number is bits/s
  CHECK(bps == Approx(64000));
  CHECK(ParseDataRate("0bps", bps));   // parses; the loader refuses it by range
  CHECK(bps == 0);
}

TEST_CASE("data rates ns-3 would misread or abort on are refused", "[analysis][scenario]") {
  double bps = 0;
  for (const char* bad : {"", "fastest", "-1Gbps", "+1Gbps", "1e9bps", "1 Gbps", "1Tbps", "99999999Tbps", "1.2.3Mbps",
                          "Gbps", ".Gbps", "1.5", "1gbps", "1Gbps ", "0x10bps", "1mbps"}) {
    INFO(bad);
    CHECK_FALSE(ParseDataRate(bad, bps));
  }
}
