#ifndef NTLAB_TRAFFIC_GEN_PAYLOAD_GENERIC_STREAM_PAYLOAD_H
#define NTLAB_TRAFFIC_GEN_PAYLOAD_GENERIC_STREAM_PAYLOAD_H

// The request framing of ntlab's stand-in for proprietary TCP protocols (RPC, SMB, LDAP, vendor
// agents, remote desktops in the workload catalog): the client says how many bytes it wants back,
// so one generic server can reproduce each session's byte count. Layout of a request:
//   uint32 total request length (>= 8, big-endian) | uint32 response bytes | filler
// The response is `response bytes` of seeded filler.

#include "models/payload/bytes.h"

#include <cstddef>
#include <cstdint>
#include <optional>

namespace ntlab::payload {

constexpr size_t kGenericRequestHeaderSize = 8;

struct GenericRequest {
  uint32_t length = 0;          // bytes of the whole request
  uint32_t response_bytes = 0;  // what the client asks back
};

// A request of `request_bytes` (at least the 8-byte header) asking for `response_bytes`.
Bytes BuildGenericRequest(uint32_t request_bytes, uint32_t response_bytes, uint64_t seed);
// The first request if it is complete in [data, data + size); nullopt while it is not.
std::optional<GenericRequest> PeekGenericRequest(const uint8_t* data, size_t size);
// `n` bytes of seeded filler (responses, UDP payloads).
Bytes BuildFiller(size_t n, uint64_t seed);

}  // namespace ntlab::payload

#endif
