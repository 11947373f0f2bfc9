#include "models/payload/quic-payload.h"

#include "models/payload/quic-initial-protection.h"
#include "models/payload/split-mix64.h"
#include "models/payload/tls-payload.h"

#include <algorithm>

namespace ntlab::payload {
namespace {

void AppendConnectionId(Bytes& out, uint64_t connection_seed, bool server) {
  SplitMix64 rng(DeriveSeed(connection_seed, server ? 2 : 1));
  rng.Append(out, kQuicConnectionIdSize);
}

// One protected client Initial carrying stream bytes [offset, offset + chunk.size()).
Bytes ProtectedClientInitial(const QuicInitialKeys& keys, uint32_t version, const Bytes& dcid, const Bytes& scid,
                             uint64_t packet_number, uint64_t offset, const Bytes& chunk) {
  constexpr size_t kPnLength = 4;
  Bytes header{static_cast<uint8_t>(0xC0 | QuicInitialTypeBits(version) << 4 | (kPnLength - 1))};
  for (int shift = 24; shift >= 0; shift -= 8) header.push_back(static_cast<uint8_t>(version >> shift));
  header.push_back(static_cast<uint8_t>(dcid.size()));
  header.insert(header.end(), dcid.begin(), dcid.end());
  header.push_back(static_cast<uint8_t>(scid.size()));
  header.insert(header.end(), scid.begin(), scid.end());
  header.push_back(0x00);  // token length 0
  const size_t length = kQuicMinInitialSize - header.size() - 2;  // 2-byte Length varint
  header.push_back(static_cast<uint8_t>(0x40 | length >> 8));
  header.push_back(static_cast<uint8_t>(length & 0xFF));
  for (int shift = 24; shift >= 0; shift -= 8) header.push_back(static_cast<uint8_t>(packet_number >> shift));
  // CRYPTO frame with 4-byte offset and 2-byte length varints, then PADDING (zero bytes).
  Bytes frames{0x06, static_cast<uint8_t>(0x80 | offset >> 24), static_cast<uint8_t>(offset >> 16),
               static_cast<uint8_t>(offset >> 8), static_cast<uint8_t>(offset),
               static_cast<uint8_t>(0x40 | chunk.size() >> 8), static_cast<uint8_t>(chunk.size() & 0xFF)};
  frames.insert(frames.end(), chunk.begin(), chunk.end());
  frames.resize(length - kPnLength - kQuicAeadTagSize, 0x00);
  return ProtectQuicInitial(keys, header, kPnLength, packet_number, frames);
}

}  // namespace

std::vector<Bytes> BuildQuicClientInitials(const std::string& sni, uint64_t connection_seed, uint64_t seed,
                                           uint32_t version, size_t packets) {
  const Bytes record = BuildTlsClientHello(sni, seed);
  const Bytes hello(record.begin() + kTlsRecordHeaderSize, record.end());
  Bytes dcid, scid;
  AppendConnectionId(dcid, connection_seed, true);  // the peer's, as BuildQuicInitial has it
  AppendConnectionId(scid, connection_seed, false);
  const QuicInitialKeys keys = DeriveQuicClientInitialKeys(version, dcid.data(), dcid.size());
  // What one 1200-byte Initial holds: header (30), CRYPTO frame header (7), tag (16).
  constexpr size_t kMaxChunk = kQuicMinInitialSize - 30 - 7 - kQuicAeadTagSize;
  packets = std::max({packets, size_t{1}, (hello.size() + kMaxChunk - 1) / kMaxChunk});
  const size_t chunk = std::min(kMaxChunk, (hello.size() + packets - 1) / packets);
  std::vector<Bytes> out;
  for (size_t offset = 0, pn = 0; offset < hello.size(); offset += chunk, ++pn) {
    const size_t end = std::min(hello.size(), offset + chunk);
    out.push_back(ProtectedClientInitial(keys, version, dcid, scid, pn, offset,
                                         Bytes(hello.begin() + offset, hello.begin() + end)));
  }
  return out;
}

Bytes BuildQuicInitial(uint64_t connection_seed, bool from_server, size_t size, uint64_t seed) {
  Bytes out;
  out.reserve(std::max(size, size_t{64}));
  out.push_back(0xC3);
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(kQuicVersion1 >> shift));
  // DCID is the peer's connection id, SCID our own.
  out.push_back(kQuicConnectionIdSize);
  AppendConnectionId(out, connection_seed, !from_server);
  out.push_back(kQuicConnectionIdSize);
  AppendConnectionId(out, connection_seed, from_server);
  out.push_back(0x00);  // token length 0
  size_t total = std::max(size, from_server ? out.size() + 2 + 4 + 20 : kQuicMinInitialSize);
  size_t length = total - out.size() - 2;  // packet number + payload, after the 2-byte varint
  out.push_back(static_cast<uint8_t>(0x40 | ((length >> 8) & 0x3F)));
  out.push_back(static_cast<uint8_t>(length & 0xFF));
  SplitMix64 rng(seed);
  rng.Append(out, total - out.size());  // packet number (protected) and payload
  return out;
}

Bytes BuildQuicShort(uint64_t connection_seed, bool from_server, size_t size, uint64_t seed) {
  Bytes out;
  out.push_back(0x43);
  AppendConnectionId(out, connection_seed, !from_server);
  size_t total = std::max(size, out.size() + 1);
  SplitMix64 rng(seed);
  rng.Append(out, total - out.size());
  return out;
}

bool IsQuicLongHeader(const uint8_t* data, size_t size) {
  if (size < 5 || (data[0] & 0x80) == 0) return false;
  uint32_t version = (uint32_t(data[1]) << 24) | (uint32_t(data[2]) << 16) | (uint32_t(data[3]) << 8) | data[4];
  return version == kQuicVersion1;
}

}  // namespace ntlab::payload
