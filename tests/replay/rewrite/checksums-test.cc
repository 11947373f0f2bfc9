#include "replay/rewrite/checksums.h"

#include <catch2/catch.hpp>
#include <tins/tins.h>

#include <cstring>

using namespace ntlab;
using Bytes = std::vector<std::uint8_t>;

namespace {

// An IPv4 datagram serialized by libtins, which computes its checksums itself.
Bytes Datagram(const char* src, const char* dst, bool udp, std::size_t payload) {
  Tins::IP ip = udp ? Tins::IP(dst, src) / Tins::UDP(53, 40000) / Tins::RawPDU(std::string(payload, 'q'))
                    : Tins::IP(dst, src) / Tins::TCP(443, 50000) / Tins::RawPDU(std::string(payload, 'q'));
  return ip.serialize();
}

}  // namespace

TEST_CASE("Recomputed checksums are libtins' for odd and even lengths", "[analysis][replay][rewrite]") {
  for (bool udp : {false, true})
    for (std::size_t payload : {0, 1, 2, 333}) {
      INFO((udp ? "udp " : "tcp ") << payload);
      const Bytes right = Datagram("10.0.0.11", "198.51.100.7", udp, payload);
      Bytes zeroed = right;
      const std::size_t field = 20 + TransportChecksumOffset(udp ? 17 : 6);
      zeroed[10] = zeroed[11] = 0x55;
      zeroed[field] = zeroed[field + 1] = 0x55;
      RecomputeIpv4Checksum(zeroed.data(), 20);
      RecomputeTransportChecksum(zeroed.data(), udp ? 17 : 6, zeroed.data() + 20, zeroed.size() - 20);
      CHECK(zeroed == right);
    }
}

TEST_CASE("Updated checksums equal recomputed ones after an address and a port change", "[analysis][replay][rewrite]") {
  const Bytes before = Datagram("10.0.0.11", "198.51.100.7", false, 100);
  const Bytes after = [] {
    Tins::IP ip = Tins::IP("198.51.100.7", "192.168.5.11") / Tins::TCP(8443, 50000) / Tins::RawPDU(std::string(100, 'q'));
    return ip.serialize();
  }();
  Bytes updated = before;
  const std::uint32_t oldSource = 0x0a00000b, newSource = 0xc0a8050b;
  updated[12] = 192, updated[13] = 168, updated[14] = 5, updated[15] = 11;
  UpdateChecksum32(updated.data() + 10, oldSource, newSource);
  UpdateChecksum32(updated.data() + 20 + 16, oldSource, newSource);
  updated[22] = 8443 >> 8, updated[23] = 8443 & 0xff;
  UpdateChecksum(updated.data() + 20 + 16, 443, 8443);
  CHECK(updated == after);
}

TEST_CASE("A UDP datagram without checksum keeps none, a computed 0 is sent as 0xffff", "[analysis][replay][rewrite]") {
  Bytes none = Datagram("10.0.0.11", "198.51.100.7", true, 10);
  none[26] = none[27] = 0;
  RecomputeTransportChecksum(none.data(), 17, none.data() + 20, none.size() - 20);
  CHECK(none[26] == 0);
  CHECK(none[27] == 0);
  // Find a payload word that makes the sum come out 0: the checksum field then holds 0xffff.
  Bytes zero = Datagram("10.0.0.11", "198.51.100.7", true, 2);
  const std::uint16_t right = static_cast<std::uint16_t>(zero[26] << 8 | zero[27]);
  // Adding `right` to the payload word moves the one's complement sum to 0xffff: checksum 0.
  std::uint32_t word = (zero[28] << 8 | zero[29]) + right;
  word = (word & 0xffff) + (word >> 16);
  zero[28] = static_cast<std::uint8_t>(word >> 8);
  zero[29] = static_cast<std::uint8_t>(word);
  RecomputeTransportChecksum(zero.data(), 17, zero.data() + 20, zero.size() - 20);
  CHECK(zero[26] == 0xff);
  CHECK(zero[27] == 0xff);
}
