#include "analyzers/capture/ipv6-reassembler.h"

#include "analyzers/capture/packet-decoder.h"

#include <catch2/catch.hpp>

#include <pcap/dlt.h>

#include <vector>

using namespace ntlab;

namespace {

using Bytes = std::vector<std::uint8_t>;

// One fragment of datagram `id` (2001:db8::11 -> 2001:db8::5), after a hop-by-hop header: the
// fragmentable part's bytes `payload` at byte `offset`; its first header is UDP.
Bytes Fragment(std::uint32_t id, std::size_t offset, bool more, const Bytes& payload) {
  const std::size_t length = 8 + 8 + payload.size();
  Bytes f{0x60, 0, 0, 0, std::uint8_t(length >> 8), std::uint8_t(length), 0, 64};
  for (std::uint8_t last : {0x11, 0x05}) {
    Bytes address{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, last};
    f.insert(f.end(), address.begin(), address.end());
  }
  f.insert(f.end(), {44, 0, 1, 4, 0, 0, 0, 0});  // hop-by-hop, PadN
  const std::uint16_t field = static_cast<std::uint16_t>(offset | (more ? 1 : 0));
  f.insert(f.end(), {17, 0, std::uint8_t(field >> 8), std::uint8_t(field), std::uint8_t(id >> 24), std::uint8_t(id >> 16),
                     std::uint8_t(id >> 8), std::uint8_t(id)});
  f.insert(f.end(), payload.begin(), payload.end());
  return f;
}

// UDP 40000 -> 53 with `n` payload bytes 0, 1, 2 ...
Bytes UdpDatagram(std::size_t n) {
  const std::size_t length = 8 + n;
  Bytes u{0x9c, 0x40, 0x00, 0x35, std::uint8_t(length >> 8), std::uint8_t(length), 0, 0};
  for (std::size_t i = 0; i < n; ++i) u.push_back(std::uint8_t(i));
  return u;
}

bool Add(Ipv6Reassembler& r, TimeUs ts, const Bytes& f, Bytes& out) {
  return r.Add(ts, f.data(), f.size(), 48, out);  // the fragment header follows the 8-byte hop-by-hop
}

}  // namespace

TEST_CASE("IPv6 fragments in any order make one datagram the decoder reads", "[analysis][capture][ipv6]") {
  Ipv6Reassembler r;
  Bytes out;
  const Bytes whole = UdpDatagram(40);  // 48 bytes: 24 + 16 + 8
  const auto a = Fragment(7, 0, true, Bytes(whole.begin(), whole.begin() + 24));
  const auto b = Fragment(7, 24, true, Bytes(whole.begin() + 24, whole.begin() + 40));
  const auto c = Fragment(7, 40, false, Bytes(whole.begin() + 40, whole.end()));
  Ipv6Payload chain;
  std::string problem;
  REQUIRE(FindIpv6Payload(b.data(), b.size(), chain, problem));
  CHECK(chain.fragment_header == 48);
  CHECK_FALSE(Add(r, 1, c, out));
  CHECK_FALSE(Add(r, 2, b, out));
  CHECK_FALSE(Add(r, 3, b, out));  // a retransmitted copy changes nothing
  const auto other = Fragment(8, 40, false, Bytes(8, 0));
  CHECK_FALSE(Add(r, 3, other, out));  // another identification is another datagram
  REQUIRE(Add(r, 4, a, out));
  REQUIRE(out.size() == 40 + whole.size());
  CHECK((out[4] << 8 | out[5]) == int(whole.size()));
  CHECK(out[6] == 17);
  CHECK(Bytes(out.begin() + 40, out.end()) == whole);
  DecodedPacket p;
  REQUIRE(PacketDecoder(DLT_RAW).Decode(out.data(), out.size(), p) == DecodeResult::Ok);
  CHECK(p.payload_length == 40);
  CHECK(FormatIp(p.src.ip) == "2001:db8::11");
  CHECK(r.Stats().reassembled == 1);
}

TEST_CASE("IPv6 reassembly is bounded: timeout, limit and size drop datagrams and count them",
          "[analysis][capture][ipv6]") {
  Ipv6Reassembler r(2, 60 * kUsPerSecond);
  Bytes out;
  Add(r, 0, Fragment(1, 0, true, Bytes(8, 1)), out);
  CHECK_FALSE(Add(r, 61 * kUsPerSecond, Fragment(1, 8, false, Bytes(8, 2)), out));  // the first timed out
  CHECK(r.Stats().dropped_timeout == 1);
  for (std::uint32_t id = 2; id < 5; ++id) Add(r, 62 * kUsPerSecond + id, Fragment(id, 0, true, Bytes(8, 3)), out);
  CHECK(r.Stats().dropped_overflow == 2);  // datagram 1's tail, then 2, made room
  CHECK_FALSE(Add(r, 63 * kUsPerSecond, Fragment(9, 65528, false, Bytes(16, 4)), out));
  CHECK(r.Stats().dropped_oversize == 1);
  r.Flush();
  CHECK(r.Stats().dropped_timeout == 3);
  CHECK(r.Stats().reassembled == 0);
}
