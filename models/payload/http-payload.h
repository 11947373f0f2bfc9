#ifndef NTLAB_TRAFFIC_GEN_PAYLOAD_HTTP_PAYLOAD_H
#define NTLAB_TRAFFIC_GEN_PAYLOAD_HTTP_PAYLOAD_H

// HTTP/1.1 messages for simulated browsers, bots and web servers. Bodies are filler of the asked
// size: readable text for text/* types (so captures look plausible when opened), seeded random
// bytes otherwise.

#include "models/payload/bytes.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ntlab::payload {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

// "<method> <path> HTTP/1.1", Host first, then extra_headers in order, then Content-Length when
// the body is non-empty or the method is POST/PUT (servers need it to find the end of the body).
Bytes BuildHttpRequest(const std::string& method, const std::string& host, const std::string& path,
                       const HttpHeaders& extra_headers = {}, const std::string& body = {});

// "HTTP/1.1 <status> <reason>", Content-Type (omitted when empty), Content-Length: body_length,
// extra_headers, then body_length bytes of filler derived from seed.
Bytes BuildHttpResponse(int status, const std::string& reason, const std::string& content_type,
                        size_t body_length, uint64_t seed, const HttpHeaders& extra_headers = {});

// Length of the first complete HTTP/1.x message (request or response) at data: header block up to
// and including the blank line, plus Content-Length bytes of body (0 without the header).
// nullopt while incomplete, or if Content-Length is malformed. Chunked bodies are not supported
// (nothing in ntlab sends them): such a message is reported as complete after its headers.
std::optional<size_t> CompleteHttpMessageLength(const uint8_t* data, size_t size);

// Value of the first header with this name (case-insensitive) in the header block at data, or
// nullopt. Only looks at the header block, so it is safe on a partial message with full headers.
std::optional<std::string> FindHttpHeader(const uint8_t* data, size_t size, const std::string& name);

}  // namespace ntlab::payload

#endif
