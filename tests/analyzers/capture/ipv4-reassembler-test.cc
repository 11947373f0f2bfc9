#include "analyzers/capture/ipv4-reassembler.h"

#include <catch2/catch.hpp>

#include <vector>

using namespace ntlab;

namespace {

using Bytes = std::vector<std::uint8_t>;

// One fragment of datagram `id` (UDP, 10.0.0.11 -> 203.0.113.20): `payload` at byte `offset`.
Bytes Fragment(std::uint16_t id, std::size_t offset, bool more, const Bytes& payload) {
  const std::size_t total = 20 + payload.size();
  const std::uint16_t flags = static_cast<std::uint16_t>((more ? 0x2000 : 0) | offset / 8);
  Bytes f{0x45, 0, std::uint8_t(total >> 8), std::uint8_t(total), std::uint8_t(id >> 8), std::uint8_t(id),
          std::uint8_t(flags >> 8), std::uint8_t(flags), 64, 17, 0, 0, 10, 0, 0, 11, 203, 0, 113, 20};
  f.insert(f.end(), payload.begin(), payload.end());
  return f;
}

Bytes Range(std::size_t from, std::size_t n) {
  Bytes b;
  for (std::size_t i = 0; i < n; ++i) b.push_back(std::uint8_t(from + i));
  return b;
}

}  // namespace

TEST_CASE("IPv4 fragments in any order make one datagram", "[analysis][capture]") {
  Ipv4Reassembler r;
  Bytes out;
  const auto a = Fragment(7, 0, true, Range(0, 16)), b = Fragment(7, 16, true, Range(16, 16)),
             c = Fragment(7, 32, false, Range(32, 5));
  CHECK_FALSE(r.Add(1, c.data(), c.size(), out));
  CHECK_FALSE(r.Add(2, a.data(), a.size(), out));
  CHECK_FALSE(r.Add(3, a.data(), a.size(), out));  // a retransmitted copy changes nothing
  REQUIRE(r.Add(4, b.data(), b.size(), out));
  REQUIRE(out.size() == 20 + 37);
  CHECK((out[2] << 8 | out[3]) == 57);
  CHECK((out[6] & 0x3f) == 0);
  CHECK(out[7] == 0);
  CHECK(Bytes(out.begin() + 20, out.end()) == Range(0, 37));
  CHECK(r.Stats().reassembled == 1);
}

TEST_CASE("IPv4 reassembly is bounded: timeout, limit and size drop datagrams and count them",
          "[analysis][capture]") {
  Ipv4Reassembler r(2, 30 * kUsPerSecond);
  Bytes out;
  const auto first = Fragment(1, 0, true, Range(0, 8));
  r.Add(0, first.data(), first.size(), out);
  const auto late = Fragment(1, 8, false, Range(8, 8));
  CHECK_FALSE(r.Add(31 * kUsPerSecond, late.data(), late.size(), out));  // the first one timed out
  CHECK(r.Stats().dropped_timeout == 1);
  for (std::uint16_t id = 2; id < 5; ++id) {
    const auto f = Fragment(id, 0, true, Range(0, 8));
    r.Add(32 * kUsPerSecond + id, f.data(), f.size(), out);
  }
  CHECK(r.Stats().dropped_overflow == 2);  // id 1's tail and id 2 made room for 3 and 4
  const auto huge = Fragment(9, 65528, true, Range(0, 16));
  CHECK_FALSE(r.Add(33 * kUsPerSecond, huge.data(), huge.size(), out));
  CHECK(r.Stats().dropped_oversize == 1);
  r.Flush();
  CHECK(r.Stats().dropped_timeout == 3);
  CHECK(r.Stats().reassembled == 0);
}
