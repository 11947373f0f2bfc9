// The SNI of a QUIC session: the client's Initial packets decrypted (QuicInitialReader), their
// CRYPTO frames put back in stream order (a ClientHello may span several Initials, in any order,
// with retransmitted overlaps), and the handshake messages parsed by TlsClientHello. Bounded: at
// most `limit` bytes of CRYPTO stream per session, freed once the ClientHello decides.
#pragma once

#include "analyzers/sessions/quic-initial.h"
#include "analyzers/sessions/tls-client-hello.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ntlab {

class QuicClientHelloReassembler {
 public:
  explicit QuicClientHelloReassembler(std::size_t limit = 16 * 1024) : m_limit(limit) {}

  /// Adds one client->server UDP datagram; returns the status after it. NotTls: the session's
  /// first client datagram is not a QUIC Initial. Malformed: an Initial that cannot be read or
  /// decrypted, or whose CRYPTO stream is not a ClientHello (Problem() says why).
  TlsParseStatus AddDatagram(const std::uint8_t* datagram, std::size_t size);

  TlsParseStatus Status() const { return m_status; }
  const std::string& ServerName() const { return m_serverName; }
  const std::string& Problem() const { return m_problem; }

 private:
  TlsParseStatus AddCrypto(const QuicCryptoFrame& frame);
  void Finish(TlsParseStatus status, std::string problem = {});

  std::size_t m_limit;
  bool m_first = true;
  QuicInitialReader m_reader;
  std::vector<std::uint8_t> m_stream;                         // CRYPTO stream bytes from offset 0
  std::vector<std::pair<std::size_t, std::size_t>> m_ranges;  // filled [begin, end), sorted, merged
  TlsParseStatus m_status = TlsParseStatus::NeedMore;
  std::string m_serverName;
  std::string m_problem;
};

}  // namespace ntlab
