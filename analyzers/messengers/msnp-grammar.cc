#include "analyzers/messengers/msnp-grammar.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <string_view>

namespace ntlab {
namespace {

// Commands followed by a payload whose length is the line's last token.
constexpr std::array<std::string_view, 12> kPayloadVerbs = {"MSG", "QRY", "UBX", "UUX", "NOT", "GCF",
                                                            "ADL", "RML", "FQY", "UBN", "UUN", "PAG"};

bool IsCapitalWord(std::string_view v) {
  return v.size() == 3 && std::all_of(v.begin(), v.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}
bool IsErrorCode(std::string_view v) { return v.size() == 3 && IsDecimal(v); }
bool HasTrid(const MessengerCommand& c) { return !c.args.empty() && ParseSmallDecimal(c.args[0]).has_value(); }

std::uint32_t LittleEndian32(const std::uint8_t* p) {
  return std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16 | std::uint32_t(p[3]) << 24;
}

// The value of a "Name: value" header line in an MSNSLP body, or empty.
std::string_view HeaderValue(std::string_view body, std::string_view name) {
  for (std::size_t at = 0; at < body.size();) {
    std::size_t end = body.find("\r\n", at);
    if (end == std::string_view::npos) end = body.size();
    std::string_view line = body.substr(at, end - at);
    if (line.size() > name.size() + 1 && line.substr(0, name.size()) == name && line[name.size()] == ':') {
      std::string_view value = line.substr(name.size() + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      return value;
    }
    at = end + 2;
  }
  return {};
}

}  // namespace

GrammarResult ParseMsnpCommand(const std::uint8_t* data, std::size_t size) {
  GrammarResult r = SplitCommandLine(data, size, kMsnpMaxLine);
  if (r.status != GrammarStatus::Command) return r;
  MessengerCommand& c = r.command;
  r.status = GrammarStatus::Rejected;
  if (!IsCapitalWord(c.verb) && !IsErrorCode(c.verb)) {
    r.reason = "not an MSNP command word";
    return r;
  }
  if (IsErrorCode(c.verb) && !HasTrid(c)) {
    r.reason = "MSNP error code without a transaction id";
    return r;
  }
  if (std::find(kPayloadVerbs.begin(), kPayloadVerbs.end(), c.verb) != kPayloadVerbs.end()) {
    std::optional<std::uint32_t> length = c.args.size() < 2 ? std::nullopt : ParseSmallDecimal(c.args.back());
    // MSG always carries a payload; the others' answers may not (`QRY 10`, `ADL 10 OK`).
    if (!length && c.verb == "MSG") {
      r.reason = "MSNP MSG without a payload length";
      return r;
    }
    if (length && *length > kMsnpMaxPayload) {
      r.reason = "MSNP payload length too large";
      return r;
    }
    c.payload_length = length.value_or(0);
  }
  r.status = GrammarStatus::Command;
  return r;
}

bool OpensMsnpLogin(const MessengerCommand& c) {
  if (!HasTrid(c)) return false;
  if (c.verb == "VER")
    return std::any_of(c.args.begin() + 1, c.args.end(), [](const std::string& a) { return a.rfind("MSNP", 0) == 0; });
  if (c.verb == "USR") return c.args.size() == 3;  // USR <trid> <account> <auth>: a switchboard login
  if (c.verb == "ANS") return c.args.size() == 4;  // ANS <trid> <account> <auth> <session>
  return false;
}

bool IsKnownMsnpVerb(const std::string& verb) {
  static constexpr std::array<std::string_view, 47> kVerbs = {
      "ACK", "ADC", "ADD", "ADG", "ADL", "ANS", "BLP", "BPR", "BYE", "CAL", "CHG", "CHL", "CVR", "FLN", "FQY", "GCF",
      "GTC", "ILN", "IRO", "JOI", "LSG", "LST", "MSG", "NAK", "NLN", "NOT", "OUT", "PNG", "PRP", "QNG", "QRY", "REA",
      "REG", "REM", "RMG", "RML", "RNG", "SBP", "SDC", "SYN", "UBN", "UBX", "URL", "USR", "UUN", "UUX", "VER"};
  return std::find(kVerbs.begin(), kVerbs.end(), verb) != kVerbs.end() || verb == "XFR";
}

bool AnswersMsnp(const MessengerCommand& request, const MessengerCommand& reply) {
  if (request.verb == "PNG" && reply.verb == "QNG") return true;
  if (!HasTrid(request) || !HasTrid(reply) || request.args[0] != reply.args[0]) return false;
  return reply.verb == request.verb || IsErrorCode(reply.verb);
}

std::optional<Handoff> MsnpHandoff(const MessengerCommand& c) {
  if (c.verb == "XFR" && c.args.size() >= 3 && HasTrid(c)) {
    std::optional<Endpoint> target = ParseAddressPort(c.args[2]);
    if (!target) return std::nullopt;
    if (c.args[1] == "NS") return Handoff{HandoffKind::Notification, *target};
    if (c.args[1] == "SB") return Handoff{HandoffKind::Switchboard, *target};
    return std::nullopt;
  }
  if (c.verb == "RNG" && c.args.size() >= 3) {
    if (std::optional<Endpoint> target = ParseAddressPort(c.args[1])) return Handoff{HandoffKind::Switchboard, *target};
  }
  return std::nullopt;
}

std::vector<Endpoint> MsnSlpDirectAddresses(const std::uint8_t* payload, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(payload), size);
  std::vector<Endpoint> offered;
  for (const char* scope : {"IPv4Internal", "IPv4External"}) {
    const std::string base(scope);
    std::string_view addresses = HeaderValue(body, base + "-Addrs");
    std::optional<std::uint16_t> port = ParsePort(HeaderValue(body, base + "-Port"));
    if (addresses.empty() || !port || *port == 0) continue;
    // Several addresses are separated by spaces; each with the one port.
    for (std::size_t at = 0; at <= addresses.size();) {
      std::size_t end = std::min(addresses.find(' ', at), addresses.size());
      if (std::optional<Ipv4> ip = ParseIpv4(addresses.substr(at, end - at))) {
        Endpoint e{*ip, *port};
        if (std::find(offered.begin(), offered.end(), e) == offered.end()) offered.push_back(e);
      }
      at = end + 1;
    }
  }
  return offered;
}

bool IsMsnDirectHello(const std::uint8_t* data, std::size_t size) {
  static constexpr std::uint8_t kHello[kMsnDirectHelloSize] = {4, 0, 0, 0, 'f', 'o', 'o', 0};
  return size >= kMsnDirectHelloSize && std::memcmp(data, kHello, kMsnDirectHelloSize) == 0;
}

std::optional<std::size_t> MsnDirectFrameSize(const std::uint8_t* data, std::size_t size) {
  if (size < 4) return std::size_t(0);
  const std::uint32_t length = LittleEndian32(data);
  if (length < 48 || length > 64 * 1024) return std::nullopt;
  return size >= 4 + std::size_t(length) ? 4 + std::size_t(length) : 0;
}

}  // namespace ntlab
