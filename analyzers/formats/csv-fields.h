// Field checks shared by the readers in analyzers/formats: each turns a bad value into one
// "file:line: column 'name': reason" error (InputError), so every format reports bad input the
// same way.
#pragma once

#include "analyzers/formats/basic-types.h"
#include "analyzers/formats/csv-io.h"
#include "analyzers/formats/text-rules.h"

#include <optional>
#include <string>
#include <string_view>

namespace ntlab::csv_fields {

template <unsigned N, typename T, typename Parse>
T Require(const CsvRowReader<N>& csv, unsigned column, std::string_view text, Parse parse, const char* expected) {
  auto value = parse(text);
  if (!value) csv.Fail(column, QuoteForMessage(text) + " is not " + expected);
  return static_cast<T>(*value);
}

template <unsigned N>
TimeUs RequireTs(const CsvRowReader<N>& c, unsigned col, std::string_view t) {
  return Require<N, TimeUs>(c, col, t, ParseTs, "a timestamp in epoch seconds");
}
/// An IPv4 or IPv6 address (IpAddress::Parse).
template <unsigned N>
IpAddress RequireIp(const CsvRowReader<N>& c, unsigned col, std::string_view t) {
  return Require<N, IpAddress>(c, col, t, ParseIp, "an IP address");
}
/// For the columns that hold only IPv4 (the simulator's files, the botnet analyzers' host lists).
template <unsigned N>
Ipv4 RequireIpv4(const CsvRowReader<N>& c, unsigned col, std::string_view t) {
  return Require<N, Ipv4>(c, col, t, ParseIpv4, "an IPv4 address");
}
template <unsigned N>
std::uint16_t RequirePort(const CsvRowReader<N>& c, unsigned col, std::string_view t) {
  return Require<N, std::uint16_t>(c, col, t, ParsePort, "a port (0-65535)");
}
template <unsigned N>
Proto RequireProto(const CsvRowReader<N>& c, unsigned col, std::string_view t) {
  return Require<N, Proto>(c, col, t, ParseProto, "tcp or udp");
}
template <unsigned N>
Direction RequireDirection(const CsvRowReader<N>& c, unsigned col, std::string_view t) {
  return Require<N, Direction>(c, col, t, ParseDirection, "outbound or inbound");
}
/// An unsigned 32-bit id (process id, episode id); `what` names it in the error.
template <unsigned N>
std::uint32_t RequireId32(const CsvRowReader<N>& c, unsigned col, std::string_view t, const char* what) {
  auto value = ParseUnsigned(t);
  if (!value || *value > 0xffffffffULL) c.Fail(col, QuoteForMessage(t) + " is not " + what);
  return static_cast<std::uint32_t>(*value);
}
template <unsigned N>
std::uint32_t RequirePid(const CsvRowReader<N>& c, unsigned col, std::string_view t) {
  return RequireId32(c, col, t, "a process id");
}
template <unsigned N>
std::uint64_t RequireCount(const CsvRowReader<N>& c, unsigned col, std::string_view t) {
  return Require<N, std::uint64_t>(c, col, t, ParseUnsigned, "a non-negative integer");
}
template <unsigned N>
std::int64_t RequireInteger(const CsvRowReader<N>& c, unsigned col, std::string_view t) {
  return Require<N, std::int64_t>(c, col, t, ParseInteger, "an integer");
}
template <unsigned N>
double RequireNumber(const CsvRowReader<N>& c, unsigned col, std::string_view t) {
  return Require<N, double>(c, col, t, ParseNumber, "a number");
}
/// "1" or "0".
template <unsigned N>
bool RequireFlag(const CsvRowReader<N>& c, unsigned col, std::string_view t) {
  if (t != "0" && t != "1") c.Fail(col, QuoteForMessage(t) + " is not 0 or 1");
  return t == "1";
}
template <unsigned N>
void RequireText(const CsvRowReader<N>& c, unsigned col, std::string_view t) {
  if (t.empty()) c.Fail(col, "must not be empty");
}

// Remote endpoint: both fields empty means "none"; one without the other is an error.
template <unsigned N>
std::optional<Endpoint> OptionalRemote(const CsvRowReader<N>& c, unsigned ipCol, std::string_view ip,
                                       std::string_view port) {
  if (ip.empty() && port.empty()) return std::nullopt;
  if (ip.empty() || port.empty())
    c.Fail(ip.empty() ? ipCol : ipCol + 1, "remote address and port must both be set or both be empty");
  return Endpoint{RequireIp(c, ipCol, ip), RequirePort(c, ipCol + 1, port)};
}

inline std::string RemoteIp(const std::optional<Endpoint>& r) { return r ? FormatIp(r->ip) : std::string(); }
inline std::string RemotePort(const std::optional<Endpoint>& r) { return r ? std::to_string(r->port) : std::string(); }

}  // namespace ntlab::csv_fields
