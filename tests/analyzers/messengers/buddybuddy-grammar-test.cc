#include "analyzers/messengers/buddybuddy-grammar.h"

#include "models/payload/buddybuddy-payload.h"

#include <catch2/catch.hpp>

using namespace ntlab;
using namespace ntlab::payload;

TEST_CASE("buddybuddy grammar: frames parse back to their type and sequence, answers match by sequence",
          "[analysis][messengers][buddybuddy]") {
  const Bytes login = BuildBuddyFrame(BuddyType::Login, 1, BuddyFields({"carol@buddybuddy.com", "5f4d", "4.2"}));
  GrammarResult r = ParseBuddyCommand(login.data(), login.size());
  REQUIRE(r.status == GrammarStatus::Command);
  CHECK(r.command.verb == "LOGIN");
  CHECK(r.command.args == std::vector<std::string>{"1"});
  CHECK(r.command.line_length + r.command.payload_length == login.size());
  CHECK(OpensBuddyLogin(r.command));
  CHECK(ParseBuddyCommand(login.data(), 5).status == GrammarStatus::NeedMore);
  const Bytes ok = BuildBuddyFrame(BuddyType::LoginOk, 1, BuddyFields({"carol@buddybuddy.com", "k1"}));
  const Bytes push = BuildBuddyFrame(BuddyType::Presence, 0, BuddyFields({"dave@buddybuddy.com", "online"}));
  const Bytes other = BuildBuddyFrame(BuddyType::AliveOk, 2, {});
  CHECK(AnswersBuddy(r.command, ParseBuddyCommand(ok.data(), ok.size()).command));
  CHECK_FALSE(AnswersBuddy(r.command, ParseBuddyCommand(push.data(), push.size()).command));
  CHECK_FALSE(AnswersBuddy(r.command, ParseBuddyCommand(other.data(), other.size()).command));
  CHECK_FALSE(AnswersBuddy(r.command, r.command));  // a client frame answers nothing
  CHECK(IsBuddyClientVerb("ALIVE"));
  CHECK_FALSE(IsBuddyClientVerb("CHAT_FROM"));
}

TEST_CASE("buddybuddy grammar: other bytes are rejected with a reason", "[analysis][messengers][buddybuddy]") {
  const Bytes text = {'V', 'E', 'R', ' '};
  CHECK(std::string(ParseBuddyCommand(text.data(), text.size()).reason) == "not a BuddyBuddy frame");
  const Bytes badType = {0xBB, 0x42, 0x55};
  CHECK(std::string(ParseBuddyCommand(badType.data(), badType.size()).reason) == "unknown BuddyBuddy frame type");
  const Bytes reserved = {0xBB, 0x42, 0x01, 0, 1, 7, 0, 0};
  CHECK(std::string(ParseBuddyCommand(reserved.data(), reserved.size()).reason) == "BuddyBuddy reserved byte set");
  const Bytes tooLong = {0xBB, 0x42, 0x21, 0, 1, 0, 0x50, 0x00};
  CHECK(ParseBuddyCommand(tooLong.data(), tooLong.size()).status == GrammarStatus::Rejected);
}
