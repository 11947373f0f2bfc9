#include "analyzers/messengers/msnp-grammar.h"

#include "models/payload/messenger-payload.h"

#include <catch2/catch.hpp>

#include <string>

using namespace ntlab;

namespace {

GrammarResult Parse(const std::string& text) {
  return ParseMsnpCommand(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
}
GrammarResult Parse(const payload::Bytes& bytes) { return ParseMsnpCommand(bytes.data(), bytes.size()); }

}  // namespace

TEST_CASE("msnp grammar: built commands parse back to their verb, transaction id and arguments",
          "[analysis][messengers][msnp]") {
  auto r = Parse(payload::BuildMessengerCommand("XFR", {"3", "NS", "207.46.107.41:1863", "0", "64.4.9.254:1863"}));
  REQUIRE(r.status == GrammarStatus::Command);
  CHECK(r.command.verb == "XFR");
  CHECK(r.command.args == std::vector<std::string>{"3", "NS", "207.46.107.41:1863", "0", "64.4.9.254:1863"});
  CHECK(r.command.payload_length == 0);
  auto h = MsnpHandoff(r.command);
  REQUIRE(h);
  CHECK(h->kind == HandoffKind::Notification);
  CHECK(FormatIp(h->target.ip) == "207.46.107.41");
  CHECK(h->target.port == 1863);

  const payload::Bytes body = payload::BuildMsnpTextMessage("hello");
  const payload::Bytes msg = payload::BuildMessengerPayloadCommand("MSG", {"4", "N"}, body);
  auto m = Parse(msg);
  REQUIRE(m.status == GrammarStatus::Command);
  CHECK(m.command.args == std::vector<std::string>{"4", "N", std::to_string(body.size())});
  CHECK(m.command.payload_length == body.size());
  CHECK(m.command.line_length + m.command.payload_length == msg.size());
}

TEST_CASE("msnp grammar: a login opens with VER MSNPx, USR to a switchboard or ANS, answered by the same trid",
          "[analysis][messengers][msnp]") {
  auto ver = Parse("VER 1 MSNP8 CVR0\r\n").command;
  CHECK(OpensMsnpLogin(ver));
  CHECK(OpensMsnpLogin(Parse("USR 1 alice@hotmail.com 17262740.1050826919.32308\r\n").command));
  CHECK(OpensMsnpLogin(Parse("ANS 1 alice@hotmail.com 849102291.520491113 11752013\r\n").command));
  CHECK_FALSE(OpensMsnpLogin(Parse("VER 1 HTTP CVR0\r\n").command));
  CHECK_FALSE(OpensMsnpLogin(Parse("GET / HTTP/1.1\r\n").command));
  CHECK(AnswersMsnp(ver, Parse("VER 1 MSNP8\r\n").command));
  CHECK(AnswersMsnp(ver, Parse("715 1\r\n").command));
  CHECK_FALSE(AnswersMsnp(ver, Parse("VER 2 MSNP8\r\n").command));
  CHECK(AnswersMsnp(Parse("PNG\r\n").command, Parse("QNG 50\r\n").command));
  CHECK(IsKnownMsnpVerb("XFR"));
  CHECK_FALSE(IsKnownMsnpVerb("GET"));
}

TEST_CASE("msnp grammar: switchboard hand-offs from XFR SB and RNG, direct peers from an MSNSLP offer",
          "[analysis][messengers][msnp]") {
  auto sb = MsnpHandoff(Parse("XFR 15 SB 207.46.108.37:1863 CKI 17262740.1050826919.32308\r\n").command);
  REQUIRE(sb);
  CHECK(sb->kind == HandoffKind::Switchboard);
  auto rng = MsnpHandoff(Parse("RNG 11752013 64.4.34.19:1863 CKI 849102291.520491113 bob@hotmail.com Bob\r\n").command);
  REQUIRE(rng);
  CHECK(rng->target.port == 1863);
  CHECK_FALSE(MsnpHandoff(Parse("XFR 15 SB 207.46.108.37 CKI x\r\n").command));  // no port
  const payload::Bytes offer =
      payload::BuildMsnSlpDirectOffer("bob@hotmail.com", "alice@hotmail.com", "10.60.1.177", 6891);
  auto peers = MsnSlpDirectAddresses(offer.data(), offer.size());
  REQUIRE(peers.size() == 1);
  CHECK(FormatIp(peers[0].ip) == "10.60.1.177");
  CHECK(peers[0].port == 6891);
}

TEST_CASE("msnp grammar: bad bytes are rejected with a reason, a partial line waits", "[analysis][messengers][msnp]") {
  CHECK(Parse("VER 1 MSNP8").status == GrammarStatus::NeedMore);
  CHECK(Parse("").status == GrammarStatus::NeedMore);
  auto reason = [](const std::string& text) {
    auto r = Parse(text);
    return r.status == GrammarStatus::Rejected ? std::string(r.reason) : std::string("not rejected");
  };
  CHECK(reason("verb 1\r\n") == "not an MSNP command word");
  CHECK(reason("VERB 1\r\n") == "not an MSNP command word");
  CHECK(reason("VER  1\r\n") == "empty token in a command line");
  CHECK(reason("\r\n") == "empty command line");
  CHECK(reason(std::string("VER\x01 1\r\n")) == "control byte in a command line");
  CHECK(reason("MSG 4 N\r\n") == "MSNP MSG without a payload length");
  CHECK(reason("MSG 4 N 99999999\r\n") == "MSNP payload length too large");
  CHECK(reason("911\r\n") == "MSNP error code without a transaction id");
  CHECK(reason(std::string(kMsnpMaxLine, 'A')) == "command line too long");
  auto ack = Parse("QRY 10\r\n");  // the server's answer to QRY carries no payload
  REQUIRE(ack.status == GrammarStatus::Command);
  CHECK(ack.command.payload_length == 0);
}

TEST_CASE("msnp grammar: the direct connection's hello and frames", "[analysis][messengers][msnp]") {
  const payload::Bytes hello = payload::BuildMsnDirectHello();
  CHECK(IsMsnDirectHello(hello.data(), hello.size()));
  CHECK_FALSE(IsMsnDirectHello(hello.data(), 7));
  const payload::Bytes frame = payload::BuildMsnDirectFrame(1, 2, 0, 10, 0x1000000, payload::Bytes(10, 'x'));
  CHECK(MsnDirectFrameSize(frame.data(), frame.size()) == std::optional<std::size_t>(frame.size()));
  CHECK(MsnDirectFrameSize(frame.data(), frame.size() - 1) == std::optional<std::size_t>(0));
  const payload::Bytes tooShort = {8, 0, 0, 0};
  CHECK_FALSE(MsnDirectFrameSize(tooShort.data(), tooShort.size()));
}
