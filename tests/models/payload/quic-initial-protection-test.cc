#include "models/payload/quic-initial-protection.h"

#include "tests/models/payload/quic-rfc-vectors.h"

#include <catch2/catch.hpp>

using namespace ntlab::payload;
using ntlab::fixtures::FromHex;
using ntlab::fixtures::kRfcDcid;
using ntlab::fixtures::QuicVector;
using ntlab::fixtures::RfcCryptoFrame;

namespace {

template <std::size_t N>
std::vector<std::uint8_t> Vec(const std::array<std::uint8_t, N>& a) {
  return {a.begin(), a.end()};
}

// A.2's unprotected payload: the CRYPTO frame, then PADDING to 1162 bytes.
Bytes RfcPlaintext() {
  Bytes plaintext = RfcCryptoFrame();
  plaintext.resize(1162, 0);
  return plaintext;
}

}  // namespace

TEST_CASE("QUIC v1 client Initial keys are RFC 9001 appendix A.1's", "[analysis][payload][quic]") {
  std::array<std::uint8_t, 32> secret{};
  auto keys = DeriveQuicClientInitialKeys(1, kRfcDcid.data(), kRfcDcid.size(), &secret);
  CHECK(Vec(secret) == FromHex("c00cf151ca5be075ed0ebfb5c80323c42d6b7db67881289af4008f1f6c357aea"));
  CHECK(Vec(keys.key) == FromHex("1f369613dd76d5467730efcbe3b1a22d"));
  CHECK(Vec(keys.iv) == FromHex("fa044b2f42a3fd3b46fb255c"));
  CHECK(Vec(keys.hp) == FromHex("9f50449e04a0e810283a1e9933adedd2"));
}

TEST_CASE("QUIC v2 client Initial keys are RFC 9369 appendix A.1's", "[analysis][payload][quic]") {
  std::array<std::uint8_t, 32> secret{};
  auto keys = DeriveQuicClientInitialKeys(kQuicVersion2, kRfcDcid.data(), kRfcDcid.size(), &secret);
  CHECK(Vec(secret) == FromHex("14ec9d6eb9fd7af83bf5a668bc17a7e283766aade7ecd0891f70f9ff7f4bf47b"));
  CHECK(Vec(keys.key) == FromHex("8b1a0bc121284290a29e0971b5cd045d"));
  CHECK(Vec(keys.iv) == FromHex("91f73e2351d8fa91660e909f"));
  CHECK(Vec(keys.hp) == FromHex("45b95e15235d6f45a6b19cbcb0294ba9"));
}

TEST_CASE("protecting appendix A.2's payload gives the published packet, v1 and v2", "[analysis][payload][quic]") {
  struct Case {
    std::uint32_t version;
    const char* header;
    const char* file;
  };
  for (const Case& c : {Case{1, "c300000001088394c8f03e5157080000449e00000002", "rfc9001-client-initial"},
                        Case{kQuicVersion2, "d36b3343cf088394c8f03e5157080000449e00000002", "rfc9369-client-initial"}}) {
    auto keys = DeriveQuicClientInitialKeys(c.version, kRfcDcid.data(), kRfcDcid.size());
    Bytes packet = ProtectQuicInitial(keys, FromHex(c.header), 4, 2, RfcPlaintext());
    CHECK(packet == QuicVector(c.file));
  }
}

TEST_CASE("removing the protection of appendix A.2's packet gives its payload back", "[analysis][payload][quic]") {
  const Bytes packet = QuicVector("rfc9001-client-initial");
  auto keys = DeriveQuicClientInitialKeys(1, kRfcDcid.data(), kRfcDcid.size());
  constexpr std::size_t kPnOffset = 18;  // 1 + 4 + 1 + 8 + 1 + 0 + 1 (token length) + 2 (Length)
  auto plain = UnprotectQuicInitial(keys, packet.data(), packet.size(), kPnOffset, -1);
  REQUIRE(plain.ok);
  CHECK(plain.packet_number == 2);
  CHECK(plain.plaintext == RfcPlaintext());

  SECTION("one flipped ciphertext bit fails authentication") {
    Bytes tampered = packet;
    tampered[600] ^= 0x01;
    auto bad = UnprotectQuicInitial(keys, tampered.data(), tampered.size(), kPnOffset, -1);
    CHECK_FALSE(bad.ok);
    CHECK(bad.problem == "payload does not authenticate with the Initial keys");
  }
  SECTION("the v2 keys do not open a v1 packet") {
    auto v2 = DeriveQuicClientInitialKeys(kQuicVersion2, kRfcDcid.data(), kRfcDcid.size());
    CHECK_FALSE(UnprotectQuicInitial(v2, packet.data(), packet.size(), kPnOffset, -1).ok);
  }
  SECTION("a packet too short to sample is refused, not read past") {
    auto shortPacket = UnprotectQuicInitial(keys, packet.data(), 30, kPnOffset, -1);
    CHECK_FALSE(shortPacket.ok);
    CHECK(shortPacket.problem.find("too short") != std::string::npos);
  }
}
