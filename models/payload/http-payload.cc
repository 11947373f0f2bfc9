#include "models/payload/http-payload.h"

#include "models/payload/split-mix64.h"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace ntlab::payload {

namespace {

void Append(Bytes& out, const std::string& s) { out.insert(out.end(), s.begin(), s.end()); }

bool EqualsIgnoreCase(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  size_t e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

// End of the header block (index just past "\r\n\r\n"), or 0 if not there yet.
size_t HeaderEnd(const uint8_t* data, size_t size) {
  static const uint8_t kBlank[] = {'\r', '\n', '\r', '\n'};
  const uint8_t* end = data + size;
  const uint8_t* p = std::search(data, end, kBlank, kBlank + 4);
  return p == end ? 0 : static_cast<size_t>(p - data) + 4;
}

void AppendFillerText(Bytes& out, size_t n, uint64_t seed) {
  static const char* const kWords[] = {"lorem", "ipsum", "dolor", "sit", "amet", "network",
                                       "session", "report", "update", "service", "portal",
                                       "customer", "invoice", "status", "server", "page"};
  SplitMix64 gen(seed);
  size_t start = out.size();
  while (out.size() - start < n) {
    const char* w = kWords[gen.Below(sizeof(kWords) / sizeof(kWords[0]))];
    out.insert(out.end(), w, w + std::strlen(w));
    out.push_back(gen.Below(12) == 0 ? '\n' : ' ');
  }
  out.resize(start + n);
}

}  // namespace

Bytes BuildHttpRequest(const std::string& method, const std::string& host, const std::string& path,
                       const HttpHeaders& extra_headers, const std::string& body) {
  Bytes out;
  Append(out, method + " " + (path.empty() ? "/" : path) + " HTTP/1.1\r\n");
  Append(out, "Host: " + host + "\r\n");
  for (const auto& [name, value] : extra_headers) Append(out, name + ": " + value + "\r\n");
  if (!body.empty() || method == "POST" || method == "PUT") {
    Append(out, "Content-Length: " + std::to_string(body.size()) + "\r\n");
  }
  Append(out, "\r\n");
  Append(out, body);
  return out;
}

Bytes BuildHttpResponse(int status, const std::string& reason, const std::string& content_type,
                        size_t body_length, uint64_t seed, const HttpHeaders& extra_headers) {
  Bytes out;
  out.reserve(body_length + 256);
  Append(out, "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\n");
  if (!content_type.empty()) Append(out, "Content-Type: " + content_type + "\r\n");
  Append(out, "Content-Length: " + std::to_string(body_length) + "\r\n");
  for (const auto& [name, value] : extra_headers) Append(out, name + ": " + value + "\r\n");
  Append(out, "\r\n");
  if (content_type.rfind("text/", 0) == 0 || content_type.find("json") != std::string::npos ||
      content_type.find("javascript") != std::string::npos) {
    AppendFillerText(out, body_length, seed);
  } else {
    SplitMix64(seed).Append(out, body_length);
  }
  return out;
}

std::optional<std::string> FindHttpHeader(const uint8_t* data, size_t size,
                                          const std::string& name) {
  size_t end = HeaderEnd(data, size);
  if (end == 0) return std::nullopt;
  std::string block(reinterpret_cast<const char*>(data), end);
  size_t pos = block.find("\r\n");  // skip the start line
  while (pos != std::string::npos && pos + 2 < block.size()) {
    size_t line_start = pos + 2;
    size_t line_end = block.find("\r\n", line_start);
    if (line_end == std::string::npos || line_end == line_start) break;
    std::string line = block.substr(line_start, line_end - line_start);
    size_t colon = line.find(':');
    if (colon != std::string::npos && EqualsIgnoreCase(Trim(line.substr(0, colon)), name)) {
      return Trim(line.substr(colon + 1));
    }
    pos = line_end;
  }
  return std::nullopt;
}

std::optional<size_t> CompleteHttpMessageLength(const uint8_t* data, size_t size) {
  if (data == nullptr) return std::nullopt;
  size_t header_end = HeaderEnd(data, size);
  if (header_end == 0) return std::nullopt;
  size_t body = 0;
  if (auto cl = FindHttpHeader(data, size, "Content-Length")) {
    if (cl->empty() || cl->size() > 15) return std::nullopt;
    for (char c : *cl) {
      if (c < '0' || c > '9') return std::nullopt;
      body = body * 10 + size_t(c - '0');
    }
  }
  if (size - header_end < body) return std::nullopt;
  return header_end + body;
}

}  // namespace ntlab::payload
