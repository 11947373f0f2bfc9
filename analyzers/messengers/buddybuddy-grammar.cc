#include "analyzers/messengers/buddybuddy-grammar.h"

#include "models/payload/buddybuddy-payload.h"

namespace ntlab {
namespace {

using namespace payload;

GrammarResult Rejected(const char* reason) {
  GrammarResult r;
  r.status = GrammarStatus::Rejected;
  r.reason = reason;
  return r;
}

bool IsServerType(std::uint8_t type) { return (type & 0x80) != 0; }

}  // namespace

GrammarResult ParseBuddyCommand(const std::uint8_t* data, std::size_t size) {
  if (size >= 1 && data[0] != kBuddyMagic0) return Rejected("not a BuddyBuddy frame");
  if (size >= 2 && data[1] != kBuddyMagic1) return Rejected("not a BuddyBuddy frame");
  if (size >= 3 && !BuddyTypeName(data[2])) return Rejected("unknown BuddyBuddy frame type");
  if (size >= 6 && data[5] != 0) return Rejected("BuddyBuddy reserved byte set");
  if (size < kBuddyHeaderSize) return {};
  const std::size_t body = std::size_t(data[6]) << 8 | data[7];
  if (body > kBuddyMaxBody) return Rejected("BuddyBuddy body longer than the frame allows");
  GrammarResult r;
  r.status = GrammarStatus::Command;
  r.command.verb = BuddyTypeName(data[2]);
  r.command.args = {std::to_string(std::uint16_t(data[3] << 8 | data[4]))};
  r.command.line_length = kBuddyHeaderSize;
  r.command.payload_length = body;
  return r;
}

bool OpensBuddyLogin(const MessengerCommand& command) { return command.verb == "LOGIN"; }

bool IsBuddyClientVerb(const std::string& verb) {
  std::optional<BuddyType> type = BuddyTypeFromName(verb);
  return type && !IsServerType(static_cast<std::uint8_t>(*type));
}

bool AnswersBuddy(const MessengerCommand& request, const MessengerCommand& reply) {
  std::optional<BuddyType> type = BuddyTypeFromName(reply.verb);
  return type && IsServerType(static_cast<std::uint8_t>(*type)) && IsBuddyClientVerb(request.verb) &&
         !reply.args.empty() && reply.args[0] != "0" && !request.args.empty() && reply.args[0] == request.args[0];
}

}  // namespace ntlab
