#include "analyzers/capture/bad-packets.h"

#include "tests/analyzers/analyzer-fixtures.h"

#include <catch2/catch.hpp>

#include <set>

using namespace ntlab;
using namespace ntlab::fixtures;

TEST_CASE("bad packets are counted by reason and the first five of each are named", "[analysis][capture]") {
  WarningLog log;
  BadPackets bad(log.Sink());
  const std::string file = "caps/x.pcap";
  for (std::uint64_t n = 1; n <= 7; ++n)
    bad.Report(PacketOrigin{&file, 1000 + n, &bad}, BadPacketReason::DnsAnswer, "compression pointer to offset 103");
  bad.Report(PacketOrigin{&file, 42, &bad}, BadPacketReason::Ipv4Header, "header length 12 bytes");

  REQUIRE(log.lines.size() == 6);  // five DNS answers, then the IPv4 header; DNS answers 6 and 7 only counted
  CHECK(log.lines[0] == "caps/x.pcap: packet 1001: DNS answer: compression pointer to offset 103");
  CHECK(log.lines[4] == "caps/x.pcap: packet 1005: DNS answer: compression pointer to offset 103");
  CHECK(log.lines[5] == "caps/x.pcap: packet 42: IPv4 header: header length 12 bytes");
  CHECK(bad.Counts().Total() == 8);
  CHECK(bad.Counts().Of(BadPacketReason::DnsAnswer) == 7);
  CHECK(bad.Counts().ToJson() ==
        nlohmann::json::parse(R"({"total": 8, "by_reason": {"ipv4_header": 1, "dns_answer": 7}})"));

  bad.WarnSummary();
  REQUIRE(log.lines.size() == 7);
  CHECK(log.lines[6] ==
        "8 bad packets skipped (IPv4 header 1, DNS answer 7); the first 5 of each reason are named above");
}

TEST_CASE("no bad packet, no summary, and a packet without an origin is not counted", "[analysis][capture]") {
  WarningLog log;
  BadPackets bad(log.Sink());
  bad.WarnSummary();
  CHECK(log.lines.empty());
  CHECK(bad.Counts().ToJson() == nlohmann::json::parse(R"({"total": 0, "by_reason": {}})"));

  DecodedPacket synthetic;  // a test feed: no file, no tally
  ReportBadPacket(synthetic, BadPacketReason::TcpHeader, "data offset 4 bytes");
  PacketOrigin origin{nullptr, 3, &bad};
  synthetic.origin = &origin;
  ReportBadPacket(synthetic, BadPacketReason::TcpHeader, "data offset 4 bytes");
  CHECK(bad.Counts().Total() == 1);
  REQUIRE(log.lines.size() == 1);
  CHECK(log.lines[0] == "(capture): packet 3: TCP header: data offset 4 bytes");
}

TEST_CASE("every reason has its own key and label", "[analysis][capture]") {
  std::set<std::string> keys, labels;
  for (std::size_t i = 0; i < kBadPacketReasons; ++i) {
    auto reason = static_cast<BadPacketReason>(i);
    keys.insert(Key(reason));
    labels.insert(Label(reason));
  }
  CHECK(keys.size() == kBadPacketReasons);
  CHECK(labels.size() == kBadPacketReasons);
  CHECK(std::string(Key(BadPacketReason::HttpResponse)) == "http_response");
}
