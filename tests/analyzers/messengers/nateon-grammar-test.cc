#include "analyzers/messengers/nateon-grammar.h"

#include "models/payload/messenger-payload.h"

#include <catch2/catch.hpp>

#include <string>

using namespace ntlab;

namespace {

GrammarResult Parse(const payload::Bytes& bytes) { return ParseNateOnCommand(bytes.data(), bytes.size()); }
GrammarResult Parse(const std::string& text) { return Parse(payload::Bytes(text.begin(), text.end())); }

}  // namespace

TEST_CASE("nateon grammar: the login commands parse back, PVER and LSIN open a login",
          "[analysis][messengers][nateon]") {
  auto pver = Parse(payload::BuildMessengerCommand("PVER", {"1", "3.871", "3.0", "ko.linux"}));
  REQUIRE(pver.status == GrammarStatus::Command);
  CHECK(pver.command.verb == "PVER");
  CHECK(pver.command.args == std::vector<std::string>{"1", "3.871", "3.0", "ko.linux"});
  CHECK(OpensNateOnLogin(pver.command));
  CHECK(OpensNateOnLogin(Parse("LSIN 1 alice@nate.com 5f4dcc3b5aa765d61d8327deb882cf99 MD5 3.871 UTF8\r\n").command));
  CHECK_FALSE(OpensNateOnLogin(Parse("PING 0\r\n").command));
  CHECK(AnswersNateOn(pver.command, Parse("PVER 1 3.871 3.0\r\n").command));
  CHECK_FALSE(AnswersNateOn(pver.command, Parse("AUTH 1 AUTH\r\n").command));
  CHECK(AnswersNateOn(Parse("PING 12\r\n").command, Parse("PING 0\r\n").command));  // PROTOCOLS.md 3.2
  CHECK(IsKnownNateOnVerb("MESG"));
  CHECK_FALSE(IsKnownNateOnVerb("PVEX"));
}

TEST_CASE("nateon grammar: the dispatch answer names the main server in tokens 3 and 4",
          "[analysis][messengers][nateon]") {
  auto reqs = Parse("REQS 3 dp1:1 203.226.253.50 5004\r\n");
  REQUIRE(reqs.status == GrammarStatus::Command);
  auto h = NateOnHandoff(reqs.command);
  REQUIRE(h);
  CHECK(h->kind == HandoffKind::Notification);
  CHECK(FormatIp(h->target.ip) == "203.226.253.50");
  CHECK(h->target.port == 5004);
  CHECK_FALSE(NateOnHandoff(Parse("REQS 3 DES alice@nate.com\r\n").command));  // the client's request
}

TEST_CASE("nateon grammar: CONF's answer carries the config text, the client's CONF none",
          "[analysis][messengers][nateon]") {
  const payload::Bytes config = payload::BuildNateOnConfig(7870);
  const payload::Bytes answer = payload::BuildMessengerPayloadCommand("CONF", {"2", "4481"}, config);
  auto r = Parse(answer);
  REQUIRE(r.status == GrammarStatus::Command);
  CHECK(r.command.payload_length == 7870);
  CHECK(r.command.line_length + r.command.payload_length == answer.size());
  CHECK(Parse("CONF 2 0 0\r\n").command.payload_length == 0);
  CHECK(Parse("CRPT 0 16\r\n").command.payload_length == 16);
}

TEST_CASE("nateon grammar: bad lines are rejected with a reason", "[analysis][messengers][nateon]") {
  auto reason = [](const std::string& text) {
    auto r = Parse(text);
    return r.status == GrammarStatus::Rejected ? std::string(r.reason) : std::string("not rejected");
  };
  CHECK(reason("VER 1 MSNP8\r\n") == "not a NateOn command word");
  CHECK(reason("PING x\r\n") == "NateOn command without a transaction id");
  CHECK(reason("PING\r\n") == "NateOn command without a transaction id");
  CHECK(reason("CRPT 0 999999999\r\n") == "NateOn payload length not a number or too large");
  CHECK(Parse("LSIN 1 alice").status == GrammarStatus::NeedMore);
}

TEST_CASE("nateon grammar: the chat, file and P2P commands parse back, FILE and DATA with their payload",
          "[analysis][messengers][nateon]") {
  std::vector<std::string> mesgArgs{"4", "bob@nate.com"};
  for (const auto& token : payload::NateOnChatArgs("hi, the report")) mesgArgs.push_back(token);
  auto mesg = Parse(payload::BuildMessengerCommand("MESG", mesgArgs));
  REQUIRE(mesg.status == GrammarStatus::Command);
  CHECK(mesg.command.args == std::vector<std::string>{"4", "bob@nate.com", "MSG", "Gulim%090%090%09hi,%20the%20report"});
  CHECK(mesg.command.payload_length == 0);

  const payload::Bytes chunk(4096, 'a');
  const payload::Bytes file = payload::BuildMessengerPayloadCommand("FILE", {"5", "bob@nate.com", "1", "0", "20480"}, chunk);
  auto f = Parse(file);
  REQUIRE(f.status == GrammarStatus::Command);
  CHECK(f.command.payload_length == 4096);
  CHECK(f.command.line_length + f.command.payload_length == file.size());
  CHECK(Parse("FILE 5 OK\r\n").command.payload_length == 0);  // the server's answer carries none

  const payload::Bytes data = payload::BuildMessengerPayloadCommand("DATA", {"9", "8192"}, payload::Bytes(8192, 'B'));
  auto d = Parse(data);
  REQUIRE(d.status == GrammarStatus::Command);
  CHECK(d.command.payload_length == 8192);
  CHECK(Parse("DONE 40 2 1048576\r\n").status == GrammarStatus::Command);

  auto athc = Parse("ATHC 7 alice@nate.com 2 1048576\r\n");
  REQUIRE(athc.status == GrammarStatus::Command);
  CHECK(OpensNateOnLogin(athc.command));
  CHECK(AnswersNateOn(athc.command, Parse("ATHC 7 OK\r\n").command));
  CHECK_FALSE(OpensNateOnLogin(Parse("ATHC 7 OK\r\n").command));  // the answer opens nothing
}

TEST_CASE("nateon grammar: NEGO ACPT names the peer's P2P endpoint, NEGO REQ none",
          "[analysis][messengers][nateon]") {
  auto acpt = NateOnDirectOffer(Parse("NEGO 0 bob@nate.com ACPT 2 10.60.1.177 6004\r\n").command);
  REQUIRE(acpt);
  CHECK(acpt->kind == HandoffKind::DirectPeer);
  CHECK(FormatIp(acpt->target.ip) == "10.60.1.177");
  CHECK(acpt->target.port == 6004);
  CHECK_FALSE(NateOnDirectOffer(Parse("NEGO 0 alice@nate.com REQ 2 report.zip 1048576\r\n").command));
  CHECK_FALSE(NateOnDirectOffer(Parse("NEGO 0 bob@nate.com ACPT 2 10.60.1 6004\r\n").command));
  CHECK_FALSE(NateOnHandoff(Parse("NEGO 0 bob@nate.com ACPT 2 10.60.1.177 6004\r\n").command));
}
