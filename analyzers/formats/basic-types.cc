#include "analyzers/formats/basic-types.h"

#include <arpa/inet.h>

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace ntlab {

// FormatTs and FormatIpv4 write their digits directly: snprintf's format parsing made them a
// twentieth of a labelling run (four calls per labels.csv row). Same text as "%lld.%06lld".
std::string FormatTs(TimeUs ts) {
  char buf[32];
  char* out = buf;
  if (ts < 0) *out++ = '-';
  const std::uint64_t a = ts < 0 ? 0 - std::uint64_t(ts) : std::uint64_t(ts);  // no overflow at the minimum
  out = std::to_chars(out, buf + sizeof buf, a / kUsPerSecond).ptr;
  *out++ = '.';
  std::uint64_t micros = a % kUsPerSecond;
  for (int i = 5; i >= 0; --i, micros /= 10) out[i] = char('0' + micros % 10);
  return std::string(buf, out + 6);
}

// One pass over the digits (two or three per socket-log row): [-]seconds[.1 to 6 digits].
std::optional<TimeUs> ParseTs(std::string_view text) {
  const char* p = text.data();
  const char* const end = p + text.size();
  const bool negative = p != end && *p == '-';
  if (negative) ++p;
  const char* const wholeBegin = p;
  std::uint64_t seconds = 0;
  for (; p != end && *p >= '0' && *p <= '9'; ++p) {
    if (seconds > std::uint64_t(kMaxTimeSeconds)) return std::nullopt;  // long before it could overflow
    seconds = seconds * 10 + std::uint64_t(*p - '0');
  }
  if (p == wholeBegin || seconds > std::uint64_t(kMaxTimeSeconds)) return std::nullopt;
  TimeUs micros = 0;
  if (p != end) {
    if (*p++ != '.') return std::nullopt;
    int digits = 0;
    for (; p != end && *p >= '0' && *p <= '9' && digits < 7; ++p, ++digits) micros = micros * 10 + (*p - '0');
    if (p != end || digits == 0 || digits > 6) return std::nullopt;
    for (; digits < 6; ++digits) micros *= 10;
  }
  TimeUs value = static_cast<TimeUs>(seconds) * kUsPerSecond + micros;
  return negative ? -value : value;
}

std::string FormatIpv4(Ipv4 ip) {
  char buf[16];
  char* out = buf;
  for (int shift = 24; shift >= 0; shift -= 8) {
    const unsigned octet = (ip >> shift) & 0xff;
    if (octet >= 100) *out++ = char('0' + octet / 100);
    if (octet >= 10) *out++ = char('0' + octet / 10 % 10);
    *out++ = char('0' + octet % 10);
    if (shift > 0) *out++ = '.';
  }
  return std::string(buf, out);
}

// One pass (every socket-log row has one or two addresses): four groups of one to three digits,
// each at most 255 (leading zeros allowed), joined by dots.
std::optional<Ipv4> ParseIpv4(std::string_view text) {
  const char* p = text.data();
  const char* const end = p + text.size();
  Ipv4 value = 0;
  for (int part = 0; part < 4; ++part) {
    if (part > 0 && (p == end || *p++ != '.')) return std::nullopt;
    unsigned octet = 0;
    int digits = 0;
    for (; p != end && *p >= '0' && *p <= '9' && digits < 4; ++p, ++digits) octet = octet * 10 + unsigned(*p - '0');
    if (digits == 0 || digits > 3 || octet > 255) return std::nullopt;
    value = (value << 8) | octet;
  }
  return p == end ? std::optional<Ipv4>(value) : std::nullopt;
}

IpAddress IpAddress::FromIpv6Bytes(const std::uint8_t* sixteen) {
  static constexpr std::uint8_t kMappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  IpAddress a;
  if (std::memcmp(sixteen, kMappedPrefix, sizeof kMappedPrefix) == 0) {
    std::memcpy(a.bytes.data(), sixteen + 12, 4);
    return a;
  }
  a.v6 = true;
  std::memcpy(a.bytes.data(), sixteen, 16);
  return a;
}

std::optional<IpAddress> IpAddress::Parse(std::string_view text) {
  if (auto v4 = ParseIpv4(text)) return IpAddress(*v4);
  // inet_pton wants a C string; the longest IPv6 text (with an embedded IPv4) is 45 characters.
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN || text.find(':') == std::string_view::npos) return std::nullopt;
  char buffer[INET6_ADDRSTRLEN] = {};
  std::memcpy(buffer, text.data(), text.size());
  std::uint8_t raw[16];
  if (inet_pton(AF_INET6, buffer, raw) != 1) return std::nullopt;
  return FromIpv6Bytes(raw);
}

