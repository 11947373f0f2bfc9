#include "models/payload/kraken-protocol.h"

#include <catch2/catch.hpp>

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
