// The rotated capture name, written by the mirror port and parsed by the capture plan.
#include "analyzers/formats/capture-file-name.h"

#include <catch2/catch.hpp>

using namespace ntlab;

namespace {
Ipv4 Ip(const char* text) { return *ParseIpv4(text); }
constexpr TimeUs kMarch10 = TimeUs(1741597200) * kUsPerSecond;  // 2025-03-10T09:00:00Z
}  // namespace

TEST_CASE("capture file names round-trip", "[analysis][formats]") {
  CHECK(FormatCaptureFileName(Ip("10.0.0.11"), kMarch10) == "10.0.0.11_20250310T090000Z.pcap");
  CHECK(FormatCaptureFileName(Ip("10.0.0.11"), kMarch10 + 59'999'999) == "10.0.0.11_20250310T090059Z.pcap");
  auto parsed = ParseCaptureFileName("10.0.0.11_20250310T090000Z.pcap");
  REQUIRE(parsed);
  CHECK(parsed->host == Ip("10.0.0.11"));
  CHECK(parsed->start == kMarch10);
  auto pcapng = ParseCaptureFileName("192.168.1.200_20250310T090100Z.pcapng");
  REQUIRE(pcapng);
  CHECK(pcapng->start == kMarch10 + 60 * kUsPerSecond);
  // The epoch, a leap day, the last second of 2099 and of a day, both ways.
  const TimeUs starts[] = {0, TimeUs(951782400) * kUsPerSecond /* 2000-02-29 */,
                           TimeUs(4102444799) * kUsPerSecond /* 2099-12-31T23:59:59 */,
                           kMarch10 + 86399 * kUsPerSecond};
  for (TimeUs start : starts) {
    auto back = ParseCaptureFileName(FormatCaptureFileName(Ip("10.1.2.3"), start));
    REQUIRE(back);
    CHECK(back->start == start);
    CHECK(back->host == Ip("10.1.2.3"));
  }
  CHECK(FormatUtcStamp(TimeUs(951782400) * kUsPerSecond) == "20000229T000000Z");
  CHECK(FormatUtcStamp(TimeUs(4102444799) * kUsPerSecond) == "20991231T235959Z");
}

TEST_CASE("capture file names: near-misses are not rotated captures", "[analysis][formats]") {
  for (const char* name : {"10.0.0.11_20250310T0900Z.pcap",         // stamp too short
                           "pc01_20250310T090000Z.pcap",            // host name, not an address
                           "10.0.0.11_20250310T090000Z.txt",        // not a capture
                           "10.0.0.11_20250310T090000Z.pcap.part",  // still being written
                           "10.0.0.11-20250310T090000Z.pcap",       // wrong separator
                           "10.0.0.11_20250310 090000Z.pcap",       // no 'T'
                           "10.0.0.11_20250310T090000.pcap",        // no 'Z'
                           "10.0.0.11_2025031xT090000Z.pcap",       // not a digit
                           "10.0.0.11_20251310T090000Z.pcap",       // month 13
                           "10.0.0.11_20250230T090000Z.pcap",       // February 30
                           "10.0.0.11_20250310T240000Z.pcap",       // hour 24
                           "10.0.0.11_20250310T096000Z.pcap",       // minute 60
                           "10.0.0.256_20250310T090000Z.pcap",      // no such address
                           "_20250310T090000Z.pcap", ".pcap"}) {
    INFO(name);
    CHECK_FALSE(ParseCaptureFileName(name));
  }
  CHECK(ParseUtcStamp("20240229T120000Z"));        // leap day
  CHECK_FALSE(ParseUtcStamp("20230229T120000Z"));  // not a leap year
}

TEST_CASE("capture file names of IPv6 hosts: valid, unambiguous, reversible", "[analysis][formats][ipv6]") {
  const IpAddress host = *ParseIp("2001:db8::11");
  const std::string name = FormatCaptureFileName(host, kMarch10);
  CHECK(name == "2001-db8--11_20250310T090000Z.pcap");
  CHECK(name.find_first_of(":/\\") == std::string::npos);  // a file name on every common system
  auto back = ParseCaptureFileName(name);
  REQUIRE(back);
  CHECK(back->host == host);
  CHECK(back->start == kMarch10);
  for (const char* text : {"::1", "fe80::1:2", "2001:db8:0:1:1:1:1:1", "::", "64:ff9b::c000:221", "::1.2.3.4"}) {
    INFO(text);
    const IpAddress address = *ParseIp(text);
    auto round = ParseCaptureFileName(FormatCaptureFileName(address, kMarch10));
    REQUIRE(round);
    CHECK(round->host == address);
  }
  // An IPv4 host keeps its dotted name, also when given as a mapped address.
  CHECK(FormatCaptureFileName(*ParseIp("::ffff:10.0.0.11"), kMarch10) == "10.0.0.11_20250310T090000Z.pcap");
  // One host, one name: other spellings of the same address are not rotated captures.
  for (const char* other : {"2001-0db8--11_20250310T090000Z.pcap",     // leading zero
                            "2001-DB8--11_20250310T090000Z.pcap",      // upper case
                            "2001-db8-0-0-0-0-0-11_20250310T090000Z.pcap",  // no '::' for the zeros
                            "--ffff-10.0.0.11_20250310T090000Z.pcap",  // mapped: the IPv4 name is the one
                            "2001-db8---11_20250310T090000Z.pcap",     // not an address
                            "2001:db8::11_20250310T090000Z.pcap"}) {   // ':' as such
    INFO(other);
    CHECK_FALSE(ParseCaptureFileName(other));
  }
}
