// Times are milliseconds after 2025-03-10T09:00:00Z. Host A 10.60.1.105 (paper 004's PC A) runs
// msnmsgr.exe and NateOn.exe; B 10.60.1.177 is the other PC. Server addresses are in paper 004's
// 2009 ranges. Payloads follow PROTOCOLS.md 3.1 / 3.2 (models/payload/messenger-payload.h).
//
//   1000  MSN dispatch 64.4.9.254:1863: VER, CVR, USR TWN I -> XFR 3 NS 207.46.107.41:1863
//   1600  notification 207.46.107.41:1863: VER, CVR, USR TWN I/S, USR OK, profile MSG, SYN, LST,
//         CHG, CHL/QRY, XFR 11 SB 64.4.34.17:1863, RNG from Bob naming 64.4.34.19:1863, PNG/QNG
//   3500  switchboard 64.4.34.17:1863: USR, CAL, JOI, MSG both ways; Bob's MSNSLP 200 OK offers a
//         direct connection on 10.60.1.177:6891
//  11000  P2P 10.60.1.105 -> 10.60.1.177:6891: hello "foo", handshakes, ten 1,202-byte data frames
//  20000  switchboard 64.4.34.19:1863 (from the RNG): ANS, IRO, ANS OK, MSG both ways
//  30000  MSN dispatch on port 443 (64.4.15.10:443) -> XFR NS 207.46.125.20:80
//  31000  notification on port 80: the login through to CHG
//  41000  NateOn dispatch 211.234.240.10:5004: PVER, AUTH, REQS -> REQS 3 dp1:1 203.226.253.50 5004
//  42000  NateOn main server 203.226.253.50:5004: LSIN, CONF (7,870-byte config), GLST, PING
//  91000  NateOn dispatch 211.234.240.11:5004, cut after PVER: nothing says dispatch (role unknown)
//  92000  HTTP on 64.4.9.99:1863 and 93000 a binary protocol on 198.51.100.7:1863: not messengers
//    200  a second notification session (207.46.107.42:1863) opened before the capture (which starts
//         at 900): the server's NLN push comes first, then PNG/QNG (32.5 s), XFR SB naming
//         64.4.34.20:1863 (42.5 s), never connected to in the capture
#include "tests/regression/generators/messenger-captures.h"

#include "analyzers/formats/messenger-files.h"
#include "models/payload/messenger-payload.h"
#include "tests/regression/generators/capture-script.h"

