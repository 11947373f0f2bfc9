#include "models/payload/ssh-payload.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace ntlab::payload;

TEST_CASE("SSH banner and binary packet framing", "[analysis][payload][ssh]") {
  Bytes banner = BuildSshBanner("OpenSSH_for_Windows_8.1");
  CHECK(std::string(banner.begin(), banner.end()) == "SSH-2.0-OpenSSH_for_Windows_8.1\r\n");

  for (size_t want : {size_t(1), size_t(36), size_t(100), size_t(1500), size_t(32768)}) {
    Bytes p = BuildSshBinaryPacket(want, want * 7);
    CHECK(p.size() == RoundSshPacketLength(want));
    CHECK(p.size() >= want);
    CHECK(p.size() % 16 == 0);
    uint32_t packet_length = (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) |
                             (uint32_t(p[2]) << 8) | p[3];
    CHECK(packet_length + 4 == p.size());
    CHECK(p[4] >= 4);
    CHECK(p[4] < packet_length);
  }
  CHECK(BuildSshBinaryPacket(200, 1) == BuildSshBinaryPacket(200, 1));
  CHECK(BuildSshBinaryPacket(200, 1) != BuildSshBinaryPacket(200, 2));
}

namespace {

uint32_t U32(const Bytes& b, size_t at) {
  return (uint32_t(b[at]) << 24) | (uint32_t(b[at + 1]) << 16) | (uint32_t(b[at + 2]) << 8) |
         b[at + 3];
}

// Checks RFC 4253 §6 plaintext framing and returns the payload (message number first).
Bytes PlaintextPayload(const Bytes& p) {
  REQUIRE(p.size() >= 16);
  CHECK(p.size() % 8 == 0);
  CHECK(U32(p, 0) + 4 == p.size());
  CHECK(SshFramedPacketSize(p.data(), p.size()) == p.size());
  CHECK(SshFramedPacketSize(p.data(), p.size() - 1) == 0);
  uint8_t padding = p[4];
  CHECK(padding >= 4);
  REQUIRE(size_t(padding) + 5 < p.size());
  return Bytes(p.begin() + 5, p.end() - padding);
}

// Reads an SSH string at `at`, advancing it.
Bytes ReadString(const Bytes& payload, size_t& at) {
  REQUIRE(at + 4 <= payload.size());
  uint32_t n = U32(payload, at);
  REQUIRE(at + 4 + n <= payload.size());
  Bytes out(payload.begin() + at + 4, payload.begin() + at + 4 + n);
  at += 4 + n;
  return out;
}

std::string Str(const Bytes& b) { return std::string(b.begin(), b.end()); }

}  // namespace

TEST_CASE("SSH KEXINIT carries a cookie and OpenSSH name-lists", "[analysis][payload][ssh]") {
  for (bool server : {false, true}) {
    Bytes p = BuildSshKexInit(5, server);
    CHECK(SshPacketMessageType(p.data()) == kSshMsgKexInit);
    Bytes payload = PlaintextPayload(p);
    REQUIRE(payload.size() > 17);
    CHECK(payload[0] == 20);
    size_t at = 17;  // message number + 16-byte cookie
    std::vector<std::string> lists;
    for (int i = 0; i < 10; ++i) lists.push_back(Str(ReadString(payload, at)));
    CHECK(lists[0].rfind("curve25519-sha256,", 0) == 0);
    CHECK(lists[1].find("ssh-ed25519") != std::string::npos);
    CHECK(lists[2].rfind(server ? "chacha20-poly1305@openssh.com," : "aes128-ctr,", 0) == 0);
    CHECK(lists[2].find("aes128-ctr") != std::string::npos);
    CHECK(lists[2].find("chacha20-poly1305@openssh.com") != std::string::npos);
    CHECK(lists[3] == lists[2]);
    CHECK(lists[4].find("hmac-sha2-256-etm@openssh.com") != std::string::npos);
    CHECK(lists[4].find("hmac-sha2-256,") != std::string::npos);
    CHECK(lists[5] == lists[4]);
    CHECK(lists[6].rfind("none", 0) == 0);
    CHECK(lists[8].empty());
    CHECK(lists[9].empty());
    CHECK((lists[0].find("ext-info-c") != std::string::npos) == !server);
    REQUIRE(at + 5 == payload.size());
    CHECK(payload[at] == 0);       // first_kex_packet_follows
    CHECK(U32(payload, at + 1) == 0);  // reserved
  }
  CHECK(BuildSshKexInit(5, false) == BuildSshKexInit(5, false));
  // A different seed changes the cookie (and padding), nothing else.
  Bytes a = BuildSshKexInit(5, false), b = BuildSshKexInit(6, false);
  CHECK(a != b);
  CHECK(a.size() == b.size());
  CHECK(Bytes(a.begin() + 22, a.end() - a[4]) == Bytes(b.begin() + 22, b.end() - b[4]));
}

