#include "replay/rewrite/checksums.h"

#include <tins/utils/checksum_utils.h>

#include <array>
#include <cstring>

namespace ntlab {
namespace {

constexpr std::uint8_t kUdp = 17;

std::uint16_t Be16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }
void PutBe16(std::uint8_t* p, std::uint16_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 8);
  p[1] = static_cast<std::uint8_t>(v);
}

std::uint32_t Fold(std::uint32_t sum) {
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return sum;
}

// sum_range adds the bytes as words in memory order; the complement is stored the same way.
void StoreComplement(std::uint8_t* field, std::uint32_t memoryOrderSum) {
  const std::uint16_t checksum = static_cast<std::uint16_t>(~Fold(memoryOrderSum));
  std::memcpy(field, &checksum, sizeof checksum);
}

}  // namespace

void UpdateChecksum(std::uint8_t* checksum, std::uint16_t before, std::uint16_t after) {
  // RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m')
  std::uint32_t sum = static_cast<std::uint16_t>(~Be16(checksum));
  sum += static_cast<std::uint16_t>(~before);
  sum += after;
  PutBe16(checksum, static_cast<std::uint16_t>(~Fold(sum)));
}

void UpdateChecksum32(std::uint8_t* checksum, std::uint32_t before, std::uint32_t after) {
  std::uint32_t sum = static_cast<std::uint16_t>(~Be16(checksum));
  sum += static_cast<std::uint16_t>(~(before >> 16)) + static_cast<std::uint16_t>(~before);
  sum += (after >> 16) + (after & 0xffff);
  PutBe16(checksum, static_cast<std::uint16_t>(~Fold(sum)));
}

void RecomputeIpv4Checksum(std::uint8_t* ip, std::size_t headerLength) {
  ip[10] = ip[11] = 0;
  StoreComplement(ip + 10, Tins::Utils::sum_range(ip, ip + headerLength));
}

void RecomputeTransportChecksum(const std::uint8_t* ip, std::uint8_t protocol, std::uint8_t* segment,
                                std::size_t length) {
  std::uint8_t* field = segment + TransportChecksumOffset(protocol);
  if (protocol == kUdp && field[0] == 0 && field[1] == 0) return;  // no checksum: stays none
  // The pseudo-header, in wire order: source, destination, zero, protocol, segment length.
  std::array<std::uint8_t, 12> pseudo{};
  std::memcpy(pseudo.data(), ip + 12, 8);
  pseudo[9] = protocol;
  PutBe16(pseudo.data() + 10, static_cast<std::uint16_t>(length));
  field[0] = field[1] = 0;
  std::uint32_t sum = Tins::Utils::sum_range(pseudo.data(), pseudo.data() + pseudo.size());
  sum += Tins::Utils::sum_range(segment, segment + length);
  StoreComplement(field, sum);
  // A UDP sum that comes out 0 is sent as 0xffff (RFC 768): 0 would say "no checksum".
  if (protocol == kUdp && field[0] == 0 && field[1] == 0) field[0] = field[1] = 0xff;
}

std::size_t TransportChecksumOffset(std::uint8_t protocol) { return protocol == kUdp ? 6 : 16; }

}  // namespace ntlab