namespace ntlab::regression {
namespace {

using payload::BuildMessengerCommand;
using payload::BuildMessengerPayloadCommand;
using Turn = TcpConnection::Turn;

constexpr Ipv4 kHostA = 0x0a3c0169;  // 10.60.1.105
constexpr std::uint32_t kMsnPid = 3120, kNateOnPid = 3388;

Ipv4 Ip(const char* text) { return *ParseIpv4(text); }

Bytes Text(const std::string& text) { return Bytes(text.begin(), text.end()); }
Turn C(Bytes data, TimeUs after = 20'000) { return Turn{true, std::move(data), after}; }
Turn S(Bytes data, TimeUs after = 20'000) { return Turn{false, std::move(data), after}; }
Turn C(const std::string& verb, const std::vector<std::string>& args, TimeUs after = 20'000) {
  return C(BuildMessengerCommand(verb, args), after);
}
Turn S(const std::string& verb, const std::vector<std::string>& args, TimeUs after = 20'000) {
  return S(BuildMessengerCommand(verb, args), after);
}

const std::vector<std::string> kCvr = {"0x0409",  "winnt",    "5.1",    "i386",
                                       "MSNMSGR", "6.0.0602", "MSMSGS", "alice@hotmail.com"};

std::vector<Turn> MsnDispatch(const std::string& notification, const std::string& self) {
  std::vector<std::string> cvr = kCvr;
  cvr.insert(cvr.begin(), "2");
  return {C("VER", {"1", "MSNP8", "CVR0"}),
          S("VER", {"1", "MSNP8"}),
          C("CVR", cvr),
          S("CVR", {"2", "6.0.0602", "6.0.0602", "1.0.0000", "http://download.microsoft.com/download/msnmessenger",
                    "http://messenger.msn.com"}),
          C("USR", {"3", "TWN", "I", "alice@hotmail.com"}),
          S("XFR", {"3", "NS", notification, "0", self})};
}

std::vector<Turn> MsnLogin() {
  std::vector<std::string> cvr = kCvr;
  cvr.insert(cvr.begin(), "5");
  return {
      C("VER", {"4", "MSNP8", "CVR0"}),
      S("VER", {"4", "MSNP8"}),
      C("CVR", cvr),
      S("CVR", {"5", "6.0.0602", "6.0.0602", "1.0.0000", "http://download.microsoft.com/download/msnmessenger",
                "http://messenger.msn.com"}),
      C("USR", {"6", "TWN", "I", "alice@hotmail.com"}),
      S("USR", {"6", "TWN", "S",
                "lc=1033,id=507,tw=40,fs=1,ru=http%3A%2F%2Fmessenger%2Emsn%2Ecom,ct=1251331200,"
                "kpp=1,kv=5,ver=2.1.0173.1,tpf=43f8a4c8ed940c04e3740be46c4d1619"}),
      C("USR", {"7", "TWN", "S", "t=53*1hAu8ADuD3TEwdXoOMi08sD*2!cMrntTwVMTjoB3p6stWTqzbkKZPVQzA5NOt19SLI60PY!b8K4"},
        900'000),
      S("USR", {"7", "OK", "alice@hotmail.com", "Alice", "1", "0"}),
      S(BuildMessengerPayloadCommand("MSG", {"Hotmail", "Hotmail"}, payload::BuildMsnpProfile("alice@hotmail.com"))),
      C("SYN", {"8", "0"}),
      S("SYN", {"8", "41", "1", "0"}),
      S("LST", {"bob@hotmail.com", "Bob", "11", "0"}),
      C("CHG", {"9", "NLN", "0"}),
      S("CHG", {"9", "NLN", "0"})};
}

TcpConnection Connection(std::uint16_t port, const char* server, std::uint16_t serverPort, double openMs,
                         double closeMs, bool nateon, std::vector<Turn> turns) {
  TcpConnection c;
  c.local = {kHostA, port};
  c.remote = {Ip(server), serverPort};
  c.pid = nateon ? kNateOnPid : kMsnPid;
  c.process = nateon ? "NateOn.exe" : "msnmsgr.exe";
  c.open = AtMs(openMs);
  c.close = AtMs(closeMs);
  c.turns = std::move(turns);
  return c;
}

void MsnNotification(CaptureScript& script) {
  std::vector<Turn> t = MsnLogin();
  const std::vector<Turn> more = {
      S("CHL", {"0", "29409134351025259292"}),
      C(BuildMessengerPayloadCommand("QRY", {"10", "msmsgs@msnmsgr.com"}, Text("8b5a29b4c8ec4e20d1c0e1d2f3a4b5c6"))),
      S("QRY", {"10"}),
      C("XFR", {"11", "SB"}, 200'000),
      S("XFR", {"11", "SB", "64.4.34.17:1863", "CKI", "17262740.1050826919.32308"}),
      S("RNG", {"11752013", "64.4.34.19:1863", "CKI", "849102291.520491113", "bob@hotmail.com", "Bob"}, 16'000'000),
      C("PNG", {}, 20'000'000),
      S("QNG", {"50"})};
  t.insert(t.end(), more.begin(), more.end());
  script.Tcp(Connection(50002, "207.46.107.41", 1863, 1600, 60000, false, t));
}

void MsnSwitchboards(CaptureScript& script) {
  const Bytes hello = payload::BuildMsnpTextMessage("hi Bob, the report is coming");
  const Bytes answer = payload::BuildMsnpTextMessage("ok, send it");
  const Bytes offer = payload::BuildMsnSlpDirectOffer("bob@hotmail.com", "alice@hotmail.com", "10.60.1.177", 6891);
  script.Tcp(Connection(
      50003, "64.4.34.17", 1863, 3500, 10500, false,
      {C("USR", {"1", "alice@hotmail.com", "17262740.1050826919.32308"}),
       S("USR", {"1", "OK", "alice@hotmail.com", "Alice"}), C("CAL", {"2", "bob@hotmail.com"}),
       S("CAL", {"2", "RINGING", "11752099"}), S("JOI", {"bob@hotmail.com", "Bob"}, 500'000),
       C(BuildMessengerPayloadCommand("MSG", {"3", "N"}, hello), 1'000'000),
       S(BuildMessengerPayloadCommand("MSG", {"bob@hotmail.com", "Bob"}, answer), 2'000'000),
       S(BuildMessengerPayloadCommand("MSG", {"bob@hotmail.com", "Bob"}, offer), 1'000'000), C("OUT", {}, 1'500'000)}));
  script.Tcp(Connection(50005, "64.4.34.19", 1863, 20000, 25000, false,
                        {C("ANS", {"1", "alice@hotmail.com", "849102291.520491113", "11752013"}),
                         S("IRO", {"1", "1", "1", "bob@hotmail.com", "Bob"}), S("ANS", {"1", "OK"}),
                         S(BuildMessengerPayloadCommand("MSG", {"bob@hotmail.com", "Bob"}, answer), 1'000'000),
                         C(BuildMessengerPayloadCommand("MSG", {"2", "N"}, hello), 1'000'000)}));
}

void MsnDirectTransfer(CaptureScript& script) {
  using payload::BuildMsnDirectFrame;
  constexpr std::uint32_t kSession = 0x2f1e0d0c, kChunk = 1202, kChunks = 10;
  std::vector<Turn> t = {C(payload::BuildMsnDirectHello()), C(BuildMsnDirectFrame(0, 0x4a1c0f30, 0, 0, 0x100, {})),
                         S(BuildMsnDirectFrame(0, 0x6b2d1e40, 0, 0, 0x100, {}))};
  for (std::uint32_t k = 0; k < kChunks; ++k) {
    Bytes chunk(kChunk, std::uint8_t('A' + k));
    t.push_back(C(BuildMsnDirectFrame(kSession, 0x4a1c0f31, k * kChunk, kChunks * kChunk, 0x1000000, chunk), 5'000));
  }
  t.push_back(S(BuildMsnDirectFrame(kSession, 0x6b2d1e41, 0, kChunks * kChunk, 0x2, {})));
  script.Tcp(Connection(50004, "10.60.1.177", 6891, 11000, 13500, false, t));
}

void NateOn(CaptureScript& script) {
  script.Tcp(Connection(50008, "211.234.240.10", 5004, 41000, 41500, true,
                        {C("PVER", {"1", "3.871", "3.0", "ko.linux"}), S("PVER", {"1", "3.871", "3.0"}),
                         C("AUTH", {"2", "AUTH"}), S("AUTH", {"2", "AUTH"}), C("REQS", {"3", "DES", "alice@nate.com"}),
                         S("REQS", {"3", "dp1:1", "203.226.253.50", "5004"})}));
  script.Tcp(Connection(
      50009, "203.226.253.50", 5004, 42000, 90000, true,
      {C("LSIN", {"1", "alice@nate.com", "5f4dcc3b5aa765d61d8327deb882cf99", "MD5", "3.871", "UTF8"}),
       S("LSIN", {"1", "alice@nate.com", "Alice", "0", "0"}), C("CONF", {"2", "0", "0"}),
       S(BuildMessengerPayloadCommand("CONF", {"2", "4481"}, payload::BuildNateOnConfig(7870))), C("GLST", {"3", "0"}),
       S("GLST", {"3", "0", "1", "1", "0", "friends"}), C("PING", {"4"}, 40'000'000), S("PING", {"0"})}));
  script.Tcp(Connection(50010, "211.234.240.11", 5004, 91000, 91300, true,
                        {C("PVER", {"1", "3.871", "3.0", "ko.linux"}), S("PVER", {"1", "3.871", "3.0"})}));
}

// A notification session opened before the capture began (at 900 ms): its SYN and login are lost,
// the server's presence push comes first, then PNG/QNG and a switchboard request.
void LateNotification(CaptureScript& script) {
  std::vector<std::string> cvr = kCvr;
  cvr.insert(cvr.begin(), "2");
  script.Tcp(Connection(
      50013, "207.46.107.42", 1863, 200, 94000, false,
      {C("VER", {"1", "MSNP8", "CVR0"}), S("VER", {"1", "MSNP8"}), C("CVR", cvr),
       S("CVR", {"2", "6.0.0602", "6.0.0602", "1.0.0000", "http://download.microsoft.com/download/msnmessenger",
                 "http://messenger.msn.com"}),
       C("USR", {"3", "TWN", "I", "carol@hotmail.com"}), S("NLN", {"NLN", "bob@hotmail.com", "Bob", "0"}, 2'000'000),
       C("PNG", {}, 30'000'000), S("QNG", {"45"}), C("XFR", {"12", "SB"}, 10'000'000),
       S("XFR", {"12", "SB", "64.4.34.20:1863", "CKI", "991283.1123.44"})}));
}

void NotMessengers(CaptureScript& script) {
  script.Tcp(Connection(50011, "64.4.9.99", 1863, 92000, 92500, false,
                        {C(Text("GET / HTTP/1.1\r\nHost: 64.4.9.99:1863\r\n\r\n")),
                         S(Text("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"))}));
  Bytes request = {0x16, 0x00, 0x00, 0x10, 0x01, 0x02, 0x4d, 0x53, 0x4e, 0x50, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00};
  script.Tcp(Connection(50012, "198.51.100.7", 1863, 93000, 93500, false, {C(request), S(Bytes(24, 0x5a))}));
}

std::vector<MessengerRoleTruthRow> Roles() {
  auto at = [](const char* ip, std::uint16_t port, MessengerRole role) {
    return MessengerRoleTruthRow{Endpoint{Ip(ip), port}, role};
  };
  using R = MessengerRole;
  return {at("64.4.9.254", 1863, R::Dispatch),         at("207.46.107.41", 1863, R::Notification),
          at("64.4.34.17", 1863, R::Switchboard),      at("64.4.34.19", 1863, R::Switchboard),
          at("10.60.1.177", 6891, R::P2pPeer),         at("64.4.15.10", 443, R::Dispatch),
          at("207.46.125.20", 80, R::Notification),    at("211.234.240.10", 5004, R::Dispatch),
          at("203.226.253.50", 5004, R::Notification), at("211.234.240.11", 5004, R::Dispatch),
          at("207.46.107.42", 1863, R::Notification),  at("64.4.34.20", 1863, R::Switchboard)};
}

}  // namespace

void WriteMessengersCase(const std::filesystem::path& dir) {
  ScriptConfig config;
  config.host_ip = kHostA;
  config.first_poll = AtMs(0);
  config.last_poll = AtMs(95000);
  config.capture_start = AtMs(900);
  CaptureScript script(config);
  script.Tcp(
      Connection(50001, "64.4.9.254", 1863, 1000, 1500, false, MsnDispatch("207.46.107.41:1863", "64.4.9.254:1863")));
  MsnNotification(script);
  MsnSwitchboards(script);
  MsnDirectTransfer(script);
  script.Tcp(
      Connection(50006, "64.4.15.10", 443, 30000, 30500, false, MsnDispatch("207.46.125.20:80", "64.4.15.10:443")));
  script.Tcp(Connection(50007, "207.46.125.20", 80, 31000, 40000, false, MsnLogin()));
  NateOn(script);
  NotMessengers(script);
  LateNotification(script);
  std::filesystem::create_directories(dir);
  script.WriteCapture(dir / "capture.pcap");
  WriteMessengerRolesCsv((dir / "messenger-roles.csv").string(), Roles());
}

}  // namespace ntlab::regression
