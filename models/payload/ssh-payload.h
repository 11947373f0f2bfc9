#ifndef NTLAB_TRAFFIC_GEN_PAYLOAD_SSH_PAYLOAD_H
#define NTLAB_TRAFFIC_GEN_PAYLOAD_SSH_PAYLOAD_H

// SSH wire pieces for simulated sessions: the identification banner, the plaintext key exchange
// as OpenSSH performs it (KEXINIT, curve25519 ECDH_INIT / ECDH_REPLY with an ssh-ed25519 host
// key, NEWKEYS), and "encrypted" binary packets whose content is seeded random bytes (what the
// session looks like to a dissector after NEWKEYS).
//
// A session on the wire, as SshClientApplication and InboundServerApplication produce it:
//   C: banner            S: banner
//   C: KEXINIT           S: KEXINIT
//   C: KEX_ECDH_INIT     S: KEX_ECDH_REPLY + NEWKEYS
//   C: NEWKEYS, then encrypted packets, each answered by one encrypted packet
//      (BuildSshEncryptedPacket, framed with SshFramedPacketSize(..., kSshEncryptedMacLength)).
// Every plaintext packet is fully RFC 4253 §6 framed (padding_length, 4..255 bytes of padding,
// 4 + packet_length a multiple of 8, no MAC before NEWKEYS), so a dissector decodes it cleanly.

#include "models/payload/bytes.h"

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

// SSH message numbers used below (RFC 4250 §4.1.2, RFC 5656 §7.1).
constexpr uint8_t kSshMsgKexInit = 20;
constexpr uint8_t kSshMsgNewKeys = 21;
constexpr uint8_t kSshMsgKexEcdhInit = 30;
constexpr uint8_t kSshMsgKexEcdhReply = 31;

// SSH_MSG_KEXINIT (RFC 4253 §7.1) in a plaintext binary packet: a 16-byte random cookie, the ten
// name-lists of a client (server = false: curve25519-sha256, ssh-ed25519, aes128-ctr first, then
// chacha20-poly1305@openssh.com..., hmac-sha2-256-etm@openssh.com..., none) or of OpenSSH's sshd
// (server = true, its default lists), first_kex_packet_follows = FALSE and the reserved uint32 0.
// Negotiated (client preference): curve25519-sha256 / ssh-ed25519 / aes128-ctr /
// hmac-sha2-256-etm@openssh.com / none. Cookie and padding come from seed.
Bytes BuildSshKexInit(uint64_t seed, bool server);

// SSH_MSG_KEX_ECDH_INIT (RFC 5656 §4, curve25519 per RFC 8731): string Q_C, 32 random bytes.
Bytes BuildSshKexEcdhInit(uint64_t seed);

// SSH_MSG_KEX_ECDH_REPLY: string K_S (an ssh-ed25519 public key blob, RFC 8709), string Q_S (32
// bytes), string signature (an ssh-ed25519 signature blob with 64 bytes). The host key is drawn
// from host_key_seed, so a server that passes the same value in every session keeps one host key;
// Q_S, signature and padding come from seed.
Bytes BuildSshKexEcdhReply(uint64_t seed, uint64_t host_key_seed);
// Same, with the host key also derived from seed (a fresh key per call).
Bytes BuildSshKexEcdhReply(uint64_t seed);

// SSH_MSG_NEWKEYS: the 16-byte packet OpenSSH sends (padding is zeros: it carries no entropy
// worth simulating and keeps the message byte-identical between sessions, as NEWKEYS nearly is).
Bytes BuildSshNewKeys();

// MAC bytes after each packet once NEWKEYS is in effect (hmac-sha2-256-etm@openssh.com).
constexpr size_t kSshEncryptedMacLength = 32;

// A packet after NEWKEYS, as aes128-ctr with hmac-sha2-256-etm@openssh.com puts it on the wire
// (the clear length also keeps dissectors framing correctly: tshark 4.0 tries to decrypt
// chacha20-poly1305 without keys and then trusts a garbage length now and then):
// uint32 packet_length in clear (encrypt-then-MAC leaves it unencrypted, so our simulated peers
// frame on it and so does a dissector), then packet_length random bytes standing for the encrypted
// padding_length/payload/padding (RoundSshPacketLength(length): a multiple of the AES block, at
// least 32), then kSshEncryptedMacLength random MAC bytes. Exactly SshEncryptedPacketSize(length)
// bytes on the wire.
Bytes BuildSshEncryptedPacket(size_t length, uint64_t seed);

// 4 + RoundSshPacketLength(length) + kSshEncryptedMacLength: at least 68.
size_t SshEncryptedPacketSize(size_t length);

// If bytes[0..size) starts with one complete length-framed packet (uint32 packet_length, that
// many bytes, then mac_length MAC bytes: 0 before NEWKEYS, kSshEncryptedMacLength after), its total
// size; otherwise 0.
size_t SshFramedPacketSize(const uint8_t* bytes, size_t size, size_t mac_length = 0);
// The message number of a complete plaintext binary packet of at least 6 bytes (the byte after
// padding_length).
uint8_t SshPacketMessageType(const uint8_t* packet);

}  // namespace ntlab::payload

#endif
