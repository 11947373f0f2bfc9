// IPv4, TCP and UDP checksums of a frame being rewritten, two ways:
//   - Update: after a field changed, the checksum is adjusted for that change alone (RFC 1624,
//     eqn. 3), so a checksum that was wrong in the capture stays exactly as wrong, and the
//     transport checksum of a fragmented datagram (whose bytes are spread over several frames)
//     stays right. What tcprewrite does without --fixcsum.
//   - Recompute: the whole checksum from the bytes (--fix-checksums; tcprewrite --fixcsum). The
//     sums are libtins' (Tins::Utils::sum_range); libtins has no incremental update.
// A UDP checksum of 0 means "none" (RFC 768) and is left 0 both ways.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ntlab {

/// Adjusts the big-endian checksum at `checksum` for one 16-bit word of the covered data having
/// changed from `before` to `after`.
void UpdateChecksum(std::uint8_t* checksum, std::uint16_t before, std::uint16_t after);
/// The same for a 32-bit field (an IPv4 address).
void UpdateChecksum32(std::uint8_t* checksum, std::uint32_t before, std::uint32_t after);

/// Recomputes the header checksum of the IPv4 header at `ip` (`headerLength` bytes).
void RecomputeIpv4Checksum(std::uint8_t* ip, std::size_t headerLength);

/// Recomputes the TCP or UDP checksum of the segment at `segment` (`length` bytes, all captured)
/// carried in the IPv4 header at `ip`; `protocol` is 6 or 17.
void RecomputeTransportChecksum(const std::uint8_t* ip, std::uint8_t protocol, std::uint8_t* segment,
                                std::size_t length);

/// Offset of the checksum field in a TCP (16) or UDP (6) header.
std::size_t TransportChecksumOffset(std::uint8_t protocol);

}  // namespace ntlab
