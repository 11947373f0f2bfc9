// Rebuilds the start of a TCP client stream from segments that may arrive split or out of order,
// until TlsClientHello can decide. Bounded: at most `limit` bytes per session, freed as soon as
// the ClientHello is complete or clearly not TLS.
#pragma once

#include "analyzers/sessions/tls-client-hello.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace ntlab {

class TlsClientHelloReassembler {
 public:
  explicit TlsClientHelloReassembler(std::size_t limit = 16 * 1024) : m_limit(limit) {}

  /// The stream's first sequence number (the client's SYN sequence + 1), when the SYN was seen.
  /// Without it the first segment seen is taken as the stream start (an earlier one arriving
  /// before the parser has decided moves the start back).
  void SetStreamStart(std::uint32_t seq);
  /// Adds one client->server segment; returns the status after it.
  TlsParseStatus Add(std::uint32_t seq, const std::uint8_t* data, std::size_t length);

  TlsParseStatus Status() const { return m_status; }
  const std::string& ServerName() const { return m_serverName; }
  /// What was wrong, when Malformed.
  const std::string& Problem() const { return m_problem; }
  /// When NotTls: the stream's contiguous first bytes that showed it (a plaintext protocol's
  /// start, e.g. an HTTP request for its Host); empty otherwise.
  const std::string& NotTlsStart() const { return m_notTlsStart; }
  /// While NeedMore: the bytes of a ClientHello held, when they run from the stream start with no
  /// hole (no segment missing) and claim a ClientHello; else 0. A connection that ends there cut
  /// the hello short.
  std::size_t CutShortBytes() const;

 private:
  void Finish(TlsParseStatus status);
  /// Parses the stream's `contiguous` first bytes at `stream`; false while the hello needs more.
  bool Decide(const std::uint8_t* stream, std::size_t contiguous);
  void AddRange(std::size_t begin, std::size_t end);
  void Grow(std::size_t size);

  std::size_t m_limit;
  bool m_haveStart = false;
  bool m_startIsExact = false;
  std::uint32_t m_start = 0;
  std::unique_ptr<std::uint8_t[]> m_buffer;                   // stream bytes from m_start
  std::size_t m_size = 0;                                     // end of the furthest byte stored
  std::size_t m_capacity = 0;
  std::vector<std::pair<std::size_t, std::size_t>> m_ranges;  // filled [begin, end), sorted, merged
  TlsParseStatus m_status = TlsParseStatus::NeedMore;
  std::string m_serverName;
  std::string m_problem;
  std::string m_notTlsStart;
};

}  // namespace ntlab
