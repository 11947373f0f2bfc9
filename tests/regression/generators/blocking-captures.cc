// The blocking case's script, host pc01 (10.60.1.105), times in ms after 2025-03-10T09:00:00Z, 30 s,
// one session each (payloads as in messenger-captures.cc):
//   #1 msnmsgr.exe    -> 64.4.9.254:1863      MSN dispatch (VER/CVR/USR/XFR NS)   in the IP table
//   #2 msnmsgr.exe    -> 207.46.107.41:1863   MSN notification login               in the IP table
//   #3 NateOn.exe     -> 211.234.240.10:5004  NateOn dispatch (PVER/AUTH/REQS)     in the IP table
//   #4 notepad2.exe   -> 64.4.9.254:1863      the renamed MSN client (class MSNMSGRBlClass)
//   #5 msnmsgr.exe    -> 198.51.100.50:1863   an IP-relay proxy outside the table
//   #6 notepad2.exe   -> 198.51.100.50:1863   renamed and through the relay
//   #7 chrome.exe     -> 64.4.200.10:443      benign, a shared CDN address inside 64.4.0.0/16
//   #8 chrome.exe     -> 93.184.216.34:80     benign HTTP
//   #9 wuauclt.exe    -> 207.46.200.20:80     benign update download, inside 207.46.0.0/16
//  #10 notepad2.exe   -> 198.51.100.50:1863   renamed, through the relay, 30 ms between two polls:
//                                             no socket-log row, so the engine labels it from what it
//                                             learnt of that remote (stage C, the latest owner: #6)
//  #11 notepad2.exe   -> 198.51.100.60:1863   the same between polls, to a relay address never seen
//                                             before: nothing labels it (Unknown), the truth knows
// The socket log gets two extra columns, window_class and control_text, as a logger that reads
// the owner's top-level window would write them (docs/formats.md).
#include "tests/regression/generators/blocking-captures.h"

#include "models/payload/messenger-payload.h"
#include "tests/regression/generators/capture-script.h"

#include <fstream>
#include <map>
#include <sstream>

