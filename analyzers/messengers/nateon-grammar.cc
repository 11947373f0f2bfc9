#include "analyzers/messengers/nateon-grammar.h"

#include <algorithm>
#include <set>

namespace ntlab {
namespace {

bool IsCommandWord(const std::string& v) {
  return v.size() == 4 && std::all_of(v.begin(), v.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}
bool IsErrorCode(const std::string& v) { return v.size() == 3 && IsDecimal(v); }

}  // namespace

GrammarResult ParseNateOnCommand(const std::uint8_t* data, std::size_t size) {
  GrammarResult r = SplitCommandLine(data, size, kNateOnMaxLine);
  if (r.status != GrammarStatus::Command) return r;
  MessengerCommand& c = r.command;
  r.status = GrammarStatus::Rejected;
  if (!IsCommandWord(c.verb) && !IsErrorCode(c.verb)) {
    r.reason = "not a NateOn command word";
    return r;
  }
  if (c.args.empty() || !ParseSmallDecimal(c.args[0])) {
    r.reason = "NateOn command without a transaction id";
    return r;
  }
  const bool confLike = c.verb == "CONF" && c.args.size() == 3 && IsDecimal(c.args[1]);
  const bool crpt = c.verb == "CRPT" && c.args.size() == 2;
  const bool file = c.verb == "FILE" && c.args.size() == 6;  // not its answer, FILE <trid> OK
  const bool chunk = c.verb == "DATA" && c.args.size() == 3;
  if (confLike || crpt || file || chunk) {
    std::optional<std::uint32_t> length = ParseSmallDecimal(c.args.back());
    if (!length || *length > kNateOnMaxPayload) {
      r.reason = "NateOn payload length not a number or too large";
      return r;
    }
    c.payload_length = *length;
  }
  r.status = GrammarStatus::Command;
  return r;
}

bool OpensNateOnLogin(const MessengerCommand& c) {
  if (c.args.empty() || !ParseSmallDecimal(c.args[0])) return false;
  if (c.verb == "PVER") return c.args.size() >= 2;
  if (c.verb == "LSIN") return c.args.size() >= 3;
  if (c.verb == "ATHC") return c.args.size() == 4 && IsDecimal(c.args[3]);
  return false;
}

bool IsKnownNateOnVerb(const std::string& verb) {
  static const std::set<std::string> kVerbs = {"PVER", "AUTH", "REQS", "LSIN", "CONF", "GLST", "NCPT", "LIST",
                                               "ADDB", "PING", "PONG", "NTFY", "ALRM", "MESG", "CRPT",
                                               // ntlab's invented chat, file and P2P commands
                                               "FILE", "NEGO", "ATHC", "DATA", "DONE"};
  return kVerbs.count(verb) > 0;
}

bool AnswersNateOn(const MessengerCommand& request, const MessengerCommand& reply) {
  if (request.verb == "PING" && reply.verb == "PING") return true;
  if (request.args.empty() || reply.args.empty() || request.args[0] != reply.args[0]) return false;
  return reply.verb == request.verb || IsErrorCode(reply.verb);
}

std::optional<Handoff> NateOnHandoff(const MessengerCommand& c) {
  // Tokens: 0 REQS, 1 trid, 2 the server's tag (dp1:1), 3 the address, 4 the port.
  if (c.verb != "REQS" || c.args.size() < 4) return std::nullopt;
  std::optional<Ipv4> ip = ParseIpv4(c.args[2]);
  std::optional<std::uint16_t> port = ParsePort(c.args[3]);
  if (!ip || !port || *port == 0) return std::nullopt;
  return Handoff{HandoffKind::Notification, Endpoint{*ip, *port}};
}

std::optional<Handoff> NateOnDirectOffer(const MessengerCommand& c) {
  // Tokens: 0 NEGO, 1 trid, 2 the account, 3 ACPT, 4 the file id, 5 the address, 6 the port.
  if (c.verb != "NEGO" || c.args.size() != 6 || c.args[2] != "ACPT") return std::nullopt;
  std::optional<Ipv4> ip = ParseIpv4(c.args[4]);
  std::optional<std::uint16_t> port = ParsePort(c.args[5]);
  if (!ip || !port || *port == 0) return std::nullopt;
  return Handoff{HandoffKind::DirectPeer, Endpoint{*ip, *port}};
}

}  // namespace ntlab
