#ifndef NTLAB_TRAFFIC_GEN_PAYLOAD_NTP_PAYLOAD_H
#define NTLAB_TRAFFIC_GEN_PAYLOAD_NTP_PAYLOAD_H

// NTPv4 (RFC 5905) client requests and server replies: 48-byte packets without extensions, as
// the Windows Time service (w32time) sends them to UDP port 123.

#include "models/payload/bytes.h"

#include <cstddef>
#include <cstdint>

namespace ntlab::payload {

constexpr size_t kNtpPacketSize = 48;

// Seconds since 1900-01-01 in the upper 32 bits, fraction in the lower: the NTP timestamp format.
uint64_t NtpTimestampFromUnixMicros(int64_t unix_us);

// Client mode (LI 0, VN 4, mode 3), poll 6, the transmit timestamp set to `transmit`.
Bytes BuildNtpRequest(uint64_t transmit);
// Server mode (mode 4), stratum 2, origin = the request's transmit timestamp, receive/transmit =
// `now`. A request shorter than 48 bytes gets a zero origin.
Bytes BuildNtpResponse(const uint8_t* request, size_t size, uint64_t now);

}  // namespace ntlab::payload

#endif
