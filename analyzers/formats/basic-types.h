// Basic value types shared by the simulator and the analyzers: time, protocol, IPv4 address,
// Windows socket state. Standard library only, so both worlds can use it.
#pragma once

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

struct Endpoint {
  Ipv4 ip = 0;
  std::uint16_t port = 0;
  bool operator==(const Endpoint& o) const { return ip == o.ip && port == o.port; }
  bool operator!=(const Endpoint& o) const { return !(*this == o); }
  bool operator<(const Endpoint& o) const { return ip != o.ip ? ip < o.ip : port < o.port; }
};

std::string FormatTs(TimeUs ts);                       // "1741597200.123456"
std::optional<TimeUs> ParseTs(std::string_view text);  // accepts up to 6 decimals
std::string FormatIpv4(Ipv4 ip);
std::optional<Ipv4> ParseIpv4(std::string_view text);
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
