#include "models/payload/generic-stream-payload.h"

#include "models/payload/split-mix64.h"

#include <algorithm>

namespace ntlab::payload {

Bytes BuildGenericRequest(uint32_t request_bytes, uint32_t response_bytes, uint64_t seed) {
  uint32_t total = std::max<uint32_t>(request_bytes, kGenericRequestHeaderSize);
  Bytes out;
  out.reserve(total);
  for (uint32_t v : {total, response_bytes})
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(v >> shift));
  SplitMix64(seed).Append(out, total - kGenericRequestHeaderSize);
  return out;
}

std::optional<GenericRequest> PeekGenericRequest(const uint8_t* data, size_t size) {
  if (size < kGenericRequestHeaderSize) return std::nullopt;
  auto get = [&](size_t at) {
    return (uint32_t(data[at]) << 24) | (uint32_t(data[at + 1]) << 16) | (uint32_t(data[at + 2]) << 8) | data[at + 3];
  };
  GenericRequest r{get(0), get(4)};
  if (r.length < kGenericRequestHeaderSize) r.length = kGenericRequestHeaderSize;  // garbage: consume the header
  if (size < r.length) return std::nullopt;
  return r;
}

Bytes BuildFiller(size_t n, uint64_t seed) {
  Bytes out;
  SplitMix64(seed).Append(out, n);
  return out;
}

}  // namespace ntlab::payload
