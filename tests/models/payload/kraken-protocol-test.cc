#include "models/payload/kraken-protocol.h"
#include "models/payload/split-mix64.h"

#include <catch2/catch.hpp>

#include <set>
#include <vector>

using namespace ntlab::payload;

TEST_CASE("Kraken 447 messages round-trip and show only the type byte", "[analysis][kraken]") {
  KrakenMessage m{KrakenType::Register, 0xdeadbeef, KrakenRegistrationBody(316, true, 180, 7)};
  Bytes wire = EncodeKrakenMessage(m, kKrakenDefaultKey);
  REQUIRE(wire.size() == kKrakenHeaderLength + 180);
  CHECK(wire[0] == 0x01);
  CHECK(wire[1] == 0x00);
  CHECK((wire[2] << 8 | wire[3]) == 180);
  // Encrypted: the plain module version is not on the wire.
  CHECK(!(wire[8] == 0x01 && wire[9] == 0x3c));
  auto back = DecodeKrakenMessage(wire.data(), wire.size(), kKrakenDefaultKey);
  REQUIRE(back);
  CHECK(back->type == KrakenType::Register);
  CHECK(back->bot_id == 0xdeadbeef);
  CHECK(back->body == m.body);
  CHECK(KrakenRegistrationModule(back->body) == 316);
  // Length mismatch, unknown type, short input: not a Kraken message.
  CHECK_FALSE(DecodeKrakenMessage(wire.data(), wire.size() - 1, kKrakenDefaultKey));
  Bytes bad = wire;
  bad[0] = 0x05;
  CHECK_FALSE(DecodeKrakenMessage(bad.data(), bad.size(), kKrakenDefaultKey));
  CHECK_FALSE(DecodeKrakenMessage(wire.data(), 4, kKrakenDefaultKey));
}

TEST_CASE("Kraken IP lists, host info and module offers round-trip", "[analysis][kraken]") {
  std::vector<KrakenPeer> peers{{0x0a000001, 447}, {0x0a000002, 447}, {0xc0a80101, 4470}};
  Bytes list = EncodeKrakenIpList(peers);
  CHECK(list.size() == 1 + 6 * 3);
  auto decoded = DecodeKrakenIpList(list);
  REQUIRE(decoded);
  CHECK(*decoded == peers);
  auto empty = DecodeKrakenIpList(EncodeKrakenIpList({}));
  REQUIRE(empty);
  CHECK(empty->empty());
  CHECK_FALSE(DecodeKrakenIpList(Bytes{2, 1, 2, 3}));

  std::map<std::string, std::string> info{{"ver", "316"}, {"os", "5.1.2600"}, {"lang", "1033"}};
  KrakenMessage m{KrakenType::HostInfo, 42, EncodeKrakenFields(info)};
  Bytes wire = EncodeKrakenMessage(m, 99);
  auto back = DecodeKrakenMessage(wire.data(), wire.size(), 99);
  REQUIRE(back);
  CHECK(DecodeKrakenFields(back->body) == info);
  // The wrong key decrypts to garbage, not to the fields.
  auto wrong = DecodeKrakenMessage(wire.data(), wire.size(), 98);
  REQUIRE(wrong);
  CHECK(DecodeKrakenFields(wrong->body) != info);

  KrakenModuleOffer offer{317, 150000, 0x0a000009};
  auto o = DecodeKrakenModuleOffer(EncodeKrakenModuleOffer(offer));
  REQUIRE(o);
  CHECK(o->version == 317);
  CHECK(o->size == 150000);
  CHECK(o->herder == 0x0a000009);
  CHECK_FALSE(DecodeKrakenModuleOffer({}));

  Bytes framed = FrameKrakenBlob(Bytes(1000, 0xab));
  CHECK(KrakenBlobFrameLength(framed.data(), 3) == std::nullopt);
  CHECK(KrakenBlobFrameLength(framed.data(), framed.size()) == framed.size());
}

TEST_CASE("Kraken sealed messages round-trip and show no plaintext field", "[analysis][kraken]") {
  // 200 registrations of one bot, the same plain header each time: sealed, no byte offset may stay
  // constant, no byte may carry a known type with zero flags, and no 16-bit word at offsets 0-6
  // may equal the length the plain header would carry. A header in clear fails all three.
  SplitMix64 nonces(5);
  std::vector<Bytes> wires;
  for (int i = 0; i < 200; ++i) {
    KrakenMessage m{KrakenType::Register, 4242, KrakenRegistrationBody(316, true, 150, 7)};
    auto nonce = static_cast<uint32_t>(nonces.Next());
    Bytes wire = EncodeKrakenWire(m, kKrakenDefaultKey, KrakenWire::Sealed, nonce);
    REQUIRE(wire.size() == kKrakenNonceLength + kKrakenHeaderLength + 150);
    auto back = DecodeKrakenWire(wire.data(), wire.size(), kKrakenDefaultKey, KrakenWire::Sealed);
    REQUIRE(back);
    CHECK(back->type == KrakenType::Register);
    CHECK(back->bot_id == 4242);
    CHECK(back->body == m.body);
    CHECK(KrakenRequestLength(wire.data(), wire.size(), kKrakenDefaultKey, KrakenWire::Sealed) == wire.size());
    CHECK_FALSE(DecodeKrakenMessage(wire.data(), wire.size(), kKrakenDefaultKey));
    wires.push_back(std::move(wire));
  }
  std::size_t typedLooking = 0, lengthLooking = 0;
  for (std::size_t offset = 0; offset < 16; ++offset) {
    std::set<uint8_t> values;
    for (const auto& w : wires) values.insert(w[offset]);
    INFO("offset " << offset);
    CHECK(values.size() > 50);  // 200 draws of a uniform byte give about 140 distinct values
  }
  for (const auto& w : wires) {
    for (std::size_t offset = 0; offset + 1 < 8; ++offset) {
      bool known = w[offset] == 0x01 || w[offset] == 0x02 || w[offset] == 0x03 || w[offset] == 0x08;
      typedLooking += known && w[offset + 1] == 0 ? 1 : 0;
      lengthLooking += (std::size_t(w[offset]) << 8 | w[offset + 1]) == 150 ? 1 : 0;
    }
  }
  CHECK(typedLooking < 20);  // chance: 200 x 7 x 4/65536, about 0.1
  CHECK(lengthLooking < 5);  // chance: 200 x 7 / 65536, about 0.02
  // A blob frame sealed the same way: no clear length either.
  Bytes blob(1000, 0x42);
  Bytes frame = FrameKrakenBlobWire(blob, kKrakenDefaultKey, KrakenWire::Sealed, 99);
  CHECK(KrakenBlobFrameLengthWire(frame.data(), 8, kKrakenDefaultKey, KrakenWire::Sealed) == frame.size());
  CHECK(KrakenBlobOfFrame(frame.data(), frame.size(), kKrakenDefaultKey, KrakenWire::Sealed) == blob);
  CHECK(KrakenBlobFrameLength(frame.data(), frame.size()) != frame.size());
}
