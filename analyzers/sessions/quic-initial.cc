#include "analyzers/sessions/quic-initial.h"

namespace ntlab {
namespace {

using payload::kQuicMaxConnectionIdSize;

constexpr std::uint8_t kLongHeaderBit = 0x80;
constexpr std::uint8_t kFramePadding = 0x00;
constexpr std::uint8_t kFramePing = 0x01;
constexpr std::uint8_t kFrameAck = 0x02;
constexpr std::uint8_t kFrameAckEcn = 0x03;
constexpr std::uint8_t kFrameCrypto = 0x06;
constexpr std::uint8_t kFrameConnectionClose = 0x1c;

// Bounds-checked reader of bytes and variable-length integers (RFC 9000 §16).
class Cursor {
 public:
  Cursor(const std::uint8_t* p, std::size_t n) : m_p(p), m_n(n) {}
  bool Byte(std::uint8_t& v) {
    if (m_at >= m_n) return false;
    v = m_p[m_at++];
    return true;
  }
  bool VarInt(std::uint64_t& v) {
    if (m_at >= m_n) return false;
    const std::size_t length = std::size_t{1} << (m_p[m_at] >> 6);
    if (m_n - m_at < length) return false;
    v = m_p[m_at] & 0x3f;
    for (std::size_t i = 1; i < length; ++i) v = v << 8 | m_p[m_at + i];
    m_at += length;
    return true;
  }
  bool Skip(std::uint64_t n) {
    if (n > m_n - m_at) return false;
    m_at += static_cast<std::size_t>(n);
    return true;
  }
  std::size_t At() const { return m_at; }
  std::size_t Left() const { return m_n - m_at; }
  const std::uint8_t* Here() const { return m_p + m_at; }

 private:
  const std::uint8_t* m_p;
  std::size_t m_n;
  std::size_t m_at = 0;
};

std::uint32_t Be32(const std::uint8_t* p) {
  return std::uint32_t(p[0]) << 24 | std::uint32_t(p[1]) << 16 | std::uint32_t(p[2]) << 8 | p[3];
}

bool SkipAck(Cursor& c, bool ecn) {
  std::uint64_t largest = 0, delay = 0, ranges = 0, first = 0;
  if (!c.VarInt(largest) || !c.VarInt(delay) || !c.VarInt(ranges) || !c.VarInt(first)) return false;
  for (std::uint64_t i = 0; i < ranges; ++i) {
    std::uint64_t gap = 0, length = 0;
    if (!c.VarInt(gap) || !c.VarInt(length)) return false;
  }
  std::uint64_t count = 0;
  for (int i = 0; ecn && i < 3; ++i)
    if (!c.VarInt(count)) return false;
  return true;
}

bool SkipConnectionClose(Cursor& c) {
  std::uint64_t code = 0, frameType = 0, reasonLength = 0;
  return c.VarInt(code) && c.VarInt(frameType) && c.VarInt(reasonLength) && c.Skip(reasonLength);
}

std::string Hex(std::uint64_t v) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  do out.insert(out.begin(), digits[v & 0xf]);
  while (v >>= 4);
  return "0x" + out;
}

}  // namespace

bool ReadInitialFrames(const std::uint8_t* frames, std::size_t size, std::vector<QuicCryptoFrame>& crypto,
                       std::string& problem) {
  Cursor c(frames, size);
  while (c.Left() > 0) {
    std::uint64_t type = 0;
    if (!c.VarInt(type)) return problem = "frame type cut short", false;
    bool whole = true;
    switch (type) {
      case kFramePadding:
      case kFramePing: break;
      case kFrameAck:
      case kFrameAckEcn: whole = SkipAck(c, type == kFrameAckEcn); break;
      case kFrameConnectionClose: whole = SkipConnectionClose(c); break;
      case kFrameCrypto: {
        std::uint64_t offset = 0, length = 0;
        whole = c.VarInt(offset) && c.VarInt(length) && length <= c.Left();
        if (whole) {
          crypto.push_back(QuicCryptoFrame{offset, {c.Here(), c.Here() + length}});
          c.Skip(length);
        }
        break;
      }
      default: return problem = "frame type " + Hex(type) + ", which an Initial packet may not carry", false;
    }
    if (!whole) return problem = "frame of type " + Hex(type) + " runs past the packet", false;
  }
  return true;
}