TEST_CASE("SSH curve25519 key exchange messages and NEWKEYS", "[analysis][payload][ssh]") {
  Bytes init = BuildSshKexEcdhInit(9);
  CHECK(SshPacketMessageType(init.data()) == kSshMsgKexEcdhInit);
  Bytes payload = PlaintextPayload(init);
  size_t at = 1;
  CHECK(ReadString(payload, at).size() == 32);  // Q_C
  CHECK(at == payload.size());
  CHECK(init == BuildSshKexEcdhInit(9));
  CHECK(init != BuildSshKexEcdhInit(10));

  Bytes reply = BuildSshKexEcdhReply(9, 1234);
  CHECK(SshPacketMessageType(reply.data()) == kSshMsgKexEcdhReply);
  payload = PlaintextPayload(reply);
  at = 1;
  Bytes hostKey = ReadString(payload, at);
  CHECK(ReadString(payload, at).size() == 32);  // Q_S
  Bytes signature = ReadString(payload, at);
  CHECK(at == payload.size());
  size_t k = 0;
  CHECK(Str(ReadString(hostKey, k)) == "ssh-ed25519");
  CHECK(ReadString(hostKey, k).size() == 32);
  CHECK(k == hostKey.size());
  k = 0;
  CHECK(Str(ReadString(signature, k)) == "ssh-ed25519");
  CHECK(ReadString(signature, k).size() == 64);
  CHECK(k == signature.size());
  // Same host key seed, same host key blob in another session.
  Bytes other = PlaintextPayload(BuildSshKexEcdhReply(10, 1234));
  size_t o = 1;
  CHECK(ReadString(other, o) == hostKey);
  CHECK(other != payload);
  CHECK(BuildSshKexEcdhReply(9) == BuildSshKexEcdhReply(9));

  Bytes newKeys = BuildSshNewKeys();
  CHECK(newKeys.size() == 16);
  CHECK(SshPacketMessageType(newKeys.data()) == kSshMsgNewKeys);
  CHECK(PlaintextPayload(newKeys) == Bytes{21});
}

TEST_CASE("SSH encrypted packets frame on a clear length", "[analysis][payload][ssh]") {
  for (size_t want : {size_t(1), size_t(36), size_t(100), size_t(1500)}) {
    Bytes p = BuildSshEncryptedPacket(want, want * 3);
    CHECK(p.size() == SshEncryptedPacketSize(want));
    CHECK(p.size() == 4 + RoundSshPacketLength(want) + kSshEncryptedMacLength);
    CHECK(U32(p, 0) == RoundSshPacketLength(want));  // encrypt-then-MAC: clear length, AES blocks
    CHECK(SshFramedPacketSize(p.data(), p.size(), kSshEncryptedMacLength) == p.size());
    CHECK(SshFramedPacketSize(p.data(), p.size() - 1, kSshEncryptedMacLength) == 0);
  }
  // Back to back, they frame one by one.
  Bytes two = BuildSshEncryptedPacket(40, 1);
  Bytes second = BuildSshEncryptedPacket(300, 2);
  two.insert(two.end(), second.begin(), second.end());
  size_t first = SshFramedPacketSize(two.data(), two.size(), kSshEncryptedMacLength);
  CHECK(first == SshEncryptedPacketSize(40));
  CHECK(SshFramedPacketSize(two.data() + first, two.size() - first, kSshEncryptedMacLength) ==
        second.size());
  CHECK(BuildSshEncryptedPacket(200, 1) == BuildSshEncryptedPacket(200, 1));
  CHECK(BuildSshEncryptedPacket(200, 1) != BuildSshEncryptedPacket(200, 2));
  uint8_t partial[3] = {0, 0, 0};
  CHECK(SshFramedPacketSize(partial, 3) == 0);
}