std::string IpAddress::ToString() const {
  if (!v6) return FormatIpv4(V4());
  char text[INET6_ADDRSTRLEN];
  inet_ntop(AF_INET6, bytes.data(), text, sizeof text);
  return text;
}

std::uint32_t IpAddress::Fold32V6() const {
  std::uint64_t x = 0x6a09e667f3bcc909ULL;  // any odd start; the mix below spreads every byte
  for (std::uint8_t b : bytes) x = (x ^ b) * 0x100000001b3ULL;
  return static_cast<std::uint32_t>(x ^ (x >> 32));
}

std::string FormatIp(const IpAddress& ip) { return ip.ToString(); }
std::optional<IpAddress> ParseIp(std::string_view text) { return IpAddress::Parse(text); }

std::optional<std::uint64_t> ParseUnsigned(std::string_view text) {
  std::uint64_t value = 0;
  if (text.empty()) return std::nullopt;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<std::int64_t> ParseInteger(std::string_view text) {
  std::int64_t value = 0;
  if (text.empty()) return std::nullopt;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<double> ParseNumber(std::string_view text) {
  double value = 0;
  if (text.empty()) return std::nullopt;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::optional<std::uint16_t> ParsePort(std::string_view text) {
  auto value = ParseUnsigned(text);
  if (!value || *value > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(*value);
}

const char* ToString(Proto proto) { return proto == Proto::Tcp ? "tcp" : "udp"; }

std::optional<Proto> ParseProto(std::string_view text) {
  if (text == "tcp" || text == "TCP") return Proto::Tcp;
  if (text == "udp" || text == "UDP") return Proto::Udp;
  return std::nullopt;
}

const char* ToString(Direction direction) { return direction == Direction::Outbound ? "outbound" : "inbound"; }

std::optional<Direction> ParseDirection(std::string_view text) {
  if (text == "outbound") return Direction::Outbound;
  if (text == "inbound") return Direction::Inbound;
  return std::nullopt;
}

namespace {
constexpr std::array<const char*, 13> kStateNames = {
    "-", "CLOSED", "LISTEN", "SYN_SENT", "SYN_RCVD", "ESTABLISHED", "FIN_WAIT1",
    "FIN_WAIT2", "CLOSE_WAIT", "CLOSING", "LAST_ACK", "TIME_WAIT", "DELETE_TCB"};
}

const char* ToString(SocketState state) { return kStateNames[static_cast<std::size_t>(state)]; }

std::optional<SocketState> ParseSocketState(std::string_view text) {
  if (text.empty()) return SocketState::None;
  for (std::size_t i = 0; i < kStateNames.size(); ++i)
    if (text == kStateNames[i]) return static_cast<SocketState>(i);
  return std::nullopt;
}

namespace {
constexpr std::array<const char*, 4> kEventNames = {"connect", "accept", "close", "bind"};
}  // namespace

const char* ToString(EventKind kind) { return kEventNames[static_cast<std::size_t>(kind)]; }

std::optional<EventKind> ParseEventKind(std::string_view text) {
  for (std::size_t i = 0; i < kEventNames.size(); ++i)
    if (text == kEventNames[i]) return static_cast<EventKind>(i);
  return std::nullopt;
}

}  // namespace ntlab
