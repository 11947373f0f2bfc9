#include "analyzers/sessions/tls-client-hello.h"

#include "analyzers/formats/text-rules.h"

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

TlsClientHelloInfo NotTls() { return {TlsParseStatus::NotTls, {}, {}}; }
TlsClientHelloInfo Bad(std::string problem) { return {TlsParseStatus::Malformed, {}, std::move(problem)}; }

// The server_name extension's list (RFC 6066 §3): the first host_name is the SNI.
TlsClientHelloInfo ParseServerNames(Reader ext, TlsClientHelloInfo info) {
  std::size_t n = 0;
  Reader list(nullptr, 0);
  if (!ext.U16(n) || !ext.Sub(n, list)) return Bad("server name list runs past its extension");
  while (list.Left() > 0) {
    std::size_t nameType = 0, nameLength = 0;
    if (!list.U8(nameType) || !list.U16(nameLength) || nameLength > list.Left())
      return Bad("server name runs past its list");
    if (nameType == 0 && info.server_name.empty()) {  // host_name
      if (nameLength > kMaxServerNameBytes)
        return Bad("server name of " + std::to_string(nameLength) + " bytes, longer than " +
                   std::to_string(kMaxServerNameBytes));
      info.server_name = EscapePacketText(std::string_view(reinterpret_cast<const char*>(list.Data()), nameLength));
    }
    list.Skip(nameLength);
  }
  return info;
}

// Body of a complete ClientHello (after the 4-byte handshake header).
TlsClientHelloInfo ParseBody(const std::uint8_t* body, std::size_t length) {
  Reader r(body, length);
  std::size_t n = 0;
  if (!r.Skip(2 + 32)) return Bad("ClientHello shorter than its version and random");
  if (!r.U8(n) || n > 32 || !r.Skip(n)) return Bad("session id longer than 32 bytes or than the ClientHello");
  if (!r.U16(n) || n < 2 || n % 2 || !r.Skip(n)) return Bad("cipher suite list empty, odd or too long");
  if (!r.U8(n) || n < 1 || !r.Skip(n)) return Bad("compression method list empty or too long");
  TlsClientHelloInfo info{TlsParseStatus::Complete, {}, {}};
  if (r.Left() == 0) return info;                         // no extensions (SSLv3-style hello)
  Reader extensions(nullptr, 0);
  if (!r.U16(n) || !r.Sub(n, extensions)) return Bad("extensions run past the ClientHello");
  while (extensions.Left() > 0) {
    std::size_t type = 0, size = 0;
    Reader ext(nullptr, 0);
    if (!extensions.U16(type) || !extensions.U16(size) || !extensions.Sub(size, ext))
      return Bad("extension " + std::to_string(type) + " runs past the extension list");
    if (type != kServerNameExtension) continue;
    info = ParseServerNames(ext, std::move(info));
    if (info.status != TlsParseStatus::Complete) return info;
  }
  return info;
}

// Why the record header at `rec` cannot be part of a ClientHello, or empty.
std::string RecordProblem(const std::uint8_t* rec, std::size_t recordLength) {
  if (rec[0] != kHandshake) return "record of type " + std::to_string(rec[0]) + ", not handshake";
  if (rec[1] != 3 || rec[2] > 4) return "record version " + std::to_string(rec[1]) + "." + std::to_string(rec[2]);
  if (recordLength == 0) return "empty record";
  if (recordLength > kMaxRecordLength)
    return "record length " + std::to_string(recordLength) + ", more than " + std::to_string(kMaxRecordLength);
  return {};
}

std::string NotClientHello(std::uint8_t type) {
  return "handshake message of type " + std::to_string(type) + ", not ClientHello";
}

}  // namespace

TlsClientHelloInfo TlsClientHello::Parse(const std::uint8_t* stream, std::size_t length) {
  // Only a stream that starts like a TLS handshake record is TLS at all; decided on the first
  // bytes, so plain-text streams are dropped at once. It is a malformed ClientHello only once its
  // first handshake byte says ClientHello: a server's flight seen as the client stream (a capture
  // that missed the SYN) is another TLS message, not a bad packet.
  if ((length > 0 && stream[0] != kHandshake) || (length > 1 && stream[1] != 3)) return NotTls();
  const bool claimsClientHello = length > 5 && stream[5] == kClientHello;
  auto bad = [claimsClientHello](std::string problem) {
    return claimsClientHello ? Bad(std::move(problem)) : NotTls();
  };
  // Walk the records, collecting handshake bytes until the ClientHello is whole. The common case
  // (whole hello in the first record) parses in place without copying.
  std::vector<std::uint8_t> joined;
  const std::uint8_t* handshake = nullptr;
  std::size_t handshakeLength = 0;
  std::size_t offset = 0;
  bool first = true;
  for (;;) {
    if (length - offset < 5) {
      // Reject early on the bytes there are.
      if (offset < length && stream[offset] != kHandshake)
        return bad("record of type " + std::to_string(stream[offset]) + ", not handshake");
      if (offset + 1 < length && stream[offset + 1] != 3)
        return bad("record version " + std::to_string(stream[offset + 1]));
      return {TlsParseStatus::NeedMore, {}, {}};
    }
    const std::uint8_t* rec = stream + offset;
    std::size_t recordLength = Be16(rec + 3);
    std::string problem = RecordProblem(rec, recordLength);
    // A first record header alone cannot tell a broken ClientHello from another message: its next
    // byte does, so that the answer does not depend on where TCP cut the stream.
    if (!problem.empty()) return length == 5 ? TlsClientHelloInfo{TlsParseStatus::NeedMore, {}, {}} : bad(problem);
    if (length - offset - 5 < recordLength) {
      // Partial record: enough to reject a non-ClientHello early.
      if (first && length - offset > 5 && rec[5] != kClientHello) return NotTls();
      return {TlsParseStatus::NeedMore, {}, {}};
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
      if (handshake[0] != kClientHello) return bad(NotClientHello(handshake[0]));
      std::size_t bodyLength = std::size_t(handshake[1]) << 16 | std::size_t(handshake[2]) << 8 | handshake[3];
      if (bodyLength < 2 + 32 + 1 + 2 + 1)
        return bad("ClientHello of " + std::to_string(bodyLength) + " bytes, too short to be one");
      if (handshakeLength >= 4 + bodyLength) return ParseBody(handshake + 4, bodyLength);
    }
  }
}

TlsClientHelloInfo TlsClientHello::ParseHandshake(const std::uint8_t* messages, std::size_t length) {
  if (length > 0 && messages[0] != kClientHello) return Bad(NotClientHello(messages[0]));
  if (length < 4) return {TlsParseStatus::NeedMore, {}, {}};
  std::size_t bodyLength = std::size_t(messages[1]) << 16 | std::size_t(messages[2]) << 8 | messages[3];
  if (bodyLength < 2 + 32 + 1 + 2 + 1)
    return Bad("ClientHello of " + std::to_string(bodyLength) + " bytes, too short to be one");
  if (length < 4 + bodyLength) return {TlsParseStatus::NeedMore, {}, {}};
  return ParseBody(messages + 4, bodyLength);
}

}  // namespace ntlab
