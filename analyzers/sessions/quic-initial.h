// Reads a QUIC client's Initial packets (RFC 9000 §17.2.2) out of its UDP datagrams: long header,
// protection removed with the keys any observer can derive (RFC 9001 §5.2, RFC 9369 for v2;
// models/payload/quic-initial-protection.h), frames parsed, CRYPTO frames handed back. One reader
// per client direction of a session: the keys come from the Destination Connection ID of the
// client's first Initial and stay for the later ones (whose DCID is the server's choice), unless
// a Retry made the client start over with a new DCID.
#pragma once

#include "models/payload/quic-initial-protection.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ntlab {

enum class QuicDatagramStatus : std::uint8_t {
  NotQuic,     // not a long-header packet of a version with known Initial keys
  NoInitial,   // QUIC, but no Initial in it (0-RTT, Handshake, Retry)
  Initial,     // one or more Initials decrypted; their CRYPTO frames are in `crypto`
  Malformed,   // a QUIC Initial that cannot be parsed or does not decrypt
};

struct QuicCryptoFrame {
  std::uint64_t offset = 0;
  std::vector<std::uint8_t> data;
};

struct QuicDatagram {
  QuicDatagramStatus status = QuicDatagramStatus::NotQuic;
  std::uint32_t version = 0;
  std::vector<QuicCryptoFrame> crypto;
  std::string problem;  // what was wrong, when Malformed
};

class QuicInitialReader {
 public:
  /// Every QUIC packet coalesced in the datagram (RFC 9000 §12.2) is walked; Initials decrypted.
  QuicDatagram Read(const std::uint8_t* datagram, std::size_t size);

 private:
  bool ReadPacket(const std::uint8_t* packet, std::size_t size, QuicDatagram& out, std::size_t& consumed);
  payload::QuicUnprotected Decrypt(const std::uint8_t* packet, std::size_t size, std::size_t pnOffset,
                                   const std::uint8_t* dcid, std::size_t dcidSize);

  std::uint32_t m_version = 0;
  std::optional<payload::QuicInitialKeys> m_keys;
  std::int64_t m_largestPacketNumber = -1;
};

/// The frames of a decrypted Initial: CRYPTO frames appended to `crypto`; false (and `problem`)
/// on a frame cut short or of a type an Initial may not carry (RFC 9000 §12.4).
bool ReadInitialFrames(const std::uint8_t* frames, std::size_t size, std::vector<QuicCryptoFrame>& crypto,
                       std::string& problem);

}  // namespace ntlab
