#include "models/payload/quic-payload.h"

#include "models/payload/split-mix64.h"

#include <algorithm>

namespace ntlab::payload {
namespace {

void AppendConnectionId(Bytes& out, uint64_t connection_seed, bool server) {
  SplitMix64 rng(DeriveSeed(connection_seed, server ? 2 : 1));
  rng.Append(out, kQuicConnectionIdSize);
}

}  // namespace

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