QuicDatagram QuicInitialReader::Read(const std::uint8_t* datagram, std::size_t size) {
  QuicDatagram out;
  if (size < 7 || !(datagram[0] & kLongHeaderBit) || !payload::IsKnownQuicVersion(Be32(datagram + 1))) return out;
  out.status = QuicDatagramStatus::NoInitial;
  out.version = Be32(datagram + 1);
  std::size_t at = 0;
  // Coalesced packets: only long headers carry a length; a short header ends the datagram.
  while (at < size && (datagram[at] & kLongHeaderBit)) {
    std::size_t consumed = 0;
    if (!ReadPacket(datagram + at, size - at, out, consumed)) {
      out.status = QuicDatagramStatus::Malformed;
      out.crypto.clear();
      return out;
    }
    if (consumed == 0) break;  // a Retry, or a version this reader does not know, ends the walk
    at += consumed;
  }
  return out;
}

// One long-header packet at the start of `packet`: `consumed` is its length (0 when it has none).
bool QuicInitialReader::ReadPacket(const std::uint8_t* packet, std::size_t size, QuicDatagram& out,
                                   std::size_t& consumed) {
  Cursor c(packet, size);
  std::uint8_t first = 0, dcidSize = 0, scidSize = 0;
  std::uint64_t tokenLength = 0, length = 0;
  if (!c.Byte(first) || !c.Skip(4)) return out.problem = "long header cut short", false;
  const std::uint32_t version = Be32(packet + 1);
  if (!payload::IsKnownQuicVersion(version)) return true;
  if (!c.Byte(dcidSize) || dcidSize > kQuicMaxConnectionIdSize || !c.Skip(dcidSize))
    return out.problem = "destination connection ID longer than 20 bytes or than the packet", false;
  const std::uint8_t* dcid = packet + 6;
  if (!c.Byte(scidSize) || scidSize > kQuicMaxConnectionIdSize || !c.Skip(scidSize))
    return out.problem = "source connection ID longer than 20 bytes or than the packet", false;
  const std::uint8_t type = (first >> 4) & 0x03;
  const std::uint8_t retryType = (payload::QuicInitialTypeBits(version) + 3) & 0x03;
  if (type == retryType) return true;  // no Length field; nothing after it to read
  const bool initial = type == payload::QuicInitialTypeBits(version);
  if (initial && (!c.VarInt(tokenLength) || !c.Skip(tokenLength)))
    return out.problem = "token runs past the packet", false;
  if (!c.VarInt(length) || length > c.Left())
    return out.problem = "Length field runs past the datagram", false;
  consumed = c.At() + static_cast<std::size_t>(length);
  if (!initial) return true;
  auto plain = Decrypt(packet, consumed, c.At(), dcid, dcidSize);
  if (!plain.ok) return out.problem = plain.problem, false;
  if (!ReadInitialFrames(plain.plaintext.data(), plain.plaintext.size(), out.crypto, out.problem)) return false;
  out.status = QuicDatagramStatus::Initial;
  return true;
}

// The keys of the client's first Initial first; then this packet's own DCID, which is right after
// a Retry (or when the first Initial was not captured).
payload::QuicUnprotected QuicInitialReader::Decrypt(const std::uint8_t* packet, std::size_t size, std::size_t pnOffset,
                                                   const std::uint8_t* dcid, std::size_t dcidSize) {
  const std::uint32_t version = Be32(packet + 1);
  if (m_keys && m_version == version) {
    auto plain = payload::UnprotectQuicInitial(*m_keys, packet, size, pnOffset, m_largestPacketNumber);
    if (plain.ok) {
      if (std::int64_t(plain.packet_number) > m_largestPacketNumber) m_largestPacketNumber = plain.packet_number;
      return plain;
    }
  }
  auto keys = payload::DeriveQuicClientInitialKeys(version, dcid, dcidSize);
  auto plain = payload::UnprotectQuicInitial(keys, packet, size, pnOffset, -1);
  if (!plain.ok) return plain;
  m_keys = keys;
  m_version = version;
  m_largestPacketNumber = plain.packet_number;
  return plain;
}

}  // namespace ntlab
