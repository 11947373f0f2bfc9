// The Host header of a plaintext HTTP request at the start of a client stream: the name the client
// asked the server for, beside the TLS SNI and the DNS name (paper 000, docs/domains.md). Read
// once per TCP session by the Sessionizer, from the stream bytes the TLS parser held when it saw
// they were not TLS (the client's first segment, or its first in-order segments).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace ntlab {

/// Longest Host kept: a DNS name (253) with a port.
constexpr std::size_t kMaxHttpHostBytes = 261;

/// The Host of the request `stream` starts with, lower case, without its port and escaped as
/// packet text (text-rules.h); empty when the stream does not start with an HTTP/1.x request
/// line (a known method, a target, "HTTP/"), when the header ends or the bytes run out before a
/// Host line, or when the Host is longer than kMaxHttpHostBytes.
std::string HttpRequestHost(const std::uint8_t* stream, std::size_t length);

}  // namespace ntlab
