#ifndef NTLAB_TRAFFIC_GEN_PAYLOAD_SSH_PAYLOAD_H
#define NTLAB_TRAFFIC_GEN_PAYLOAD_SSH_PAYLOAD_H

// SSH wire pieces for simulated sessions: the identification banner and RFC 4253 binary packets
// whose content is seeded random bytes (what an encrypted session looks like to a dissector).

#include "traffic-gen/payload/bytes.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace ntlab::payload {

// "SSH-2.0-<software>\r\n" (RFC 4253 §4.2), e.g. software = "OpenSSH_for_Windows_8.1".
Bytes BuildSshBanner(const std::string& software);

// One binary packet of exactly RoundSshPacketLength(length) bytes on the wire:
// uint32 packet_length, byte padding_length (4..19), random payload, random padding, with
// 4 + packet_length a multiple of 16 (the AES block size, RFC 4253 §6). No MAC is appended: with
// an AEAD cipher the tag is inside what an observer sees as payload anyway.
Bytes BuildSshBinaryPacket(size_t length, uint64_t seed);

// The on-wire size BuildSshBinaryPacket produces for a requested length: rounded up to a
// multiple of 16, at least 32.
size_t RoundSshPacketLength(size_t length);

}  // namespace ntlab::payload

#endif
