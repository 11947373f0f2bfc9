#include "analyzers/capture/packet-decoder.h"

#include <catch2/catch.hpp>

#include <pcap/dlt.h>

#include <vector>

using namespace ntlab;

namespace {

using Bytes = std::vector<std::uint8_t>;

// IPv4 (10.0.0.11 -> 203.0.113.5) + UDP 40000 -> 53 with a 4-byte payload.
Bytes Ipv4Udp() {
  return {0x45, 0, 0, 32, 0, 0, 0x40, 0, 64, 17, 0, 0, 10, 0, 0, 11, 203, 0, 113, 5,
          0x9c, 0x40, 0x00, 0x35, 0, 12, 0, 0, 'a', 'b', 'c', 'd'};
}

// Ethernet with `tags` (TPID, TCI pairs) and the given EtherType before `payload`.
Bytes Ethernet(std::vector<std::uint16_t> tags, std::uint16_t etherType, const Bytes& payload) {
  Bytes f(12, 0x02);
  for (std::uint16_t t : tags) f.insert(f.end(), {std::uint8_t(t >> 8), std::uint8_t(t)});
  f.insert(f.end(), {std::uint8_t(etherType >> 8), std::uint8_t(etherType)});
  f.insert(f.end(), payload.begin(), payload.end());
  return f;
}

// A PPPoE session header (version 1, type 1, code 0, session 0x1234) and PPP protocol `ppp`.
Bytes Pppoe(std::uint16_t ppp, const Bytes& payload) {
  const std::size_t length = payload.size() + 2;
  Bytes p{0x11, 0x00, 0x12, 0x34, std::uint8_t(length >> 8), std::uint8_t(length), std::uint8_t(ppp >> 8),
          std::uint8_t(ppp)};
  p.insert(p.end(), payload.begin(), payload.end());
  return p;
}

DecodeResult Decode(const Bytes& frame, DecodedPacket& p, DecodeProblem* problem = nullptr) {
  return PacketDecoder(DLT_EN10MB).Decode(frame.data(), frame.size(), p, problem);
}

}  // namespace

TEST_CASE("VLAN and QinQ tags are skipped down to IPv4", "[analysis][capture]") {
  for (const Bytes& frame : {Ethernet({0x8100, 0x0064}, 0x0800, Ipv4Udp()),
                             Ethernet({0x88a8, 0x00c8, 0x8100, 0x0064}, 0x0800, Ipv4Udp())}) {
    DecodedPacket p;
    REQUIRE(Decode(frame, p) == DecodeResult::Ok);
    CHECK(p.proto == Proto::Udp);
    CHECK(p.dst.port == 53);
    CHECK(p.payload_length == 4);
  }
}

TEST_CASE("PPPoE session frames carrying IPv4 decode, VLAN-tagged too", "[analysis][capture]") {
  for (const Bytes& frame : {Ethernet({}, 0x8864, Pppoe(0x0021, Ipv4Udp())),
                             Ethernet({0x8100, 0x0007}, 0x8864, Pppoe(0x0021, Ipv4Udp()))}) {
    DecodedPacket p;
    REQUIRE(Decode(frame, p) == DecodeResult::Ok);
    CHECK(p.src.ip == *ParseIpv4("10.0.0.11"));
    CHECK(p.src.port == 40000);
    CHECK(std::string(reinterpret_cast<const char*>(p.payload), p.payload_length) == "abcd");
  }
  std::size_t offset = 0;
  std::uint16_t etherType = 0;
  const Bytes frame = Ethernet({}, 0x8864, Pppoe(0x0021, Ipv4Udp()));
  REQUIRE(FindNetworkHeader(DLT_EN10MB, frame.data(), frame.size(), offset, etherType));
  CHECK(offset == 14 + 8);
  CHECK(etherType == 0x0800);
}

TEST_CASE("PPPoE control, discovery and IPv6 frames are not IPv4, a cut header is bad", "[analysis][capture]") {
  DecodedPacket p;
  CHECK(Decode(Ethernet({}, 0x8864, Pppoe(0xc021, {0x01, 0x01, 0x00, 0x04})), p) == DecodeResult::NotIpv4);  // LCP
  CHECK(Decode(Ethernet({}, 0x8864, Pppoe(0x0057, Bytes(40, 0x60))), p) == DecodeResult::NotIpv4);           // IPv6
  CHECK(Decode(Ethernet({}, 0x8863, {0x11, 0x09, 0, 0, 0, 0}), p) == DecodeResult::NotIpv4);                 // PADI
  DecodeProblem problem;
  CHECK(Decode(Ethernet({}, 0x8864, {0x11, 0x00, 0x12}), p, &problem) == DecodeResult::Malformed);
  CHECK(problem.reason == BadPacketReason::LinkHeader);
}
