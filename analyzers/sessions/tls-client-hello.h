// Extracts the server name (SNI) from the first bytes a TLS client sends: record layer, then the
// ClientHello handshake message, possibly fragmented over several records (RFC 8446 §5.1,
// RFC 6066 §3). Only what SNI needs is parsed. A stream whose first bytes are not a TLS handshake
// record is "not TLS"; one that starts as one and then breaks the format is "malformed", with the
// reason, and counts as a bad packet (analyzers/capture/bad-packets.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace ntlab {

enum class TlsParseStatus : std::uint8_t {
  NeedMore,   // a valid prefix of a ClientHello; more stream bytes are needed
  Complete,   // a whole ClientHello was parsed (server_name may still be absent)
  NotTls,     // does not start with a TLS handshake record
  Malformed,  // starts as a TLS handshake record, but is not a valid ClientHello
};

/// Longest server name kept: a DNS host name has at most 253 characters (RFC 1035 §2.3.4).
constexpr std::size_t kMaxServerNameBytes = 255;

struct TlsClientHelloInfo {
  TlsParseStatus status = TlsParseStatus::NeedMore;
  /// Empty when absent; escaped by EscapePacketText (analyzers/formats/text-rules.h).
  std::string server_name;
  std::string problem;  // what was wrong, when Malformed
};

class TlsClientHello {
 public:
  /// `stream` is the client's byte stream from its first byte on.
  static TlsClientHelloInfo Parse(const std::uint8_t* stream, std::size_t length);
  /// `messages` are handshake messages without the record layer, from the first byte on: QUIC
  /// carries them so, in CRYPTO frames (RFC 9001 §4). Anything but a ClientHello is Malformed.
  static TlsClientHelloInfo ParseHandshake(const std::uint8_t* messages, std::size_t length);
};

}  // namespace ntlab
