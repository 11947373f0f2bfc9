#include "models/payload/ntp-payload.h"

namespace ntlab::payload {
namespace {

constexpr int64_t kNtpUnixOffsetSeconds = 2208988800;  // 1900-01-01 to 1970-01-01

void Put32(Bytes& out, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) out[at + i] = static_cast<uint8_t>(v >> (24 - 8 * i));
}
void Put64(Bytes& out, size_t at, uint64_t v) {
  Put32(out, at, static_cast<uint32_t>(v >> 32));
  Put32(out, at + 4, static_cast<uint32_t>(v));
}

}  // namespace

uint64_t NtpTimestampFromUnixMicros(int64_t unix_us) {
  int64_t seconds = unix_us / 1000000 + kNtpUnixOffsetSeconds;
  uint64_t fraction = (static_cast<uint64_t>(unix_us % 1000000) << 32) / 1000000;
  return (static_cast<uint64_t>(seconds) << 32) | fraction;
}

Bytes BuildNtpRequest(uint64_t transmit) {
  Bytes out(kNtpPacketSize, 0);
  out[0] = 0x23;  // LI 0, VN 4, mode 3 (client)
  out[2] = 6;     // poll 2^6 s
  out[3] = 0xE9;  // precision -23
  Put64(out, 40, transmit);
  return out;
}

Bytes BuildNtpResponse(const uint8_t* request, size_t size, uint64_t now) {
  Bytes out(kNtpPacketSize, 0);
  out[0] = 0x24;  // LI 0, VN 4, mode 4 (server)
  out[1] = 2;     // stratum 2
  out[2] = 6;
  out[3] = 0xE9;
  Put32(out, 12, 0xC6336401);  // reference id: the upstream server's IPv4 (198.51.100.1)
  Put64(out, 16, now - (uint64_t(64) << 32));  // reference timestamp: last sync 64 s ago
  if (size >= kNtpPacketSize)
    for (int i = 0; i < 8; ++i) out[24 + i] = request[40 + i];  // origin = client's transmit
  Put64(out, 32, now);
  Put64(out, 40, now);
  return out;
}

}  // namespace ntlab::payload