namespace ntlab::regression {
namespace {

using payload::BuildMessengerCommand;
using Turn = TcpConnection::Turn;

constexpr Ipv4 kHost = 0x0a3c0169;  // 10.60.1.105

struct Program {
  std::uint32_t pid;
  const char* image;
  const char* window_class;
  const char* control_text;
};
const Program kMsn{3120, "msnmsgr.exe", "MSNMSGRBlClass", "MSN Messenger"};
const Program kRenamed{3500, "notepad2.exe", "MSNMSGRBlClass", "MSN Messenger"};
const Program kNateOn{3388, "NateOn.exe", "NATEON_MAIN", "NateOn"};
const Program kChrome{2210, "chrome.exe", "Chrome_WidgetWin_1", "New Tab - Google Chrome"};
const Program kUpdate{1040, "wuauclt.exe", "", ""};  // a service: no window

Bytes Text(const std::string& text) { return Bytes(text.begin(), text.end()); }
Turn C(const std::string& verb, const std::vector<std::string>& args) {
  return Turn{true, BuildMessengerCommand(verb, args), 20'000};
}
Turn S(const std::string& verb, const std::vector<std::string>& args) {
  return Turn{false, BuildMessengerCommand(verb, args), 20'000};
}

std::vector<Turn> MsnDispatch() {
  return {C("VER", {"1", "MSNP8", "CVR0"}),
          S("VER", {"1", "MSNP8"}),
          C("CVR", {"2", "0x0409", "winnt", "5.1", "i386", "MSNMSGR", "6.0.0602", "MSMSGS", "alice@hotmail.com"}),
          S("CVR", {"2", "6.0.0602", "6.0.0602", "1.0.0000", "http://download.microsoft.com", "http://messenger.msn.com"}),
          C("USR", {"3", "TWN", "I", "alice@hotmail.com"}),
          S("XFR", {"3", "NS", "207.46.107.41:1863", "0", "64.4.9.254:1863"})};
}

std::vector<Turn> MsnLogin() {
  return {C("VER", {"4", "MSNP8", "CVR0"}), S("VER", {"4", "MSNP8"}),
          C("USR", {"5", "TWN", "I", "alice@hotmail.com"}), S("USR", {"5", "OK", "alice@hotmail.com", "Alice", "1", "0"}),
          C("CHG", {"6", "NLN", "0"}), S("CHG", {"6", "NLN", "0"})};
}

std::vector<Turn> NateOnDispatch() {
  return {C("PVER", {"1", "3.871", "3.0", "ko.linux"}), S("PVER", {"1", "3.871", "3.0"}),
          C("AUTH", {"2", "AUTH"}),                       S("AUTH", {"2", "AUTH"}),
          C("REQS", {"3", "DES", "alice@nate.com"}),      S("REQS", {"3", "dp1:1", "203.226.253.50", "5004"})};
}

TcpConnection Connection(const Program& program, std::uint16_t port, const char* server, std::uint16_t serverPort,
                         double openMs, std::vector<Turn> turns) {
  TcpConnection c;
  c.local = {kHost, port};
  c.remote = {*ParseIpv4(server), serverPort};
  c.pid = program.pid;
  c.process = program.image;
  c.open = AtMs(openMs);
  c.close = AtMs(openMs + 1500);
  c.turns = std::move(turns);
  return c;
}

std::vector<Turn> Http(const std::string& hostName, std::size_t bodyBytes) {
  return {Turn{true, Text("GET / HTTP/1.1\r\nHost: " + hostName + "\r\n\r\n"), 20'000},
          Turn{false, Text("HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(bodyBytes) + "\r\n\r\n" +
                           std::string(bodyBytes, 'x')),
               20'000}};
}

// Appends window_class and control_text to each row of the snapshot socket log, by its pid.
void AddIdentityColumns(const std::filesystem::path& socketLog) {
  const std::map<std::string, const Program*> byPid = {
      {"3120", &kMsn}, {"3500", &kRenamed}, {"3388", &kNateOn}, {"2210", &kChrome}, {"1040", &kUpdate}};
  std::ifstream in(socketLog);
  std::ostringstream out;
  std::string line;
  std::getline(in, line);
  out << line << ",window_class,control_text\n";
  while (std::getline(in, line)) {
    // snapshot form: ts,host,proto,local_ip,local_port,remote_ip,remote_port,state,pid,process
    std::string pid = line.substr(0, line.rfind(','));
    pid = pid.substr(pid.rfind(',') + 1);
    auto it = byPid.find(pid);
    out << line << ',' << (it == byPid.end() ? "" : it->second->window_class) << ','
        << (it == byPid.end() ? "" : it->second->control_text) << '\n';
  }
  in.close();
  std::ofstream(socketLog) << out.str();
}

}  // namespace

void WriteBlockingCase(const std::filesystem::path& dir) {
  ScriptConfig config;
  config.host_ip = kHost;
  config.first_poll = AtMs(0);
  config.last_poll = AtMs(30000);
  config.time_wait = 2 * kUsPerSecond;  // short, to keep the committed socket log small
  CaptureScript script(config);
  script.Tcp(Connection(kMsn, 50001, "64.4.9.254", 1863, 1000, MsnDispatch()));
  script.Tcp(Connection(kMsn, 50002, "207.46.107.41", 1863, 4000, MsnLogin()));
  script.Tcp(Connection(kNateOn, 50003, "211.234.240.10", 5004, 7000, NateOnDispatch()));
  script.Tcp(Connection(kRenamed, 50004, "64.4.9.254", 1863, 10000, MsnDispatch()));
  script.Tcp(Connection(kMsn, 50005, "198.51.100.50", 1863, 13000, MsnLogin()));
  script.Tcp(Connection(kRenamed, 50006, "198.51.100.50", 1863, 16000, MsnLogin()));
  script.Tcp(Connection(kChrome, 50007, "64.4.200.10", 443, 19000, Http("cdn.example.net", 4000)));
  script.Tcp(Connection(kChrome, 50008, "93.184.216.34", 80, 22000, Http("example.com", 2000)));
  script.Tcp(Connection(kUpdate, 50009, "207.46.200.20", 80, 25000, Http("update.example.com", 12000)));
  TcpConnection between = Connection(kRenamed, 50010, "198.51.100.50", 1863, 28010, {});
  between.turns = {Turn{true, BuildMessengerCommand("VER", {"1", "MSNP8", "CVR0"}), 5'000},
                   Turn{false, BuildMessengerCommand("VER", {"1", "MSNP8"}), 5'000}};
  between.close = AtMs(28040);
  between.host_closes = false;  // no TIME_WAIT row for a later poll to see
  script.Tcp(between);
  TcpConnection unseen = between;
  unseen.local.port = 50011;
  unseen.remote = {*ParseIpv4("198.51.100.60"), 1863};
  unseen.open = AtMs(29010);
  unseen.close = AtMs(29040);
  script.Tcp(unseen);
  std::filesystem::create_directories(dir);
  script.Write(dir);
  AddIdentityColumns(dir / "socketlog.csv");
}

}  // namespace ntlab::regression
