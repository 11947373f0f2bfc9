// Basic value types shared by the simulator and the analyzers: time, protocol, IPv4 and IPv6
// addresses, Windows socket state. Standard library only, so both worlds can use it.
#pragma once

#include <array>
#include <cstring>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ntlab {

/// Microseconds since the Unix epoch. Integer so that equal timestamps compare equal and
/// "%.6f" round-trips exactly.
using TimeUs = std::int64_t;
constexpr TimeUs kUsPerSecond = 1'000'000;
/// The widest time in ntlab's files (ParseTs): 4,000,000,000 s either side of the epoch, far
/// inside TimeUs, so that sums of times and durations cannot overflow.
constexpr std::int64_t kMaxTimeSeconds = 4'000'000'000;

/// Text made safe for one line on a terminal: control characters (C0, DEL, C1) and bytes that are
/// not UTF-8 become \xNN; everything else, backslashes included, stays, so escaping twice changes
/// nothing. Every error and warning line goes through it (analyzers/formats/text-rules.h).
std::string EscapeForMessage(std::string_view text);

/// Raised for any malformed input; what() names the file/field and the reason, escaped by
/// EscapeForMessage so that a raw carriage return in a field cannot garble the error line.
class InputError : public std::runtime_error {
 public:
  explicit InputError(const std::string& message) : std::runtime_error(EscapeForMessage(message)) {}
  explicit InputError(const char* message) : InputError(std::string(message)) {}
};

enum class Proto : std::uint8_t { Tcp = 6, Udp = 17 };

/// Who opened the session, seen from the monitored host.
enum class Direction : std::uint8_t { Outbound, Inbound };

/// Windows MIB_TCP_STATE names; `None` is written as "-" (UDP has no state).
enum class SocketState : std::uint8_t {
  None = 0, Closed, Listen, SynSent, SynRcvd, Established, FinWait1, FinWait2,
  CloseWait, Closing, LastAck, TimeWait, DeleteTcb
};

/// ETW-like socket event kinds (Microsoft-Windows-Kernel-Network style): "connect", "accept",
/// "close", "bind".
enum class EventKind : std::uint8_t { Connect, Accept, Close, Bind };

/// IPv4 address in host byte order.
using Ipv4 = std::uint32_t;

/// An IPv4 or IPv6 address: a family flag and 16 bytes in network order (IPv4 in the first four,
/// the rest zero). IPv4 converts to it implicitly, so code and files that hold only IPv4 keep
/// their form; anything that needs the 32-bit value asks V4() after IsV4(). An IPv4-mapped IPv6
/// address (::ffff:a.b.c.d, RFC 4291 §2.5.5.2: how a dual-stack socket shows an IPv4 peer) is
/// the IPv4 address, so a socket log row and the IPv4 packets of its connection name the same
/// endpoint. Order: every IPv4 address (numerically) before every IPv6 address (bytewise).
struct IpAddress {
  bool v6 = false;
  std::array<std::uint8_t, 16> bytes{};

  IpAddress() = default;
  // NOLINTNEXTLINE(google-explicit-constructor): IPv4 is an IpAddress
  IpAddress(Ipv4 ip) {
    for (int i = 0; i < 4; ++i) bytes[i] = static_cast<std::uint8_t>(ip >> (24 - 8 * i));
  }
  static IpAddress FromIpv4(Ipv4 ip) { return IpAddress(ip); }
  /// The 16 bytes of an IPv6 header field or sockaddr_in6; a mapped address becomes IPv4.
  static IpAddress FromIpv6Bytes(const std::uint8_t* sixteen);
  /// Dotted quad or any IPv6 text inet_pton accepts; nullopt for anything else.
  static std::optional<IpAddress> Parse(std::string_view text);
  /// Dotted quad, or RFC 5952 text (inet_ntop) for IPv6.
  std::string ToString() const;
  bool IsV4() const { return !v6; }
  /// 0.0.0.0 or ::, the wildcard a socket binds to take any local address. (Inline: the
  /// sessionizer asks it of every packet's host hint.)
  bool IsUnspecified() const {
    static constexpr std::array<std::uint8_t, 16> kZero{};
    return std::memcmp(bytes.data(), kZero.data(), 16) == 0;
  }
  /// The IPv4 address in host byte order; 0 for an IPv6 address.
  Ipv4 V4() const {
    if (v6) return 0;
    return Ipv4(bytes[0]) << 24 | Ipv4(bytes[1]) << 16 | Ipv4(bytes[2]) << 8 | bytes[3];
  }
  /// 32 bits for hashing: the IPv4 value itself (so hash tables keep their IPv4 layout), or the
  /// IPv6 address folded. (The accessors are inline: session tables call them on every packet.)
  std::uint32_t Fold32() const { return v6 ? Fold32V6() : V4(); }

