// Post-processing: the full socket-log scan (port reuse, TIME_WAIT rows, UDP sockets without a
// remote) and SNI matching, through the whole pipeline in batch and streaming mode.
#include "analyzers/labeling/event-match.h"
#include "analyzers/labeling/full-socket-scan.h"
#include "analyzers/labeling/labeling-pipeline.h"

#include "tests/analyzers/labeling/labeling-fixtures.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

using namespace ntlab;
using namespace ntlab::fixtures;
using namespace ntlab::TcpFlag;
namespace fs = std::filesystem;

namespace {

const Endpoint kServer = Ep("198.51.100.10", 443);

Session MakeSession(Proto proto, std::uint16_t localPort, Endpoint remote, TimeUs first, TimeUs last) {
  Session s;
  s.key = SessionKey{proto, Ep("10.0.0.11", localPort), remote};
  s.first_ts = first;
  s.last_ts = last;
  return s;
}

// Polls every second from `from` to `to` (inclusive) of one socket.
void Hold(std::vector<SocketRow>& rows, double from, double to, SocketRow socket) {
  for (double t = from; t <= to + 1e-9; t += 1.0) {
    socket.ts = Sec(t);
    rows.push_back(socket);
  }
}

std::string ScanAnswer(FullSocketScan& scan, const SocketIndex& index, const Session& s) {
  auto r = scan.TryMatch(MatchQuery{s, s.first_ts, index.FindHost("pc01"), SocketIndex::npos});
  return r ? std::string(r->process) : std::string("-");
}

}  // namespace

TEST_CASE("full scan: a reused local port follows the tenant that overlaps the session", "[analysis][labeling]") {
  std::vector<SocketRow> rows;
  const Endpoint local = Ep("10.0.0.11", 50123);
  Hold(rows, 0, 10, Tcp(0, "pc01", local, kServer, SocketState::Established, 100, "chrome.exe"));
  Hold(rows, 11, 13, Tcp(0, "pc01", local, kServer, SocketState::TimeWait, 0, ""));  // TIME_WAIT: pid 0
  Hold(rows, 20, 30, Tcp(0, "pc01", local, Ep("203.0.113.7", 80), SocketState::Established, 200, "curl.exe"));
  auto index = SocketIndex::FromRows(rows);
  FullSocketScan scan(index);
  REQUIRE(scan.Tenancies(index.FindHost("pc01"), Proto::Tcp, 50123).size() == 2);  // pid 0 rows ignored
  // Inside curl's tenancy, although chrome held the port 10 s earlier.
  CHECK(ScanAnswer(scan, index, MakeSession(Proto::Tcp, 50123, Ep("203.0.113.9", 80), Sec(25), Sec(26))) == "curl.exe");
  CHECK(ScanAnswer(scan, index, MakeSession(Proto::Tcp, 50123, kServer, Sec(5), Sec(6))) == "chrome.exe");
  // Between the two tenants (during TIME_WAIT): equally near in rows -> no majority -> refused.
  CHECK(ScanAnswer(scan, index, MakeSession(Proto::Tcp, 50123, kServer, Sec(15), Sec(15.5))) == "-");
  // Near only chrome's end: chrome is nearest but curl holds as many polls nearby -> refused.
  CHECK(ScanAnswer(scan, index, MakeSession(Proto::Tcp, 50123, kServer, Sec(11), Sec(11.5))) == "-");
}

TEST_CASE("full scan: nearest tenant with a majority, then all dates", "[analysis][labeling]") {
  std::vector<SocketRow> rows;
  Hold(rows, 0, 20, Udp(0, "pc01", Ep("0.0.0.0", 5353), 1200, "svchost.exe"));  // UDP: no remote
  Hold(rows, 0, 1, Udp(0, "pc01", Ep("10.0.0.11", 137), 4, "System"));
  Hold(rows, 1000, 1002, Tcp(0, "pc01", Ep("10.0.0.11", 50200), kServer, SocketState::Established, 7, "Code.exe"));
  auto index = SocketIndex::FromRows(rows);
  FullSocketScan scan(index);
  // A UDP flow 30 s after the socket was last logged: within proximity, the only tenant.
  CHECK(ScanAnswer(scan, index, MakeSession(Proto::Udp, 5353, Ep("224.0.0.251", 5353), Sec(50), Sec(51))) ==
        "svchost.exe");
  // Hours away from any log of port 50200: the all-dates statistics decide.
  CHECK(ScanAnswer(scan, index, MakeSession(Proto::Tcp, 50200, kServer, Sec(9000), Sec(9001))) == "Code.exe");
  CHECK(ScanAnswer(scan, index, MakeSession(Proto::Tcp, 50201, kServer, Sec(9000), Sec(9001))) == "-");
}

