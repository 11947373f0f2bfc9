#include "analyzers/messengers/socks-handshake.h"

#include <algorithm>

namespace ntlab {
namespace {

constexpr std::size_t kMaxSocks4Field = 255;  // user id or 4a host name: real clients send a few bytes

std::uint16_t Port(const std::uint8_t* p) { return std::uint16_t(p[0] << 8 | p[1]); }
Ipv4 Address(const std::uint8_t* p) { return Ipv4(p[0]) << 24 | Ipv4(p[1]) << 16 | Ipv4(p[2]) << 8 | p[3]; }

SocksClientPrefix Broken(const char* reason) {
  SocksClientPrefix r;
  r.status = SocksStatus::Broken;
  r.reason = reason;
  return r;
}

SocksClientPrefix NeedMore() {
  SocksClientPrefix r;
  r.status = SocksStatus::NeedMore;
  return r;
}

// A NUL-terminated field starting at `at`: its end (one past the NUL), 0 when not complete yet,
// or nullopt when it runs past the limit.
std::optional<std::size_t> NulTerminated(const std::uint8_t* data, std::size_t size, std::size_t at) {
  const std::size_t limit = std::min(size, at + kMaxSocks4Field + 1);
  const std::uint8_t* nul = std::find(data + at, data + limit, std::uint8_t(0));
  if (nul != data + limit) return std::size_t(nul - data) + 1;
  return limit == size ? std::optional<std::size_t>(0) : std::nullopt;
}

std::string Target(const std::string& host, std::uint16_t port) { return host + ":" + std::to_string(port); }

// 04 CMD PORT(2) IP(4) USERID NUL [HOST NUL when IP is 0.0.0.x, x != 0: SOCKS4a].
SocksClientPrefix ParseSocks4(const std::uint8_t* data, std::size_t size) {
  if (size < 9) return NeedMore();
  std::optional<std::size_t> end = NulTerminated(data, size, 8);
  if (!end) return Broken("SOCKS4 user id runs long");
  if (*end == 0) return NeedMore();
  SocksClientPrefix r;
  r.version = 4;
  const Ipv4 ip = Address(data + 4);
  const std::uint16_t port = Port(data + 2);
  if (ip != 0 && ip < 256) {
    std::optional<std::size_t> hostEnd = NulTerminated(data, size, *end);
    if (!hostEnd) return Broken("SOCKS4a host name runs long");
    if (*hostEnd == 0) return NeedMore();
    r.target = Target(std::string(reinterpret_cast<const char*>(data) + *end, *hostEnd - *end - 1), port);
    end = hostEnd;
  } else {
    r.target = Target(FormatIpv4(ip), port);
    r.target_ipv4 = Endpoint{ip, port};
  }
  r.status = SocksStatus::Complete;
  r.length = *end;
  return r;
}

// The address of a SOCKS5 request or reply at `at` (ATYP first): its length with the port, 0
// when not complete, nullopt for an unknown address type.
std::optional<std::size_t> Socks5AddressLength(const std::uint8_t* data, std::size_t size, std::size_t at) {
  if (size <= at) return 0;
  switch (data[at]) {
    case 1: return 1 + 4 + 2;
    case 4: return 1 + 16 + 2;
    case 3: return size <= at + 1 ? 0 : 1 + 1 + std::size_t(data[at + 1]) + 2;
    default: return std::nullopt;
  }
}

std::string Socks5Host(const std::uint8_t* a) {
  if (a[0] == 1) return FormatIpv4(Address(a + 1));
  if (a[0] == 3) return std::string(reinterpret_cast<const char*>(a) + 2, a[1]);
  static const char* kHex = "0123456789abcdef";
  std::string out = "[";
  for (int i = 0; i < 16; ++i) out += std::string(i > 0 && i % 2 == 0 ? ":" : "") + kHex[a[1 + i] >> 4] + kHex[a[1 + i] & 15];
  return out + "]";
}

// 05 NMETHODS METHODS..., optionally 01 ULEN USER PLEN PASS, then 05 CMD 00 ATYP ADDR PORT.
SocksClientPrefix ParseSocks5(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return NeedMore();
  std::size_t at = 2 + std::size_t(data[1]);
  if (data[1] == 0) return Broken("SOCKS5 greeting offers no method");
  if (size <= at) return NeedMore();
  if (data[at] == 1) {  // username/password (RFC 1929)
    if (size < at + 2) return NeedMore();
    const std::size_t passLengthAt = at + 2 + data[at + 1];
    if (size <= passLengthAt) return NeedMore();
    at = passLengthAt + 1 + data[passLengthAt];
    if (size <= at) return NeedMore();
  }
  if (data[at] != 5) return Broken("SOCKS5 greeting not followed by a request");
  if (size < at + 4) return NeedMore();
  if (data[at + 1] < 1 || data[at + 1] > 3 || data[at + 2] != 0) return Broken("SOCKS5 request with a bad command");
  std::optional<std::size_t> address = Socks5AddressLength(data, size, at + 3);
  if (!address) return Broken("SOCKS5 request with an unknown address type");
  if (*address == 0 || size < at + 3 + *address) return NeedMore();
  const std::uint8_t* a = data + at + 3;
  SocksClientPrefix r;
  r.status = SocksStatus::Complete;
  r.version = 5;
  r.length = at + 3 + *address;
  const std::uint16_t port = Port(a + *address - 2);
  r.target = Target(Socks5Host(a), port);
  if (a[0] == 1) r.target_ipv4 = Endpoint{Address(a + 1), port};
  return r;
}

SocksServerPrefix ServerBroken(const char* reason) {
  SocksServerPrefix r;
  r.status = SocksStatus::Broken;
  r.reason = reason;
  return r;
}

SocksServerPrefix Replied(std::size_t length, bool granted) {
  SocksServerPrefix r;
  r.status = SocksStatus::Complete;
  r.length = length;
  r.granted = granted;
  return r;
}

// 05 METHOD, [01 STATUS after username/password], 05 REP 00 ATYP ADDR PORT.
SocksServerPrefix ParseSocks5Replies(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return {};
  if (data[0] != 5) return ServerBroken("not a SOCKS5 method selection");
  if (data[1] == 0xff) return Replied(2, false);
  std::size_t at = 2;
  if (data[1] == 2) {
    if (size < 4) return {};
    if (data[3] != 0) return Replied(4, false);
    at = 4;
  }
  if (size < at + 4) return {};
  if (data[at] != 5) return ServerBroken("not a SOCKS5 reply");
  std::optional<std::size_t> address = Socks5AddressLength(data, size, at + 3);
  if (!address) return ServerBroken("SOCKS5 reply with an unknown address type");
  if (*address == 0 || size < at + 3 + *address) return {};
  return Replied(at + 3 + *address, data[at + 1] == 0);
}

}  // namespace

SocksClientPrefix ParseSocksClientPrefix(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return NeedMore();
  // The second byte tells SOCKS from other binary openings (MSN's direct hello is 04 00 ...).
  if (data[0] == 4) return size < 2 ? NeedMore() : (data[1] == 1 || data[1] == 2) ? ParseSocks4(data, size) : SocksClientPrefix{};
  if (data[0] == 5) return size < 2 ? NeedMore() : data[1] <= 16 ? ParseSocks5(data, size) : SocksClientPrefix{};
  return {};
}

SocksServerPrefix ParseSocksServerPrefix(int version, const std::uint8_t* data, std::size_t size) {
  if (version == 5) return ParseSocks5Replies(data, size);
  if (size < 8) return {};
  if (data[0] != 0) return ServerBroken("not a SOCKS4 reply");
  return Replied(8, data[1] == 0x5a);
}

}  // namespace ntlab
