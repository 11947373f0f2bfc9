#include "analyzers/messengers/messenger-recogniser.h"

#include "analyzers/messengers/session-role.h"
#include "models/payload/buddybuddy-payload.h"
#include "models/payload/messenger-payload.h"
#include "tests/analyzers/analyzer-fixtures.h"

#include <catch2/catch.hpp>

using namespace ntlab;
using namespace ntlab::fixtures;

namespace {

// Feeds a scripted TCP dialogue: the SYN of each side, then each message as one segment.
class Dialogue {
 public:
  explicit Dialogue(MessengerRecogniser& r) : m_r(r) {
    Send(true, {}, TcpFlag::kSyn);
    Send(false, {}, TcpFlag::kSyn | TcpFlag::kAck);
  }
  void Send(bool fromClient, const payload::Bytes& data, std::uint8_t flags = TcpFlag::kAck | TcpFlag::kPsh) {
    std::uint32_t& seq = fromClient ? m_clientSeq : m_serverSeq;
    DecodedPacket p = Packet(Sec(m_t += 0.01), Proto::Tcp, fromClient ? kClient : kServer,
                             fromClient ? kServer : kClient, flags, 60, seq, &data);
    m_r.Add(fromClient, p);
    seq += std::uint32_t(data.size()) + ((flags & TcpFlag::kSyn) ? 1 : 0);
  }
  void C(const std::string& line) { Send(true, Text(line)); }
  void S(const std::string& line) { Send(false, Text(line)); }
  static payload::Bytes Text(const std::string& s) { return payload::Bytes(s.begin(), s.end()); }
  std::uint32_t m_clientSeq = 1000, m_serverSeq = 5000;

 private:
  const Endpoint kClient = Ep("10.60.1.105", 50001);
  const Endpoint kServer = Ep("64.4.9.254", 1863);
  MessengerRecogniser& m_r;
  double m_t = 0;
};

}  // namespace

TEST_CASE("messenger recogniser: an MSN dispatch login is MSNP, confirmed by the answer, with its NS hand-off",
          "[analysis][messengers]") {
  MessengerRecogniser r;
  Dialogue d(r);
  d.C("VER 1 MSNP8 CVR0\r\n");
  CHECK(r.Facts().protocol == MessengerProtocol::Msnp);
  CHECK_FALSE(r.Recognised());
  d.S("VER 1 MSNP8\r\n");
  CHECK(r.Recognised());
  d.C("USR 3 TWN I alice@hotmail.com\r\n");
  d.S("XFR 3 NS 207.46.107.41:1863 0 64.4.9.254:1863\r\n");
  REQUIRE(r.Facts().handoffs.size() == 1);
  CHECK(r.Facts().handoffs[0].target == Ep("207.46.107.41", 1863));
  CHECK(SessionRole(r.Facts()) == MessengerRole::Dispatch);
  CHECK(r.Facts().evidence == std::vector<std::string>{"C:VER", "S:VER", "C:USR", "S:XFR"});
}

TEST_CASE("messenger recogniser: a command split across segments and a retransmission are read once",
          "[analysis][messengers]") {
  MessengerRecogniser r;
  Dialogue d(r);
  d.C("USR 1 alice@hotmail.com 1726");
  d.C("2740.1050826919.32308\r\n");
  d.m_clientSeq -= 23;  // the second segment again
  d.C("2740.1050826919.32308\r\n");
  d.S("USR 1 OK alice@hotmail.com Alice\r\n");
  CHECK(r.Recognised());
  CHECK(r.Facts().commands == 2);
  CHECK(SessionRole(r.Facts()) == MessengerRole::Switchboard);
  CHECK(r.Facts().stream_problem == nullptr);
}