namespace {

// One host, a 100 s capture:
//  - two chrome TLS sessions (SNI app.example.com) that stage A labels -> the SNI table learns;
//  - an Unknown TLS session at t=70 s to another server, its ClientHello split over two segments;
//    no socket ever -> sni;
//  - a UDP flow at t=40 s whose socket was logged at t=80-85 s only -> full_scan;
//  - a TCP session with no socket and no SNI -> stays Unknown.
struct Run {
  std::string dir;
  LabelOptions options;
};

Run Prepare(const std::string& name) {
  Run run;
  run.dir = TempPath(name);
  fs::remove_all(run.dir);
  fs::create_directories(run.dir + "/pcap");
  const TimeUs t0 = Sec(1741597200);
  const Endpoint cdn = Ep("203.0.113.9", 443);
  const Endpoint dns = Ep("10.0.0.2", 53);
  {
    PcapBuilder b(run.dir + "/pcap/10.0.0.11_20250310T090000Z.pcap");
    auto tls = [&](TimeUs at, std::uint16_t port, Endpoint server, bool split) {
      Endpoint local = Ep("10.0.0.11", port);
      auto hello = ClientHelloRecord("app.example.com");
      b.Tcp(at, local, server, kSyn, 1000);
      b.Tcp(at + 1000, server, local, kSyn | kAck, 5000);
      if (split) {
        std::vector<std::uint8_t> first(hello.begin(), hello.begin() + 20), second(hello.begin() + 20, hello.end());
        b.Tcp(at + 2000, local, server, kAck | kPsh, 1001, first);
        b.Tcp(at + 3000, local, server, kAck | kPsh, 1001 + 20, second);
      } else {
        b.Tcp(at + 2000, local, server, kAck | kPsh, 1001, hello);
      }
      b.Tcp(at + 4000, local, server, kRst, 2000);
    };
    tls(t0 + Sec(1), 50001, kServer, false);
    tls(t0 + Sec(5), 50002, kServer, false);
    b.Udp(t0 + Sec(40), Ep("10.0.0.11", 50010), dns, 30);
    b.Udp(t0 + Sec(40.01), dns, Ep("10.0.0.11", 50010), 60);
    tls(t0 + Sec(70), 50003, cdn, true);
    b.Tcp(t0 + Sec(90), Ep("10.0.0.11", 50020), cdn, kSyn, 1);
    b.Tcp(t0 + Sec(90.1), cdn, Ep("10.0.0.11", 50020), kRst | kAck, 0);
    b.Udp(t0 + Sec(99), Ep("10.0.0.11", 137), Ep("10.0.0.255", 137), 50);
  }
  {
    SocketLogWriter log(run.dir + "/sockets.csv");
    for (int i = 0; i <= 100; ++i) {
      TimeUs ts = t0 + Sec(i);
      log.Write({ts, "pc01", Proto::Udp, Ip("10.0.0.11"), 137, std::nullopt, SocketState::None, 4, "System"});
      if (i >= 1 && i <= 2)
        log.Write({ts, "pc01", Proto::Tcp, Ip("10.0.0.11"), 50001, kServer, SocketState::Established, 4242, "chrome.exe"});
      if (i >= 5 && i <= 6)
        log.Write({ts, "pc01", Proto::Tcp, Ip("10.0.0.11"), 50002, kServer, SocketState::Established, 4242, "chrome.exe"});
      if (i >= 80 && i <= 85)
        log.Write({ts, "pc01", Proto::Udp, 0, 50010, std::nullopt, SocketState::None, 1200, "svchost.exe"});
    }
    log.Commit();
  }
  run.options.pcap_inputs = {run.dir + "/pcap"};
  run.options.socket_log = run.dir + "/sockets.csv";
  run.options.labels_out = run.dir + "/labels.csv";
  return run;
}

std::vector<std::string> SortedLabels(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::sort(lines.begin(), lines.end());
  return lines;
}

}  // namespace

