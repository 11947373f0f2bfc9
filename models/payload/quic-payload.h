#ifndef NTLAB_TRAFFIC_GEN_PAYLOAD_QUIC_PAYLOAD_H
#define NTLAB_TRAFFIC_GEN_PAYLOAD_QUIC_PAYLOAD_H

// QUIC v1 (RFC 9000) datagrams as they look on the wire: a long-header Initial packet (the first
// flight, padded to 1200 bytes as RFC 9000 §14.1 requires of clients) and short-header 1-RTT
// packets. BuildQuicInitial and BuildQuicShort encrypt nothing: their protected fields are seeded
// pseudo-random bytes, so a dissector recognises QUIC v1 Initials but cannot decrypt them.
// BuildQuicClientInitials protects for real, so the SNI is readable as on a real capture.

#include "models/payload/bytes.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ntlab::payload {

constexpr uint32_t kQuicVersion1 = 0x00000001;
constexpr size_t kQuicMinInitialSize = 1200;
constexpr size_t kQuicConnectionIdSize = 8;

// Long-header Initial (first byte 0xC3: long header, fixed bit, type Initial, 4-byte packet
// number), version 1, 8-byte DCID and SCID derived from the seeds, empty token, Length varint,
// packet number, then protected payload up to `size` bytes in total (at least 1200 for a client).
Bytes BuildQuicInitial(uint64_t connection_seed, bool from_server, size_t size, uint64_t seed);

// A client's first flight as a real, decryptable QUIC `version` (1 or kQuicVersion2) exchange
// would send it: the ClientHello of BuildTlsClientHello(sni, seed) (without its record header)
// in CRYPTO frames spread over `packets` Initial datagrams (more when it does not fit), each
// protected with the Initial keys of the DCID (models/payload/quic-initial-protection.h) and
// padded to 1200 bytes. Packet numbers count from 0.
std::vector<Bytes> BuildQuicClientInitials(const std::string& sni, uint64_t connection_seed, uint64_t seed,
                                           uint32_t version = kQuicVersion1, size_t packets = 1);

// Short-header 1-RTT packet (first byte 0x43): DCID (8 bytes from connection_seed), then
// protected bytes up to `size` in total (at least 1 + DCID + 1).
Bytes BuildQuicShort(uint64_t connection_seed, bool from_server, size_t size, uint64_t seed);

// True for a QUIC long-header packet (header form bit set) of version 1.
bool IsQuicLongHeader(const uint8_t* data, size_t size);

}  // namespace ntlab::payload

#endif
