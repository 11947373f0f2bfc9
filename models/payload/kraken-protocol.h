#ifndef NTLAB_TRAFFIC_GEN_PAYLOAD_KRAKEN_PROTOCOL_H
#define NTLAB_TRAFFIC_GEN_PAYLOAD_KRAKEN_PROTOCOL_H

// Kraken's port-447 C&C messages, as ntlab models them. No byte-level description of this
// protocol was ever published (PROTOCOLS §1.4 [NF]); paper 003 names the packet types 0x01
// (client registration), 0x02 (IP list), 0x03 (host information) and 0x08 (acknowledgement),
// McAfee lists what the host information carries, and the Emerging Threats wiki says the
// payload is "believed to be encrypted with a 64-bit key". Everything else here is a project
// ASSUMPTION, chosen so the type byte is visible on the wire (the paper read it) and the rest
// looks random:
//
//   offset size field
//   0      1    type (0x01, 0x02, 0x03, 0x08)
//   1      1    flags, 0 (reserved)
//   2      2    body length, big endian (bytes after this 8-byte header)
//   4      4    bot id, big endian (chosen by the bot at start, echoed by servers)
//   8      n    body, XORed with a keystream derived from the 64-bit key and the bot id
//
// Plain bodies: 0x01 = module version (u16) + outgoing-SMTP status (u8) + random padding;
// 0x02 = count (u8) + count x (IPv4 u32, port u16); 0x03 = "key=value\n" text (host info, or
// the module list when it carries "kind=modules"); 0x08 = empty, or the latest module (version
// u16, size u32) and the herder's IPv4 (u32).
// The same framing is used on TCP 447 (module request; the reply is a u32 length and the
// encrypted module) and TCP 443 (template request; same reply framing).

#include "models/payload/bytes.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ntlab::payload {

enum class KrakenType : uint8_t { Register = 0x01, IpList = 0x02, HostInfo = 0x03, Ack = 0x08 };

constexpr size_t kKrakenHeaderLength = 8;
constexpr uint16_t kKrakenPort = 447;
/// Default 64-bit key of the model; any value works as long as bot and servers agree.
constexpr uint64_t kKrakenDefaultKey = 0x6b72616b656e3038ULL;

struct KrakenMessage {
  KrakenType type = KrakenType::Register;
  uint32_t bot_id = 0;
  Bytes body;  // plain (decrypted) body
};

struct KrakenPeer {
  uint32_t address = 0;  // IPv4, host byte order
  uint16_t port = kKrakenPort;
  bool operator==(const KrakenPeer& o) const { return address == o.address && port == o.port; }
};

struct KrakenModuleOffer {
  uint16_t version = 0;
  uint32_t size = 0;
  uint32_t herder = 0;  // IPv4 of the command server, host byte order
};

/// Header + encrypted body.
Bytes EncodeKrakenMessage(const KrakenMessage& message, uint64_t key);
/// nullopt unless the bytes start with a known type, a zero flags byte and a body length that
/// matches the bytes that follow exactly (one datagram or one framed TCP request).
std::optional<KrakenMessage> DecodeKrakenMessage(const uint8_t* data, size_t size, uint64_t key);

/// Registration body of `total` plain bytes (at least 3), padding from `seed`.
Bytes KrakenRegistrationBody(uint16_t moduleVersion, bool smtpWorks, size_t total, uint64_t seed);
std::optional<uint16_t> KrakenRegistrationModule(const Bytes& body);

Bytes EncodeKrakenIpList(const std::vector<KrakenPeer>& peers);
std::optional<std::vector<KrakenPeer>> DecodeKrakenIpList(const Bytes& body);

/// "key=value\n" lines in key order; keys and values must not contain '=' or '\n'.
Bytes EncodeKrakenFields(const std::map<std::string, std::string>& fields);
std::optional<std::map<std::string, std::string>> DecodeKrakenFields(const Bytes& body);

Bytes EncodeKrakenModuleOffer(const KrakenModuleOffer& offer);
/// nullopt for an empty (plain) ack.
std::optional<KrakenModuleOffer> DecodeKrakenModuleOffer(const Bytes& body);

/// TCP reply framing: u32 big-endian length, then `length` bytes.
Bytes FrameKrakenBlob(const Bytes& blob);
/// Total bytes of the framed blob at data (4 + length), or nullopt while fewer than 4 bytes.
std::optional<size_t> KrakenBlobFrameLength(const uint8_t* data, size_t size);

// The sealed wire form, a second ASSUMPTION for a bot that hides its header: real Kraken encrypts
// its payloads (ET wiki), and nothing says the type byte stays in clear. A sealed message is a
// random 32-bit nonce (big endian) followed by the whole plain form above, header included, XORed
// with a keystream from (key, nonce). Only its size (plain size + 4), timing and direction are
// left to an observer: no byte at any offset is constant or tied to the length. TCP replies are
// sealed the same way (nonce, then the framed blob XORed).
enum class KrakenWire { Plain, Sealed };

constexpr size_t kKrakenNonceLength = 4;

/// `plain` (any plain-form bytes: a message or a framed blob) sealed under `nonce`.
Bytes SealKraken(const Bytes& plain, uint64_t key, uint32_t nonce);
/// The plain form of the first `size` bytes of a sealed message (empty when shorter than the
/// nonce). A prefix unseals to the prefix of the plain form.
Bytes UnsealKraken(const uint8_t* data, size_t size, uint64_t key);

/// A message on the given wire: plain, or sealed under `nonce`.
Bytes EncodeKrakenWire(const KrakenMessage& message, uint64_t key, KrakenWire wire, uint32_t nonce);
/// Decodes one whole message on the given wire (see DecodeKrakenMessage).
std::optional<KrakenMessage> DecodeKrakenWire(const uint8_t* data, size_t size, uint64_t key, KrakenWire wire);
/// Length of the whole request at `data` on the given wire, or nullopt while its header is
/// incomplete.
std::optional<size_t> KrakenRequestLength(const uint8_t* data, size_t size, uint64_t key, KrakenWire wire);
/// FrameKrakenBlob on the given wire, and the length of such a frame (KrakenBlobFrameLength).
Bytes FrameKrakenBlobWire(const Bytes& blob, uint64_t key, KrakenWire wire, uint32_t nonce);
std::optional<size_t> KrakenBlobFrameLengthWire(const uint8_t* data, size_t size, uint64_t key, KrakenWire wire);
/// The blob of a complete frame on the given wire.
Bytes KrakenBlobOfFrame(const uint8_t* data, size_t size, uint64_t key, KrakenWire wire);

/// The keystream XOR itself (symmetric), exposed for the 443 bodies.
void KrakenCrypt(uint8_t* data, size_t size, uint64_t key, uint32_t botId);

}  // namespace ntlab::payload

#endif
