#ifndef NTLAB_MODELS_PAYLOAD_QUIC_INITIAL_PROTECTION_H
#define NTLAB_MODELS_PAYLOAD_QUIC_INITIAL_PROTECTION_H

// QUIC Initial packet protection (RFC 9001 §5): keys derived from the client's Destination
// Connection ID with HKDF-SHA256 and a per-version salt, AES-128-GCM for the payload and
// AES-128-ECB header protection, for QUIC v1 (RFC 9001 §5.2) and v2 (RFC 9369 §3.3). Anyone who
// sees the first client packet can derive these keys: that is why an observer can read a QUIC
// ClientHello's SNI. Shared by the simulator's QUIC client (which protects) and the sessionizer
// (which removes protection), all through OpenSSL's EVP interface.

#include "models/payload/bytes.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace ntlab::payload {

constexpr uint32_t kQuicVersion2 = 0x6b3343cf;  // RFC 9369 §3.1
constexpr size_t kQuicMaxConnectionIdSize = 20;   // RFC 9000 §17.2
constexpr size_t kQuicAeadTagSize = 16;
constexpr size_t kQuicHeaderSampleSize = 16;

struct QuicInitialKeys {
  std::array<uint8_t, 16> key{};
  std::array<uint8_t, 12> iv{};
  std::array<uint8_t, 16> hp{};
};

// True for the versions whose Initial keys this file knows (v1 and v2).
bool IsKnownQuicVersion(uint32_t version);
// The long-header packet type bits (first byte bits 4-5) of an Initial: 0 in v1, 1 in v2.
uint8_t QuicInitialTypeBits(uint32_t version);

// The client's Initial keys for `version` (a known one) and the client's first Destination
// Connection ID. `client_secret`, when given, receives client_initial_secret (for tests).
QuicInitialKeys DeriveQuicClientInitialKeys(uint32_t version, const uint8_t* dcid, size_t dcid_size,
                                            std::array<uint8_t, 32>* client_secret = nullptr);

// Protects one Initial: `header` is the whole unprotected long header ending with a packet number
// of `pn_length` bytes whose full value is `packet_number`; its Length field must already count
// pn_length + plaintext + the 16-byte tag. Returns header + ciphertext + tag, header protected.
Bytes ProtectQuicInitial(const QuicInitialKeys& keys, const Bytes& header, size_t pn_length, uint64_t packet_number,
                         const Bytes& plaintext);

struct QuicUnprotected {
  bool ok = false;
  std::string problem;     // why not, when !ok
  uint64_t packet_number = 0;
  Bytes plaintext;         // the frames
};

// Removes the protection of the Initial in [packet, packet + size): the packet number starts at
// `pn_offset` (after the Length field, which said the packet is `size` bytes long).
// `largest_packet_number` is the largest decrypted so far in this direction (-1: none), for
// recovering a truncated packet number (RFC 9000 §A.3).
QuicUnprotected UnprotectQuicInitial(const QuicInitialKeys& keys, const uint8_t* packet, size_t size,
                                     size_t pn_offset, int64_t largest_packet_number);

}  // namespace ntlab::payload

#endif
