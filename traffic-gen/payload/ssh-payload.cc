#include "traffic-gen/payload/ssh-payload.h"

#include "traffic-gen/payload/split-mix64.h"

#include <algorithm>

namespace ntlab::payload {

Bytes BuildSshBanner(const std::string& software) {
  std::string line = "SSH-2.0-" + software + "\r\n";
  return Bytes(line.begin(), line.end());
}

size_t RoundSshPacketLength(size_t length) {
  size_t n = std::max<size_t>(length, 32);
  return (n + 15) / 16 * 16;
}

Bytes BuildSshBinaryPacket(size_t length, uint64_t seed) {
  size_t total = RoundSshPacketLength(length);
  SplitMix64 gen(seed);
  // RFC 4253: at least 4 bytes of padding; pick 4..19 so the framing stays plausible whatever the
  // payload size, then the payload fills the rest.
  size_t padding = 4 + gen.Below(16);
  size_t packet_length = total - 4;
  size_t payload = packet_length - 1 - padding;  // total >= 32 keeps this >= 8
  Bytes out;
  out.reserve(total);
  out.push_back(static_cast<uint8_t>(packet_length >> 24));
  out.push_back(static_cast<uint8_t>(packet_length >> 16));
  out.push_back(static_cast<uint8_t>(packet_length >> 8));
  out.push_back(static_cast<uint8_t>(packet_length));
  out.push_back(static_cast<uint8_t>(padding));
  gen.Append(out, payload + padding);
  return out;
}

}  // namespace ntlab::payload
