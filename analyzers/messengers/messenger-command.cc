#include "analyzers/messengers/messenger-command.h"

#include <algorithm>

namespace ntlab {

const char* ToString(HandoffKind kind) {
  switch (kind) {
    case HandoffKind::Notification: return "NS";
    case HandoffKind::Switchboard: return "SB";
    case HandoffKind::DirectPeer: return "P2P";
  }
  return "?";
}

GrammarResult SplitCommandLine(const std::uint8_t* data, std::size_t size, std::size_t maxLine) {
  GrammarResult result;
  const std::size_t scan = std::min(size, maxLine);
  std::size_t end = 0;
  while (end + 1 < scan && !(data[end] == '\r' && data[end + 1] == '\n')) ++end;
  if (end + 1 >= scan) {
    // No CRLF yet: still a line if every byte so far may belong to one.
    for (std::size_t i = 0; i < scan; ++i)
      if ((data[i] < 0x20 && data[i] != '\r') || data[i] == 0x7f) {
        result.status = GrammarStatus::Rejected;
        result.reason = "control byte in a command line";
        return result;
      }
    result.status = size >= maxLine ? GrammarStatus::Rejected : GrammarStatus::NeedMore;
    result.reason = size >= maxLine ? "command line too long" : nullptr;
    return result;
  }
  result.status = GrammarStatus::Rejected;
  if (end == 0) {
    result.reason = "empty command line";
    return result;
  }
  std::vector<std::string> tokens(1);
  for (std::size_t i = 0; i < end; ++i) {
    const std::uint8_t c = data[i];
    if (c < 0x20 || c == 0x7f) {
      result.reason = "control byte in a command line";
      return result;
    }
    if (c != ' ') {
      tokens.back() += char(c);
      continue;
    }
    if (tokens.back().empty()) break;  // an empty token: caught below
    tokens.emplace_back();
  }
  if (std::any_of(tokens.begin(), tokens.end(), [](const std::string& t) { return t.empty(); })) {
    result.reason = "empty token in a command line";
    return result;
  }
  result.status = GrammarStatus::Command;
  result.command.verb = std::move(tokens.front());
  result.command.args.assign(std::make_move_iterator(tokens.begin() + 1), std::make_move_iterator(tokens.end()));
  result.command.line_length = end + 2;
  return result;
}

bool IsDecimal(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<std::uint32_t> ParseSmallDecimal(std::string_view text) {
  if (!IsDecimal(text) || text.size() > 9) return std::nullopt;
  std::uint32_t value = 0;
  for (char c : text) value = value * 10 + std::uint32_t(c - '0');
  return value;
}

std::optional<Endpoint> ParseAddressPort(std::string_view text) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::optional<Ipv4> ip = ParseIpv4(text.substr(0, colon));
  std::optional<std::uint16_t> port = ParsePort(text.substr(colon + 1));
  if (!ip || !port || *port == 0) return std::nullopt;
  return Endpoint{*ip, *port};
}

}  // namespace ntlab
