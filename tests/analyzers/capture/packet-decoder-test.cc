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

TEST_CASE("PPPoE control and discovery frames are not IP, a cut header is bad", "[analysis][capture]") {
  DecodedPacket p;
  CHECK(Decode(Ethernet({}, 0x8864, Pppoe(0xc021, {0x01, 0x01, 0x00, 0x04})), p) == DecodeResult::NotIp);  // LCP
  CHECK(Decode(Ethernet({}, 0x8863, {0x11, 0x09, 0, 0, 0, 0}), p) == DecodeResult::NotIp);                 // PADI
  DecodeProblem problem;
  CHECK(Decode(Ethernet({}, 0x8864, {0x11, 0x00, 0x12}), p, &problem) == DecodeResult::Malformed);
  CHECK(problem.reason == BadPacketReason::LinkHeader);
}

namespace {

// IPv6 2001:db8::11 -> 2001:db8::5 carrying `chain` (extension headers, then UDP 40000 -> 53 with
// "abcd"); `first` is the fixed header's next header.
Bytes Ipv6Udp(std::uint8_t first, const Bytes& chain) {
  Bytes udp{0x9c, 0x40, 0x00, 0x35, 0, 12, 0, 0, 'a', 'b', 'c', 'd'};
  const std::size_t length = chain.size() + udp.size();
  Bytes ip{0x60, 0, 0, 0, std::uint8_t(length >> 8), std::uint8_t(length), first, 64};
  for (std::uint8_t last : {0x11, 0x05}) {
    Bytes address{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, last};
    ip.insert(ip.end(), address.begin(), address.end());
  }
  ip.insert(ip.end(), chain.begin(), chain.end());
  ip.insert(ip.end(), udp.begin(), udp.end());
  return ip;
}

}  // namespace

TEST_CASE("IPv6 UDP decodes through its extension headers", "[analysis][capture][ipv6]") {
  DecodedPacket p;
  // Hop-by-hop (8 bytes of PadN) then destination options (16 bytes), then UDP.
  const Bytes chain{60, 0, 1, 4, 0, 0, 0, 0, 17, 1, 1, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  for (const Bytes& frame : {Ethernet({}, 0x86dd, Ipv6Udp(17, {})), Ethernet({0x8100, 7}, 0x86dd, Ipv6Udp(0, chain)),
                             Ethernet({}, 0x8864, Pppoe(0x0057, Ipv6Udp(17, {})))}) {
    REQUIRE(Decode(frame, p) == DecodeResult::Ok);
    CHECK(p.proto == Proto::Udp);
    CHECK(FormatIp(p.src.ip) == "2001:db8::11");
    CHECK(FormatIp(p.dst.ip) == "2001:db8::5");
    CHECK(p.dst.port == 53);
    CHECK(std::string(reinterpret_cast<const char*>(p.payload), p.payload_length) == "abcd");
  }
  const Bytes raw = Ipv6Udp(17, {});
  CHECK(PacketDecoder(DLT_RAW).Decode(raw.data(), raw.size(), p) == DecodeResult::Ok);
  CHECK(p.ip_length == raw.size());
  const Bytes null6 = [&] { Bytes b{30, 0, 0, 0}; b.insert(b.end(), raw.begin(), raw.end()); return b; }();  // macOS AF_INET6
  CHECK(PacketDecoder(DLT_NULL).Decode(null6.data(), null6.size(), p) == DecodeResult::Ok);
}

TEST_CASE("IPv6 fragments, ICMPv6 and broken chains are told apart", "[analysis][capture][ipv6]") {
  DecodedPacket p;
  DecodeProblem problem;
  // A first fragment (offset 0, more) of UDP, and an atomic fragment (offset 0, no more), which is whole.
  CHECK(Decode(Ethernet({}, 0x86dd, Ipv6Udp(44, {17, 0, 0x00, 0x01, 0, 0, 0, 9})), p) == DecodeResult::Fragment);
  CHECK(Decode(Ethernet({}, 0x86dd, Ipv6Udp(44, {17, 0, 0x00, 0x00, 0, 0, 0, 9})), p) == DecodeResult::Ok);
  CHECK(Decode(Ethernet({}, 0x86dd, Ipv6Udp(58, {})), p) == DecodeResult::NotTcpUdp);  // ICMPv6
  CHECK(Decode(Ethernet({}, 0x86dd, Ipv6Udp(44, {58, 0, 0x00, 0x01, 0, 0, 0, 9})), p) == DecodeResult::NotTcpUdp);
  // A destination-options header claiming 2048 bytes, and a chain of nine headers.
  CHECK(Decode(Ethernet({}, 0x86dd, Ipv6Udp(60, {17, 255, 0, 0, 0, 0, 0, 0})), p, &problem) == DecodeResult::Malformed);
  CHECK(problem.reason == BadPacketReason::Ipv6Header);
  Bytes nine;
  for (int i = 0; i < 9; ++i) nine.insert(nine.end(), {std::uint8_t(i < 8 ? 60 : 17), 0, 0, 0, 0, 0, 0, 0});
  CHECK(Decode(Ethernet({}, 0x86dd, Ipv6Udp(60, nine)), p, &problem) == DecodeResult::Malformed);
  CHECK(problem.detail == "more than 8 extension headers");
  CHECK(Decode(Ethernet({}, 0x86dd, Bytes(39, 0x60)), p, &problem) == DecodeResult::Malformed);
  CHECK(problem.reason == BadPacketReason::Ipv6Header);
}