TEST_CASE("post-processing: full scan and a split ClientHello to the sni stage", "[analysis][labeling]") {
  auto run = Prepare("post-batch");
  LabelSummary summary = RunLabeling(run.options);
  LabelReader reader(run.options.labels_out);
  std::map<std::uint16_t, LabelRow> byPort;
  for (LabelRow row; reader.Next(row);) byPort[row.host.port] = row;
  REQUIRE(byPort.size() == 6);
  CHECK(byPort[50001].stage == "A");
  CHECK(byPort[50002].stage == "A");
  CHECK(byPort[50003].process == "chrome.exe");
  CHECK(byPort[50003].stage == "sni");
  CHECK(byPort[50010].process == "svchost.exe");
  CHECK(byPort[50010].stage == "full_scan");
  CHECK(byPort[50020].process == kUnknownProcess);
  CHECK(summary.Monitored() == 6);
  CHECK(summary.engine_matched == 3);
  CHECK(summary.matched == 5);
  CHECK(*summary.EngineRate() == Approx(0.5));
  CHECK(*summary.MatchingRate() == Approx(5.0 / 6.0));
}

TEST_CASE("post-processing: streaming passes every 30 s give the batch labels", "[analysis][labeling]") {
  auto batch = Prepare("post-batch-eq");
  RunLabeling(batch.options);
  auto streaming = Prepare("post-streaming-eq");
  streaming.options.post.streaming = true;
  streaming.options.post.interval = 30 * kUsPerSecond;
  RunLabeling(streaming.options);
  auto a = SortedLabels(batch.options.labels_out);
  auto b = SortedLabels(streaming.options.labels_out);
  CHECK(a.size() == 7);  // header + 6 sessions
  CHECK(a == b);
  streaming.options.post.interval = 1 * kUsPerSecond;  // many more passes: still the same
  RunLabeling(streaming.options);
  CHECK(SortedLabels(streaming.options.labels_out) == a);
}

TEST_CASE("post-processor releases final sessions in streaming mode and holds only SNI ones", "[analysis][labeling]") {
  auto index = SocketIndex::FromRows({Udp(Sec(0), "pc01", Ep("10.0.0.11", 137), 4, "System"),
                                      Udp(Sec(10), "pc01", Ep("10.0.0.11", 5000), 9, "app.exe")});
  std::vector<std::string> released;
  PostProcessConfig config;
  config.streaming = true;
  PostProcessor post(index, config, [&](const LabelledSession& l) {
    released.push_back(l.decision ? l.decision->stage : "Unknown");
  });
  HostId host = index.FindHost("pc01");
  std::optional<LabelDecision> none;
  Session scan = MakeSession(Proto::Udp, 5000, Ep("10.0.0.2", 53), Sec(11), Sec(12));
  Session plain = MakeSession(Proto::Tcp, 6000, kServer, Sec(11), Sec(12));
  Session tls = MakeSession(Proto::Tcp, 6001, kServer, Sec(11), Sec(12));
  tls.sni = "app.example.com";
  post.OnPacketTime(Sec(0));
  post.OnEngineFinished({scan, host, none});
  post.OnEngineFinished({plain, host, none});
  post.OnEngineFinished({tls, host, none});
  CHECK(released.empty());
  post.OnPacketTime(Sec(31));  // first pass
  CHECK(released == std::vector<std::string>{"full_scan", "Unknown"});
  post.Finish();
  CHECK(released.size() == 3);
  CHECK(released[2] == "Unknown");  // nothing learnt for that name
}

TEST_CASE("events given to post-processing label what the engine left Unknown, as events_post",
          "[analysis][labeling]") {
  std::vector<SocketRow> rows;
  Hold(rows, 0, 5, Udp(0, "pc01", Ep("10.0.0.11", 137), 4, "System"));
  auto index = SocketIndex::FromRows(rows);
  const Endpoint local = Ep("10.0.0.11", 50500);
  auto events = std::make_unique<EventMatch>(EventMatch::FromRows(
      {{Sec(2.3), "pc01", EventKind::Connect, Proto::Tcp, local.ip, local.port, kServer, 9, "curl.exe"},
       {Sec(2.6), "pc01", EventKind::Close, Proto::Tcp, local.ip, local.port, kServer, 9, ""}},
      index));
  std::vector<std::optional<LabelDecision>> finals;
  PostProcessor post(index, PostProcessConfig{}, [&](const LabelledSession& l) { finals.push_back(l.decision); },
                     std::move(events));
  Session s = MakeSession(Proto::Tcp, 50500, kServer, Sec(2.31), Sec(2.5));
  const std::optional<LabelDecision> none;
  post.OnEngineFinished(LabelledSession{s, index.FindHost("pc01"), none});
  post.Finish();
  REQUIRE(finals.size() == 1);
  REQUIRE(finals[0]);
  CHECK(finals[0]->process == "curl.exe");
  CHECK(finals[0]->stage == "events_post");
  CHECK(IsPostProcessingStage(finals[0]->stage));  // counts after post-processing, not in the engine rate
}
