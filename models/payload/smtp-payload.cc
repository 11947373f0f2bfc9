#include "models/payload/smtp-payload.h"

#include "models/payload/split-mix64.h"

#include <cctype>
#include <cstdio>
#include <cstring>

namespace ntlab::payload {

namespace {
const char* const kWords[] = {"offer",  "limited", "price", "quality", "watch",  "replica", "your",
                              "today",  "special", "deal",  "online",  "order",  "now",     "best",
                              "health", "save",    "free",  "shipping", "brand", "new"};
}  // namespace

Bytes BuildSmtpCommand(const std::string& verb, const std::string& argument) {
  std::string line = argument.empty() ? verb : verb + " " + argument;
  line += "\r\n";
  return Bytes(line.begin(), line.end());
}

Bytes BuildSmtpReply(int code, const std::vector<std::string>& lines) {
  std::string out;
  std::string number = std::to_string(code);
  for (size_t i = 0; i < lines.size(); ++i) {
    out += number + (i + 1 < lines.size() ? "-" : " ") + lines[i] + "\r\n";
  }
  if (lines.empty()) out = number + "\r\n";
  return Bytes(out.begin(), out.end());
}

std::optional<size_t> SmtpLineLength(const uint8_t* data, size_t size) {
  for (size_t i = 1; i < size; ++i) {
    if (data[i - 1] == '\r' && data[i] == '\n') return i + 1;
  }
  return std::nullopt;
}

std::optional<SmtpReply> ParseSmtpReply(const uint8_t* data, size_t size) {
  SmtpReply reply;
  size_t pos = 0;
  while (auto line = SmtpLineLength(data + pos, size - pos)) {
    std::string text(reinterpret_cast<const char*>(data + pos), *line - 2);
    pos += *line;
    // RFC 5321 4.2: a reply code's first digit is 1 to 5 ("005" would be rebuilt as "5").
    if (text.size() < 3 || text[0] < '1' || text[0] > '5' ||
        !std::isdigit(static_cast<unsigned char>(text[1])) ||
        !std::isdigit(static_cast<unsigned char>(text[2]))) {
      return std::nullopt;
    }
    int code = std::stoi(text.substr(0, 3));
    if (reply.code != 0 && code != reply.code) return std::nullopt;
    reply.code = code;
    char separator = text.size() > 3 ? text[3] : ' ';
    if (separator != ' ' && separator != '-') return std::nullopt;
    reply.lines.push_back(text.size() > 4 ? text.substr(4) : "");
    if (separator == ' ') {
      reply.length = pos;
      return reply;
    }
  }
  return std::nullopt;
}

std::optional<size_t> SmtpDataLength(const uint8_t* data, size_t size) {
  if (size >= 3 && std::memcmp(data, ".\r\n", 3) == 0) return 3;
  static const char kEnd[] = "\r\n.\r\n";
  for (size_t i = 0; i + 5 <= size; ++i) {
    if (std::memcmp(data + i, kEnd, 5) == 0) return i + 5;
  }
  return std::nullopt;
}

Bytes BuildSmtpMessage(const std::string& from, const std::string& to, const std::string& subject,
                       size_t body_length, uint64_t seed) {
  SplitMix64 rng(seed);
  char id[32];
  std::snprintf(id, sizeof id, "%016llx", static_cast<unsigned long long>(rng.Next()));
  std::string domain = from.substr(from.find('@') == std::string::npos ? 0 : from.find('@') + 1);
  std::string text = "From: <" + from + ">\r\nTo: <" + to + ">\r\nSubject: " + subject +
                     "\r\nDate: Mon, 14 Apr 2008 10:00:00 +0000\r\nMessage-ID: <" + id + "@" +
                     domain + ">\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n";
  std::string body;
  size_t column = 0;
  while (body.size() < body_length) {
    std::string word = kWords[rng.Below(sizeof kWords / sizeof kWords[0])];
    if (column + word.size() > 70) {
      body += "\r\n";
      column = 0;
    }
    body += word + " ";
    column += word.size() + 1;
  }
  body += "\r\n";
  // Dot-stuffing (RFC 5321 4.5.2): a line starting with '.' gets one more.
  std::string stuffed;
  bool lineStart = true;
  for (char c : body) {
    if (lineStart && c == '.') stuffed += '.';
    stuffed += c;
    lineStart = c == '\n';
  }
  text += stuffed + ".\r\n";
  return Bytes(text.begin(), text.end());
}

}  // namespace ntlab::payload
