// Extracts the server name (SNI) from the first bytes a TLS client sends: record layer, then the
// ClientHello handshake message, possibly fragmented over several records (RFC 8446 §5.1,
// RFC 6066 §3). Only what SNI needs is parsed; anything inconsistent means "not TLS".
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace ntlab {

enum class TlsParseStatus : std::uint8_t {
  NeedMore,   // a valid prefix of a ClientHello; more stream bytes are needed
  Complete,   // a whole ClientHello was parsed (server_name may still be absent)
  NotTls,     // not a TLS handshake starting with a ClientHello
};

struct TlsClientHelloInfo {
  TlsParseStatus status = TlsParseStatus::NeedMore;
  std::string server_name;  // empty when absent
};

class TlsClientHello {
 public:
  /// `stream` is the client's byte stream from its first byte on.
  static TlsClientHelloInfo Parse(const std::uint8_t* stream, std::size_t length);
};

}  // namespace ntlab
