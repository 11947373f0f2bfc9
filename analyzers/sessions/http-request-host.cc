#include "analyzers/sessions/http-request-host.h"

#include "analyzers/formats/text-rules.h"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace ntlab {
namespace {

constexpr std::string_view kMethods[] = {"GET ", "POST ", "HEAD ", "PUT ", "DELETE ", "OPTIONS ", "PATCH ", "CONNECT "};

bool StartsRequest(std::string_view line) {
  bool method = std::any_of(std::begin(kMethods), std::end(kMethods), [&](std::string_view m) { return line.substr(0, m.size()) == m; });
  const std::size_t version = line.rfind(' ');
  return method && version != std::string_view::npos && line.substr(version + 1, 5) == "HTTP/";
}

bool IsHostField(std::string_view line) {
  if (line.size() < 5 || line[4] != ':') return false;
  return std::equal(line.begin(), line.begin() + 4, "host", [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == b;
  });
}

// "Example.COM:8080 " -> "example.com"; "[2001:db8::1]:80" keeps its brackets.
std::string HostValue(std::string_view value) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  const std::size_t colon = value.rfind(':');
  if (colon != std::string_view::npos && value.find(']') == std::string_view::npos && value.find(':') == colon)
    value = value.substr(0, colon);
  else if (!value.empty() && value.front() == '[' && value.find("]:") != std::string_view::npos)
    value = value.substr(0, value.find("]:") + 1);
  if (value.size() > kMaxHttpHostBytes) return "";
  std::string host(value);
  for (char& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return EscapePacketText(host);
}

}  // namespace

std::string HttpRequestHost(const std::uint8_t* stream, std::size_t length) {
  std::string_view text(reinterpret_cast<const char*>(stream), length);
  std::size_t end = text.find("\r\n");
  if (end == std::string_view::npos || !StartsRequest(text.substr(0, end))) return "";
  // Header lines up to the empty line; a line the bytes cut off is not read.
  for (std::size_t start = end + 2; (end = text.find("\r\n", start)) != std::string_view::npos; start = end + 2) {
    std::string_view line = text.substr(start, end - start);
    if (line.empty()) break;
    if (IsHostField(line)) return HostValue(line.substr(5));
  }
  return "";
}

}  // namespace ntlab
