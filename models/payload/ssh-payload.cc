#include "models/payload/ssh-payload.h"

#include "models/payload/split-mix64.h"

#include <algorithm>
#include <initializer_list>

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

namespace {

constexpr size_t kEd25519KeyLength = 32;
constexpr size_t kEd25519SignatureLength = 64;
constexpr size_t kCurve25519PointLength = 32;

// Name-lists as OpenSSH 9.x offers them (ssh -Q / sshd -T defaults).
const char* const kClientKex =
    "curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ecdh-sha2-nistp384,"
    "ecdh-sha2-nistp521,sntrup761x25519-sha512@openssh.com,diffie-hellman-group-exchange-sha256,"
    "diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,diffie-hellman-group14-sha256,"
    "ext-info-c";
const char* const kServerKex =
    "curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ecdh-sha2-nistp384,"
    "ecdh-sha2-nistp521,sntrup761x25519-sha512@openssh.com,diffie-hellman-group-exchange-sha256,"
    "diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,diffie-hellman-group14-sha256";
const char* const kClientHostKey =
    "ssh-ed25519-cert-v01@openssh.com,ecdsa-sha2-nistp256-cert-v01@openssh.com,"
    "rsa-sha2-512-cert-v01@openssh.com,rsa-sha2-256-cert-v01@openssh.com,ssh-ed25519,"
    "ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,rsa-sha2-512,rsa-sha2-256";
const char* const kServerHostKey = "rsa-sha2-512,rsa-sha2-256,ecdsa-sha2-nistp256,ssh-ed25519";
// The client (PuTTY-like) prefers AES-CTR with an encrypt-then-MAC HMAC; sshd offers OpenSSH's
// defaults. The client's preference wins (RFC 4253 §7.1): aes128-ctr + hmac-sha2-256-etm, the
// combination whose packet length stays in clear after NEWKEYS.
const char* const kClientCiphers =
    "aes128-ctr,aes192-ctr,aes256-ctr,chacha20-poly1305@openssh.com,aes128-gcm@openssh.com,"
    "aes256-gcm@openssh.com";
const char* const kServerCiphers =
    "chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,"
    "aes256-gcm@openssh.com";
const char* const kClientMacs =
    "hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,hmac-sha1-etm@openssh.com,"
    "hmac-sha2-256,hmac-sha2-512,hmac-sha1";
const char* const kServerMacs =
    "umac-64-etm@openssh.com,umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,"
    "hmac-sha2-512-etm@openssh.com,hmac-sha1-etm@openssh.com,umac-64@openssh.com,"
    "umac-128@openssh.com,hmac-sha2-256,hmac-sha2-512,hmac-sha1";
const char* const kClientCompression = "none,zlib@openssh.com,zlib";
const char* const kServerCompression = "none,zlib@openssh.com";

void PutU32(Bytes& out, uint32_t v) {
  out.push_back(static_cast<uint8_t>(v >> 24));
  out.push_back(static_cast<uint8_t>(v >> 16));
  out.push_back(static_cast<uint8_t>(v >> 8));
  out.push_back(static_cast<uint8_t>(v));
}

void PutString(Bytes& out, const std::string& s) {
  PutU32(out, static_cast<uint32_t>(s.size()));
  out.insert(out.end(), s.begin(), s.end());
}

void PutString(Bytes& out, const Bytes& s) {
  PutU32(out, static_cast<uint32_t>(s.size()));
  out.insert(out.end(), s.begin(), s.end());
}

Bytes RandomBytes(uint64_t seed, size_t n) {
  Bytes out;
  SplitMix64(seed).Append(out, n);
  return out;
}

// RFC 4253 §6 framing of a plaintext payload (cipher "none": block size 8, no MAC): the least
// padding >= 4 that makes 4 + 1 + payload + padding a multiple of 8, as OpenSSH sends it. Padding
// bytes are random from padding_seed, or zeros when zero_padding.
Bytes FramePlaintext(const Bytes& payload, uint64_t padding_seed, bool zero_padding = false) {
  size_t unpadded = 4 + 1 + payload.size();
  size_t padding = 8 - unpadded % 8;
  if (padding < 4) padding += 8;
  Bytes out;
  out.reserve(unpadded + padding);
  PutU32(out, static_cast<uint32_t>(1 + payload.size() + padding));
  out.push_back(static_cast<uint8_t>(padding));
  out.insert(out.end(), payload.begin(), payload.end());
  if (zero_padding) {
    out.resize(out.size() + padding, 0);
  } else {
    SplitMix64(padding_seed).Append(out, padding);
  }
  return out;
}

// Salts for DeriveSeed: one independent sub-stream per field.
enum Salt : uint64_t { kCookie = 1, kPadding, kPoint, kHostKey, kSignature };

}  // namespace