  // A fixed-size memcmp compiles to two vector compares; std::array's == called memcmp.
  friend bool operator==(const IpAddress& a, const IpAddress& b) {
    return a.v6 == b.v6 && std::memcmp(a.bytes.data(), b.bytes.data(), 16) == 0;
  }
  friend bool operator!=(const IpAddress& a, const IpAddress& b) { return !(a == b); }
  friend bool operator<(const IpAddress& a, const IpAddress& b) {
    if (a.v6 != b.v6) return b.v6;
    if (!a.v6) return a.V4() < b.V4();  // the same order as bytewise, without a memcmp call per compare
    return std::memcmp(a.bytes.data(), b.bytes.data(), 16) < 0;
  }
  friend bool operator>(const IpAddress& a, const IpAddress& b) { return b < a; }
  friend bool operator<=(const IpAddress& a, const IpAddress& b) { return !(b < a); }
  friend bool operator>=(const IpAddress& a, const IpAddress& b) { return !(a < b); }

 private:
  std::uint32_t Fold32V6() const;
};

struct IpAddressHash {
  std::size_t operator()(const IpAddress& a) const { return a.Fold32(); }
};

struct Endpoint {
  IpAddress ip;
  std::uint16_t port = 0;
  bool operator==(const Endpoint& o) const { return ip == o.ip && port == o.port; }
  bool operator!=(const Endpoint& o) const { return !(*this == o); }
  bool operator<(const Endpoint& o) const { return ip != o.ip ? ip < o.ip : port < o.port; }
};

std::string FormatTs(TimeUs ts);                       // "1741597200.123456"
std::optional<TimeUs> ParseTs(std::string_view text);  // accepts up to 6 decimals
std::string FormatIpv4(Ipv4 ip);
std::optional<Ipv4> ParseIpv4(std::string_view text);
std::string FormatIp(const IpAddress& ip);                // "10.0.0.1" / "2001:db8::1"
std::optional<IpAddress> ParseIp(std::string_view text);  // IpAddress::Parse
const char* ToString(Proto proto);                     // "tcp" / "udp"
std::optional<Proto> ParseProto(std::string_view text);
const char* ToString(Direction direction);             // "outbound" / "inbound"
std::optional<Direction> ParseDirection(std::string_view text);
const char* ToString(SocketState state);               // "ESTABLISHED", "-" …
std::optional<SocketState> ParseSocketState(std::string_view text);
const char* ToString(EventKind kind);                  // "connect" / "accept" / "close" / "bind"
std::optional<EventKind> ParseEventKind(std::string_view text);
std::optional<std::uint16_t> ParsePort(std::string_view text);
std::optional<std::uint64_t> ParseUnsigned(std::string_view text);
std::optional<std::int64_t> ParseInteger(std::string_view text);      // optional leading '-'
std::optional<double> ParseNumber(std::string_view text);             // finite decimal, e.g. "0.25", "1e-05"

}  // namespace ntlab

template <>
struct std::hash<ntlab::IpAddress> : ntlab::IpAddressHash {};
