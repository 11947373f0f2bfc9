#include "analyzers/sessions/tls-client-hello.h"

#include <vector>

namespace ntlab {
namespace {

constexpr std::uint8_t kHandshake = 22;
constexpr std::uint8_t kClientHello = 1;
constexpr std::uint16_t kServerNameExtension = 0;
constexpr std::size_t kMaxRecordLength = 16384 + 2048;

std::uint16_t Be16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }

// Bounds-checked reader over the ClientHello body.
class Reader {
 public:
  Reader(const std::uint8_t* p, std::size_t n) : m_p(p), m_n(n) {}
  bool Skip(std::size_t n) {
    if (n > m_n) return false;
    m_p += n;
    m_n -= n;
    return true;
  }
  bool U8(std::size_t& v) {
    if (m_n < 1) return false;
    v = m_p[0];
    return Skip(1);
  }
  bool U16(std::size_t& v) {
    if (m_n < 2) return false;
    v = Be16(m_p);
    return Skip(2);
  }
  bool Sub(std::size_t n, Reader& sub) {
    if (n > m_n) return false;
    sub = Reader(m_p, n);
    return Skip(n);
  }
  const std::uint8_t* Data() const { return m_p; }
  std::size_t Left() const { return m_n; }

 private:
  const std::uint8_t* m_p;
  std::size_t m_n;
};

TlsClientHelloInfo NotTls() { return {TlsParseStatus::NotTls, {}}; }

// Body of a complete ClientHello (after the 4-byte handshake header).
TlsClientHelloInfo ParseBody(const std::uint8_t* body, std::size_t length) {
  Reader r(body, length);
  std::size_t n = 0;
  if (!r.Skip(2 + 32)) return NotTls();                   // legacy_version, random
  if (!r.U8(n) || n > 32 || !r.Skip(n)) return NotTls();  // legacy_session_id
  if (!r.U16(n) || n < 2 || n % 2 || !r.Skip(n)) return NotTls();  // cipher_suites
  if (!r.U8(n) || n < 1 || !r.Skip(n)) return NotTls();   // compression_methods
  TlsClientHelloInfo info{TlsParseStatus::Complete, {}};
  if (r.Left() == 0) return info;                         // no extensions (SSLv3-style hello)
  Reader extensions(nullptr, 0);
  if (!r.U16(n) || !r.Sub(n, extensions)) return NotTls();
  while (extensions.Left() > 0) {
    std::size_t type = 0, size = 0;
    Reader ext(nullptr, 0);
    if (!extensions.U16(type) || !extensions.U16(size) || !extensions.Sub(size, ext)) return NotTls();
    if (type != kServerNameExtension) continue;
    Reader list(nullptr, 0);
    if (!ext.U16(n) || !ext.Sub(n, list)) return NotTls();
    while (list.Left() > 0) {
      std::size_t nameType = 0, nameLength = 0;
      if (!list.U8(nameType) || !list.U16(nameLength) || nameLength > list.Left()) return NotTls();
      if (nameType == 0 && info.server_name.empty())  // host_name
        info.server_name.assign(reinterpret_cast<const char*>(list.Data()), nameLength);
      list.Skip(nameLength);
    }
  }
  return info;
}

}  // namespace

TlsClientHelloInfo TlsClientHello::Parse(const std::uint8_t* stream, std::size_t length) {
  // Walk the records, collecting handshake bytes until the ClientHello is whole. The common case
  // (whole hello in the first record) parses in place without copying.
  std::vector<std::uint8_t> joined;
  const std::uint8_t* handshake = nullptr;
  std::size_t handshakeLength = 0;
  std::size_t offset = 0;
  bool first = true;
  for (;;) {
    if (length - offset < 5) {
      // Reject early on the bytes we have, so plain-text streams are dropped at once.
      if (offset < length && stream[offset] != kHandshake) return NotTls();
      if (offset + 1 < length && stream[offset + 1] != 3) return NotTls();
      return {TlsParseStatus::NeedMore, {}};
    }
    const std::uint8_t* rec = stream + offset;
    std::size_t recordLength = Be16(rec + 3);
    if (rec[0] != kHandshake || rec[1] != 3 || rec[2] > 4 || recordLength == 0 ||
        recordLength > kMaxRecordLength)
      return NotTls();
    if (length - offset - 5 < recordLength) {
      // Partial record: enough to reject a non-ClientHello early.
      if (first && length - offset > 5 && rec[5] != kClientHello) return NotTls();
      return {TlsParseStatus::NeedMore, {}};
    }
    const std::uint8_t* fragment = rec + 5;
    if (first && recordLength >= 4) {
      handshake = fragment;
      handshakeLength = recordLength;
    } else {
      if (first) joined.assign(fragment, fragment + recordLength);
      else {
        if (joined.empty()) joined.assign(handshake, handshake + handshakeLength);
        joined.insert(joined.end(), fragment, fragment + recordLength);
      }
      handshake = joined.data();
      handshakeLength = joined.size();
    }
    first = false;
    offset += 5 + recordLength;
    if (handshakeLength >= 4) {
      if (handshake[0] != kClientHello) return NotTls();
      std::size_t bodyLength = std::size_t(handshake[1]) << 16 | std::size_t(handshake[2]) << 8 | handshake[3];
      if (bodyLength < 2 + 32 + 1 + 2 + 1) return NotTls();
      if (handshakeLength >= 4 + bodyLength) return ParseBody(handshake + 4, bodyLength);
    }
  }
}

}  // namespace ntlab