Bytes BuildSshKexInit(uint64_t seed, bool server) {
  Bytes payload;
  payload.push_back(kSshMsgKexInit);
  Bytes cookie = RandomBytes(DeriveSeed(seed, kCookie), 16);
  payload.insert(payload.end(), cookie.begin(), cookie.end());
  const char* ciphers = server ? kServerCiphers : kClientCiphers;
  const char* macs = server ? kServerMacs : kClientMacs;
  const char* compression = server ? kServerCompression : kClientCompression;
  for (const char* list : {server ? kServerKex : kClientKex, server ? kServerHostKey : kClientHostKey,
                           ciphers, ciphers, macs, macs, compression, compression, "", ""}) {
    PutString(payload, std::string(list));
  }
  payload.push_back(0);  // first_kex_packet_follows
  PutU32(payload, 0);    // reserved
  return FramePlaintext(payload, DeriveSeed(seed, kPadding));
}

Bytes BuildSshKexEcdhInit(uint64_t seed) {
  Bytes payload;
  payload.push_back(kSshMsgKexEcdhInit);
  PutString(payload, RandomBytes(DeriveSeed(seed, kPoint), kCurve25519PointLength));
  return FramePlaintext(payload, DeriveSeed(seed, kPadding));
}

Bytes BuildSshKexEcdhReply(uint64_t seed, uint64_t host_key_seed) {
  Bytes host_key;
  PutString(host_key, std::string("ssh-ed25519"));
  PutString(host_key, RandomBytes(DeriveSeed(host_key_seed, kHostKey), kEd25519KeyLength));
  Bytes signature;
  PutString(signature, std::string("ssh-ed25519"));
  PutString(signature, RandomBytes(DeriveSeed(seed, kSignature), kEd25519SignatureLength));

  Bytes payload;
  payload.push_back(kSshMsgKexEcdhReply);
  PutString(payload, host_key);
  PutString(payload, RandomBytes(DeriveSeed(seed, kPoint), kCurve25519PointLength));
  PutString(payload, signature);
  return FramePlaintext(payload, DeriveSeed(seed, kPadding));
}

Bytes BuildSshKexEcdhReply(uint64_t seed) { return BuildSshKexEcdhReply(seed, seed); }

Bytes BuildSshNewKeys() { return FramePlaintext(Bytes{kSshMsgNewKeys}, 0, true); }

size_t SshEncryptedPacketSize(size_t length) {
  return 4 + RoundSshPacketLength(length) + kSshEncryptedMacLength;
}

Bytes BuildSshEncryptedPacket(size_t length, uint64_t seed) {
  size_t encrypted = RoundSshPacketLength(length);
  Bytes out;
  out.reserve(4 + encrypted + kSshEncryptedMacLength);
  PutU32(out, static_cast<uint32_t>(encrypted));
  SplitMix64(seed).Append(out, encrypted + kSshEncryptedMacLength);
  return out;
}

size_t SshFramedPacketSize(const uint8_t* bytes, size_t size, size_t mac_length) {
  if (size < 4) return 0;
  uint32_t length = (uint32_t(bytes[0]) << 24) | (uint32_t(bytes[1]) << 16) |
                    (uint32_t(bytes[2]) << 8) | bytes[3];
  if (size - 4 < size_t(length) + mac_length) return 0;
  return 4 + size_t(length) + mac_length;
}

uint8_t SshPacketMessageType(const uint8_t* packet) { return packet[5]; }

}  // namespace ntlab::payload