TEST_CASE("messenger recogniser: HTTP and binary bytes on 1863 are rejected with their reasons",
          "[analysis][messengers]") {
  MessengerRecogniser http;
  Dialogue h(http);
  h.C("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  h.S("HTTP/1.1 200 OK\r\n\r\n");
  CHECK_FALSE(http.Recognised());
  CHECK(std::string(http.Facts().rejected) == "the first client command opens no messenger login");
  MessengerRecogniser binary;
  Dialogue b(binary);
  b.Send(true, {0x16, 0x03, 0x01, 0x00, 0x10, 0x01});
  CHECK(std::string(binary.Facts().rejected) == "control byte in a command line");
  MessengerRecogniser serverFirst;
  Dialogue s(serverFirst);
  s.S("220 smtp ready\r\n");
  CHECK(std::string(serverFirst.Facts().rejected) == "the server spoke first");
}

TEST_CASE("messenger recogniser: a login the server never answers is not recognised", "[analysis][messengers]") {
  MessengerRecogniser r;
  Dialogue d(r);
  d.C("PVER 1 3.871 3.0 ko.linux\r\n");
  CHECK(r.Facts().protocol == MessengerProtocol::NateOn);
  d.S("PING 7\r\n");  // NateOn, but no answer to PVER 1
  CHECK_FALSE(r.Recognised());
}

TEST_CASE("messenger recogniser: a gap after recognition is a stream problem, the session stays recognised",
          "[analysis][messengers]") {
  MessengerRecogniser r;
  Dialogue d(r);
  d.C("LSIN 1 alice@nate.com 5f4dcc3b5aa765d61d8327deb882cf99 MD5 3.871 UTF8\r\n");
  d.S("LSIN 1 alice@nate.com Alice 0 0\r\n");
  d.m_clientSeq += 100;  // a lost segment
  d.C("CONF 2 0 0\r\n");
  CHECK(r.Recognised());
  CHECK(std::string(r.Facts().stream_problem) == "gap in the TCP stream");
  CHECK(SessionRole(r.Facts()) == MessengerRole::Notification);
}

TEST_CASE("messenger recogniser: an MSN direct connection by its hello and frames", "[analysis][messengers]") {
  MessengerRecogniser r;
  Dialogue d(r);
  d.Send(true, payload::BuildMsnDirectHello());
  d.Send(true, payload::BuildMsnDirectFrame(0, 1, 0, 0, 0x100, {}));
  CHECK_FALSE(r.Recognised());
  d.Send(false, payload::BuildMsnDirectFrame(0, 2, 0, 0, 0x100, {}));
  CHECK(r.Recognised());
  CHECK(r.Facts().protocol == MessengerProtocol::MsnDirect);
  CHECK(SessionRole(r.Facts()) == MessengerRole::P2pPeer);
}

TEST_CASE("messenger recogniser: a session the capture joined late is recognised from any command word",
          "[analysis][messengers]") {
  MessengerRecogniser late;  // no SYN: the login happened before the capture began
  DecodedPacket push = Packet(Sec(1), Proto::Tcp, Ep("207.46.107.42", 1863), Ep("10.60.1.105", 50013),
                              TcpFlag::kAck | TcpFlag::kPsh, 60, 7000);
  const payload::Bytes nln = Dialogue::Text("NLN NLN bob@hotmail.com Bob 0\r\n");
  push.payload = nln.data();
  push.payload_length = std::uint32_t(nln.size());
  late.Add(false, push);  // the server's push first: held, not a rejection
  CHECK(late.Facts().rejected == nullptr);
  const payload::Bytes png = Dialogue::Text("PNG\r\n"), qng = Dialogue::Text("QNG 45\r\n");
  DecodedPacket ping = Packet(Sec(2), Proto::Tcp, Ep("10.60.1.105", 50013), Ep("207.46.107.42", 1863),
                              TcpFlag::kAck | TcpFlag::kPsh, 60, 3000);
  ping.payload = png.data();
  ping.payload_length = std::uint32_t(png.size());
  late.Add(true, ping);
  CHECK(late.Facts().protocol == MessengerProtocol::Msnp);
  push.tcp_seq += std::uint32_t(nln.size());
  push.payload = qng.data();
  push.payload_length = std::uint32_t(qng.size());
  late.Add(false, push);
  CHECK(late.Recognised());  // QNG answers PNG
  CHECK(SessionRole(late.Facts()) == MessengerRole::Notification);

  MessengerRecogniser opened;  // the same first line after a SYN is no login
  Dialogue d(opened);
  d.C("PNG\r\n");
  CHECK(std::string(opened.Facts().rejected) == "the first client command opens no messenger login");
}

TEST_CASE("messenger recogniser: a login through a SOCKS4 or SOCKS5 relay is read past the handshake",
          "[analysis][messengers][socks]") {
  MessengerRecogniser four;
  Dialogue d(four);
  payload::Bytes request = {4, 1, 0x07, 0x47, 64, 4, 9, 254, 0};
  const payload::Bytes ver = Dialogue::Text("VER 1 MSNP8 CVR0\r\n");
  request.insert(request.end(), ver.begin(), ver.end());  // the client does not wait for the grant
  d.Send(true, request);
  CHECK(four.Facts().rejected == nullptr);
  d.Send(false, {0, 0x5a, 0, 0, 0, 0, 0, 0});
  d.S("VER 1 MSNP8\r\n");
  CHECK(four.Recognised());
  CHECK(four.Facts().relayed_to == "64.4.9.254:1863");
  CHECK(four.Facts().evidence == std::vector<std::string>{"C:SOCKS4", "S:SOCKS4", "C:VER", "S:VER"});

  MessengerRecogniser five;
  Dialogue f(five);
  f.Send(true, {5, 1, 0});
  f.Send(false, {5, 0});
  f.Send(true, {5, 1, 0, 1, 203, 226, 253, 7, 0x13, 0x8c});
  f.Send(false, {5, 0, 0, 1, 10, 0, 0, 9, 0xc0, 0x01});
  f.C("PVER 1 3.871 3.0 ko.linux\r\n");
  f.S("PVER 1 3.871 3.0\r\n");
  CHECK(five.Recognised());
  CHECK(five.Facts().protocol == MessengerProtocol::NateOn);
  CHECK(five.Facts().relayed_to == "203.226.253.7:5004");

  MessengerRecogniser refused;
  Dialogue r(refused);
  r.Send(true, {4, 1, 0x07, 0x47, 64, 4, 9, 254, 0});
  r.Send(false, {0, 0x5b, 0, 0, 0, 0, 0, 0});
  CHECK(std::string(refused.Facts().rejected) == "the relay refused the connection");

  MessengerRecogniser unanswered;  // the client sends on and on, the relay never replies
  Dialogue u(unanswered);
  u.Send(true, {4, 1, 0x07, 0x47, 64, 4, 9, 254, 0});
  for (int i = 0; i < 20 && !unanswered.Facts().rejected; ++i) u.Send(true, payload::Bytes(4000, 'x'));
  CHECK(std::string(unanswered.Facts().rejected) == "the relay's reply never came");
}

TEST_CASE("messenger recogniser: a BuddyBuddy login by its framing, chat and file data through its server",
          "[analysis][messengers][buddybuddy]") {
  using namespace ntlab::payload;
  MessengerRecogniser r;
  Dialogue d(r);
  d.Send(true, BuildBuddyFrame(BuddyType::Login, 1, BuddyFields({"carol@buddybuddy.com", "5f4d", "4.2"})));
  CHECK(r.Facts().protocol == MessengerProtocol::BuddyBuddy);
  CHECK_FALSE(r.Recognised());
  d.Send(false, BuildBuddyFrame(BuddyType::LoginOk, 1, BuddyFields({"carol@buddybuddy.com", "k1"})));
  CHECK(r.Recognised());
  d.Send(true, BuildBuddyFrame(BuddyType::FileData, 7, BuddyFileData(65537, 4096)));
  d.Send(false, BuildBuddyFrame(BuddyType::FileDone, 0, BuddyFields({"65537"})));
  CHECK(r.Facts().stream_problem == nullptr);
  CHECK(r.Facts().commands == 4);
  CHECK(SessionRole(r.Facts()) == MessengerRole::Notification);
  CHECK(r.Facts().evidence == std::vector<std::string>{"C:LOGIN", "S:LOGIN_OK", "C:FILE_DATA", "S:FILE_DONE"});

  MessengerRecogniser chatFirst;  // after a SYN, a session must open with LOGIN
  Dialogue c(chatFirst);
  c.Send(true, BuildBuddyFrame(BuddyType::Chat, 3, BuddyFields({"dave", "hi"})));
  CHECK(std::string(chatFirst.Facts().rejected) == "the first client command opens no messenger login");
}

TEST_CASE("messenger recogniser: NateOn's 6004 P2P session by its grammar, role p2p_peer",
          "[analysis][messengers][nateon]") {
  MessengerRecogniser r;
  Dialogue d(r);
  d.C("ATHC 31 alice@nate.com 2 16384\r\n");
  CHECK(r.Facts().protocol == MessengerProtocol::NateOn);
  CHECK_FALSE(r.Recognised());
  d.S("ATHC 31 OK\r\n");
  CHECK(r.Recognised());
  d.Send(true, payload::BuildMessengerPayloadCommand("DATA", {"32", "0"}, payload::Bytes(8192, 'A')));
  d.Send(true, payload::BuildMessengerPayloadCommand("DATA", {"33", "8192"}, payload::Bytes(8192, 'B')));
  d.S("DONE 33 2 16384\r\n");
  CHECK(r.Facts().stream_problem == nullptr);
  CHECK(r.Facts().commands == 5);
  CHECK(SessionRole(r.Facts()) == MessengerRole::P2pPeer);
}

TEST_CASE("messenger recogniser: NateOn chat on the main session, and the peer's P2P offer as a hand-off",
          "[analysis][messengers][nateon]") {
  MessengerRecogniser r;
  Dialogue d(r);
  d.C("LSIN 1 alice@nate.com 5f4dcc3b5aa765d61d8327deb882cf99 MD5 3.871 UTF8\r\n");
  d.S("LSIN 1 alice@nate.com alice@nate.com 0 0\r\n");
  d.C("MESG 2 bob@nate.com MSG Gulim%090%090%09hi\r\n");
  d.S("MESG 2 OK\r\n");
  d.Send(true, payload::BuildMessengerPayloadCommand("FILE", {"3", "bob@nate.com", "1", "0", "10"}, payload::Bytes(10, 'a')));
  d.S("FILE 3 OK\r\n");
  d.C("NEGO 4 bob@nate.com REQ 2 report.zip 1048576\r\n");
  d.S("NEGO 4 OK\r\n");
  d.S("NEGO 0 bob@nate.com ACPT 2 10.60.1.177 6004\r\n");
  REQUIRE(r.Recognised());
  CHECK(r.Facts().stream_problem == nullptr);
  CHECK(SessionRole(r.Facts()) == MessengerRole::Notification);
  REQUIRE(r.Facts().handoffs.size() == 1);
  CHECK(r.Facts().handoffs[0].kind == HandoffKind::DirectPeer);
  CHECK(FormatIp(r.Facts().handoffs[0].target.ip) == "10.60.1.177");
  CHECK(r.Facts().handoffs[0].target.port == 6004);
}

TEST_CASE("messenger recogniser: a NateOn P2P session joined after its ATHC is not confirmed",
          "[analysis][messengers][nateon]") {
  // DATA is never answered and DONE answers no DATA: without the ATHC exchange nothing confirms it.
  const payload::Bytes late = payload::BuildMessengerPayloadCommand("DATA", {"40", "0"}, payload::Bytes(512, 'A'));
  MessengerRecogniser joined;  // no SYN: the capture began in the middle of the transfer
  DecodedPacket p = Packet(Sec(1), Proto::Tcp, Ep("10.60.1.11", 49689), Ep("10.60.1.12", 6004),
                           TcpFlag::kAck | TcpFlag::kPsh, 60, 7000, &late);
  joined.Add(true, p);
  const payload::Bytes done = Dialogue::Text("DONE 40 2 512\r\n");
  DecodedPacket q = Packet(Sec(2), Proto::Tcp, Ep("10.60.1.12", 6004), Ep("10.60.1.11", 49689),
                           TcpFlag::kAck | TcpFlag::kPsh, 60, 9000, &done);
  joined.Add(false, q);
  CHECK(joined.Facts().protocol == MessengerProtocol::NateOn);
  CHECK_FALSE(joined.Recognised());
}
