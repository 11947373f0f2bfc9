#include "analyzers/messengers/socks-handshake.h"

#include <catch2/catch.hpp>

#include <vector>

using namespace ntlab;

namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes Cat(Bytes a, const std::string& text) {
  a.insert(a.end(), text.begin(), text.end());
  return a;
}

}  // namespace

TEST_CASE("socks handshake: a SOCKS4 request names its IPv4 target, the 8-byte reply grants it",
          "[analysis][messengers][socks]") {
  const Bytes request = Cat({4, 1, 0x07, 0x47, 64, 4, 9, 254}, std::string("user\0VER 1 MSNP8\r\n", 18));
  for (std::size_t cut = 0; cut < 13; ++cut)  // the request split anywhere before its NUL waits
    CHECK(ParseSocksClientPrefix(request.data(), cut).status == SocksStatus::NeedMore);
  const SocksClientPrefix c = ParseSocksClientPrefix(request.data(), request.size());
  REQUIRE(c.status == SocksStatus::Complete);
  CHECK(c.version == 4);
  CHECK(c.length == 13);
  CHECK(c.target == "64.4.9.254:1863");
  REQUIRE(c.target_ipv4);
  CHECK(c.target_ipv4->port == 1863);
  const Bytes granted = {0, 0x5a, 0, 0, 0, 0, 0, 0}, refused = {0, 0x5b, 0, 0, 0, 0, 0, 0};
  CHECK(ParseSocksServerPrefix(4, granted.data(), 7).status == SocksStatus::NeedMore);
  CHECK(ParseSocksServerPrefix(4, granted.data(), 8).granted);
  CHECK_FALSE(ParseSocksServerPrefix(4, refused.data(), 8).granted);
  CHECK(ParseSocksServerPrefix(4, request.data(), 8).status == SocksStatus::Broken);
}

TEST_CASE("socks handshake: SOCKS4a carries a host name, SOCKS5 a greeting, a password and a domain",
          "[analysis][messengers][socks]") {
  const Bytes s4a = Cat({4, 1, 0x13, 0x8c, 0, 0, 0, 1}, std::string("\0dpl.nate.com\0", 14));
  const SocksClientPrefix a = ParseSocksClientPrefix(s4a.data(), s4a.size());
  REQUIRE(a.status == SocksStatus::Complete);
  CHECK(a.target == "dpl.nate.com:5004");
  CHECK_FALSE(a.target_ipv4);
  const Bytes s5 = Cat({5, 2, 0, 2, 1, 1, 'u', 1, 'p', 5, 1, 0, 3, 12}, "dpl.nate.com\x13\x8c");
  const SocksClientPrefix five = ParseSocksClientPrefix(s5.data(), s5.size());
  REQUIRE(five.status == SocksStatus::Complete);
  CHECK(five.version == 5);
  CHECK(five.length == s5.size());
  CHECK(five.target == "dpl.nate.com:5004");
  CHECK(ParseSocksClientPrefix(s5.data(), 4).status == SocksStatus::NeedMore);  // the greeting alone
  const Bytes replies = {5, 2, 1, 0, 5, 0, 0, 1, 10, 0, 0, 9, 0x13, 0x8c};
  CHECK(ParseSocksServerPrefix(5, replies.data(), 2).status == SocksStatus::NeedMore);
  const SocksServerPrefix r = ParseSocksServerPrefix(5, replies.data(), replies.size());
  CHECK(r.status == SocksStatus::Complete);
  CHECK(r.length == replies.size());
  CHECK(r.granted);
  const Bytes noMethod = {5, 0xff};
  CHECK_FALSE(ParseSocksServerPrefix(5, noMethod.data(), 2).granted);
}

TEST_CASE("socks handshake: MSN's direct hello, text and broken requests are told apart",
          "[analysis][messengers][socks]") {
  const Bytes hello = {4, 0, 0, 0, 'f', 'o', 'o', 0};
  CHECK(ParseSocksClientPrefix(hello.data(), hello.size()).status == SocksStatus::NotSocks);
  const Bytes text = Cat({}, "VER 1 MSNP8\r\n");
  CHECK(ParseSocksClientPrefix(text.data(), text.size()).status == SocksStatus::NotSocks);
  Bytes longUser = {4, 1, 0, 80, 1, 2, 3, 4};
  longUser.resize(300, 'x');
  CHECK(std::string(ParseSocksClientPrefix(longUser.data(), longUser.size()).reason) == "SOCKS4 user id runs long");
  const Bytes badType = {5, 1, 0, 5, 1, 0, 9, 0, 0};
  CHECK(ParseSocksClientPrefix(badType.data(), badType.size()).status == SocksStatus::Broken);
  const Bytes notRequest = {5, 1, 0, 'V', 'E', 'R'};
  CHECK(ParseSocksClientPrefix(notRequest.data(), notRequest.size()).status == SocksStatus::Broken);
}
