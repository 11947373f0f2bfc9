// The addresses a DNS response hands to the asking process (its A and AAAA answers), read from
// one datagram (UDP) or one segment (TCP, RFC 1035 §4.2.2: a two-byte length, then the message).
// The dns_use stage (analyzers/labeling/dns-use-match.h) follows them to the session that used
// them. A message that is not a response, is malformed, or on TCP spans several segments gives
// nothing: the sessionizer keeps no stream buffer for DNS, and a truncated answer is no evidence.
#pragma once

#include "analyzers/formats/basic-types.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace ntlab {

inline constexpr std::uint16_t kDnsPort = 53;

/// The response's A/AAAA addresses in answer order (possibly none, e.g. NXDOMAIN), or nullopt
/// when `payload` holds no whole DNS response.
std::optional<std::vector<IpAddress>> DnsAnswerAddresses(const std::uint8_t* payload, std::size_t length, bool tcp);

}  // namespace ntlab
