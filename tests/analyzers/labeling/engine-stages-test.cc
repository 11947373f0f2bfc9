// The real-time engine's learning stages (A2, B, C, D) and the events stage on hand-made cases,
// including the traps: a shared remote IP, a rule past its TTL, an inbound session, a rule
// contradicted by another process, a connection that lives between two polls.
#include "analyzers/labeling/event-match.h"
#include "analyzers/labeling/five-tuple-cache.h"
#include "analyzers/labeling/remote-endpoint-cache.h"
#include "analyzers/labeling/remote-ip-statistics.h"
#include "analyzers/labeling/rule-store-match.h"

#include "tests/analyzers/labeling/labeling-fixtures.h"

#include <catch2/catch.hpp>

using namespace ntlab;
using namespace ntlab::fixtures;

namespace {

const Endpoint kServer = Ep("198.51.100.10", 443);

Session MakeSession(std::uint16_t localPort, Endpoint remote, Direction direction = Direction::Outbound,
                    Proto proto = Proto::Tcp) {
  Session s;
  s.key = SessionKey{proto, Ep("10.0.0.11", localPort), remote};
  s.direction = direction;
  return s;
}

MatchQuery Query(const Session& s, TimeUs ts, HostId host = 0) { return MatchQuery{s, ts, host, SocketIndex::npos}; }

// Teaches `stage` that `process` owned a session from `localPort` to `remote` at `ts`.
void Teach(MatchStage& stage, std::uint16_t localPort, Endpoint remote, const char* process, TimeUs ts,
           const char* by = "A", Direction direction = Direction::Outbound) {
  Session s = MakeSession(localPort, remote, direction);
  stage.Learn(Query(s, ts), MatchResult{100, process, 0}, by);
}

std::string Answer(MatchStage& stage, const Session& s, TimeUs ts) {
  auto r = stage.TryMatch(Query(s, ts));
  return r ? std::string(r->process) : std::string("-");
}

}  // namespace

TEST_CASE("A2 registers a rule only after min_hits direct matches", "[analysis][labeling]") {
  RuleStoreMatch a2(RuleStoreConfig{});
  Session next = MakeSession(50999, kServer);
  Teach(a2, 50001, kServer, "chrome.exe", Sec(1));
  Teach(a2, 50002, kServer, "chrome.exe", Sec(2));
  CHECK(Answer(a2, next, Sec(3)) == "-");         // two hits are not a rule yet
  Teach(a2, 50003, kServer, "chrome.exe", Sec(3), "B");
  CHECK(Answer(a2, next, Sec(4)) == "-");         // learnt answers do not count
  Teach(a2, 50004, kServer, "chrome.exe", Sec(4), "events");
  CHECK(Answer(a2, next, Sec(5)) == "chrome.exe");
  CHECK(a2.Rules() == 1);
  CHECK(Answer(a2, MakeSession(50999, Ep("198.51.100.10", 80)), Sec(5)) == "-");  // other port, no rule
}

TEST_CASE("A2 rule expires after its TTL of packet time", "[analysis][labeling]") {
  RuleStoreMatch a2(RuleStoreConfig{});
  for (int i = 0; i < 3; ++i) Teach(a2, std::uint16_t(50001 + i), kServer, "Code.exe", Sec(i));
  Session next = MakeSession(50999, kServer);
  const TimeUs day = 24 * 3600 * kUsPerSecond;
  CHECK(Answer(a2, next, Sec(2) + 7 * day) == "Code.exe");     // exactly 7 days: still valid
  CHECK(Answer(a2, next, Sec(2) + 7 * day + 1) == "-");         // past the TTL
  auto r = a2.TryMatch(Query(next, Sec(2) + day));
  REQUIRE(r);
  CHECK(r->evidence_ts == Sec(2));                              // for the stale-rule analysis
  // After expiry one new hit does not revive the old rule: it must be earned again.
  Teach(a2, 50010, kServer, "Code.exe", Sec(10) + 8 * day);
  CHECK(Answer(a2, next, Sec(11) + 8 * day) == "-");
}

TEST_CASE("A2 rule contradicted by another process is demoted", "[analysis][labeling]") {
  RuleStoreMatch a2(RuleStoreConfig{});
  for (int i = 0; i < 5; ++i) Teach(a2, std::uint16_t(50001 + i), kServer, "chrome.exe", Sec(i));
  Session next = MakeSession(50999, kServer);
  CHECK(Answer(a2, next, Sec(6)) == "chrome.exe");
  Teach(a2, 50100, kServer, "msedge.exe", Sec(7));
  CHECK(Answer(a2, next, Sec(8)) == "-");          // the server is shared now: no rule
  Teach(a2, 50101, kServer, "msedge.exe", Sec(9));
  Teach(a2, 50102, kServer, "msedge.exe", Sec(10));
  CHECK(Answer(a2, next, Sec(11)) == "msedge.exe");  // three consistent hits again
}

TEST_CASE("B answers the same 5-tuple only", "[analysis][labeling]") {
  FiveTupleCache b;
  Teach(b, 50001, kServer, "chrome.exe", Sec(1));
  CHECK(Answer(b, MakeSession(50001, kServer), Sec(100)) == "chrome.exe");
  CHECK(Answer(b, MakeSession(50002, kServer), Sec(100)) == "-");
  Teach(b, 50001, kServer, "curl.exe", Sec(200));  // the tuple was reused: the newer owner wins
  CHECK(Answer(b, MakeSession(50001, kServer), Sec(201)) == "curl.exe");
  Teach(b, 50003, kServer, "x.exe", Sec(1), "C");  // inferred answers are not learnt
  CHECK(Answer(b, MakeSession(50003, kServer), Sec(2)) == "-");
}

TEST_CASE("C applies to outbound sessions only", "[analysis][labeling]") {
  RemoteEndpointCache c;
  Teach(c, 50001, kServer, "chrome.exe", Sec(1));
  CHECK(Answer(c, MakeSession(50002, kServer), Sec(2)) == "chrome.exe");
  // Inbound: the remote port is the client's; a cached answer would be a coincidence.
  CHECK(Answer(c, MakeSession(50002, kServer, Direction::Inbound), Sec(2)) == "-");
  Teach(c, 445, Ep("10.0.0.12", 50000), "System", Sec(3), "A", Direction::Inbound);
  CHECK(Answer(c, MakeSession(50003, Ep("10.0.0.12", 50000)), Sec(4)) == "-");  // inbound is not learnt
}

TEST_CASE("D needs 30 observations and 85 % for one process", "[analysis][labeling]") {
  RemoteIpStatistics d;
  Session next = MakeSession(50999, Ep("198.51.100.10", 8443));
  for (int i = 0; i < 29; ++i) Teach(d, std::uint16_t(50000 + i), kServer, "chrome.exe", Sec(i));
  CHECK(Answer(d, next, Sec(30)) == "-");          // 29 < 30
  Teach(d, 50029, kServer, "chrome.exe", Sec(29));
  CHECK(Answer(d, next, Sec(30)) == "chrome.exe");  // 30/30

  // A remote shared by two processes: 26 of 31 = 83.9 % < 85 % -> refused.
  RemoteIpStatistics shared;
  for (int i = 0; i < 26; ++i) Teach(shared, std::uint16_t(50000 + i), kServer, "chrome.exe", Sec(i));
  for (int i = 0; i < 5; ++i) Teach(shared, std::uint16_t(51000 + i), kServer, "Teams.exe", Sec(i));
  CHECK(Answer(shared, next, Sec(40)) == "-");
  CHECK(shared.ProcessesFor(0, next) == 2);
  for (int i = 0; i < 3; ++i) Teach(shared, std::uint16_t(52000 + i), kServer, "chrome.exe", Sec(50 + i));
  CHECK(Answer(shared, next, Sec(60)) == "chrome.exe");  // 29 of 34 = 85.3 %
}

TEST_CASE("D keyed on the service port (ntlab) keeps one server's services apart", "[analysis][labeling]") {
  // The live lab's case: one server runs a web service (pyweb's clients) and a resolver; with the
  // IP alone, the web client's votes answer the DNS lookups and another web client's requests.
  const Endpoint web = Ep("198.51.100.10", 8080);
  const Endpoint admin = Ep("198.51.100.10", 9090);
  RemoteIpStatisticsConfig byPort;
  byPort.key_on_service_port = true;
  RemoteIpStatistics paper, ntlab(byPort);
  for (MatchStage* d : {static_cast<MatchStage*>(&paper), static_cast<MatchStage*>(&ntlab)})
    for (int i = 0; i < 30; ++i) Teach(*d, std::uint16_t(50000 + i), web, "python3", Sec(i));
  Session toAdmin = MakeSession(50999, admin);
  Session toWeb = MakeSession(50998, web);
  Session udpToWeb = MakeSession(50997, web, Direction::Outbound, Proto::Udp);
  CHECK(Answer(paper, toAdmin, Sec(40)) == "python3");  // the paper's D: the IP alone
  CHECK(Answer(ntlab, toAdmin, Sec(40)) == "-");        // no votes for that service
  CHECK(Answer(ntlab, toWeb, Sec(40)) == "python3");
  CHECK(Answer(ntlab, udpToWeb, Sec(40)) == "-");       // another protocol is another service
  // Inbound: the service is the host's own port, whatever ephemeral port the client used.
  for (int i = 0; i < 30; ++i)
    Teach(ntlab, 8443, Ep("203.0.113.7", std::uint16_t(40000 + i)), "server.exe", Sec(i), "A", Direction::Inbound);
  CHECK(Answer(ntlab, MakeSession(8443, Ep("203.0.113.7", 41234), Direction::Inbound), Sec(40)) == "server.exe");
  CHECK(Answer(ntlab, MakeSession(8444, Ep("203.0.113.7", 41234), Direction::Inbound), Sec(40)) == "-");
}

TEST_CASE("events cover a connection that lived between two polls", "[analysis][labeling]") {
  // Polls at 0 and 1 s see nothing on port 50500; the connection lived 0.2-0.6 s.
  auto index = SocketIndex::FromRows({Udp(0, "pc01", Ep("10.0.0.11", 137), 4, "System"),
                                      Udp(Sec(1), "pc01", Ep("10.0.0.11", 137), 4, "System"),
                                      Tcp(0, "pc01", Ep("10.0.0.11", 50600), kServer, SocketState::Established,
                                          77, "updater.exe")});
  const Endpoint local = Ep("10.0.0.11", 50500);
  std::vector<EventRow> events = {
      {Sec(0.2), "pc01", EventKind::Connect, Proto::Tcp, local.ip, local.port, kServer, 4242, "curl.exe"},
      {Sec(0.6), "pc01", EventKind::Close, Proto::Tcp, local.ip, local.port, kServer, 4242, ""},
      // Name left empty: the PID->name cache (from the first event) gives it.
      {Sec(5.0), "pc01", EventKind::Connect, Proto::Tcp, local.ip, 50501, kServer, 4242, ""},
      // Unknown pid, empty name: the socket log's pid->name is the fallback.
      {Sec(6.0), "pc01", EventKind::Connect, Proto::Tcp, local.ip, 50502, kServer, 77, ""},
      // Open event lost: the close alone covers a short span before it.
      {Sec(9.0), "pc01", EventKind::Close, Proto::Tcp, local.ip, 50503, kServer, 4242, "curl.exe"},
      {Sec(1.0), "pcXX", EventKind::Connect, Proto::Tcp, local.ip, 50500, kServer, 1, "x.exe"},
  };
  auto ev = EventMatch::FromRows(events, index);
  CHECK(ev.Stats().unknown_host == 1);
  Session s = MakeSession(50500, kServer);
  HostId host = index.FindHost("pc01");
  auto answer = [&](const Session& session, TimeUs ts) {
    auto r = ev.TryMatch(MatchQuery{session, ts, host, SocketIndex::npos});
    return r ? std::string(r->process) : std::string("-");
  };
  CHECK(answer(s, Sec(0.3)) == "curl.exe");
  CHECK(answer(s, Sec(1.5)) == "curl.exe");   // last ACK within the 1 s slack after close
  CHECK(answer(s, Sec(1.7)) == "-");
  CHECK(answer(MakeSession(50500, Ep("198.51.100.11", 443)), Sec(0.3)) == "-");  // other remote
  CHECK(answer(MakeSession(50501, kServer), Sec(5.1)) == "curl.exe");
  CHECK(answer(MakeSession(50502, kServer), Sec(6.1)) == "updater.exe");
  CHECK(answer(MakeSession(50503, kServer), Sec(8.0)) == "curl.exe");
  CHECK(answer(MakeSession(50503, kServer), Sec(2.0)) == "-");
}

TEST_CASE("events stage labels a sub-poll connection through the labeler", "[analysis][labeling]") {
  std::vector<SocketRow> rows;
  for (int i = 0; i < 5; ++i) rows.push_back(Udp(Sec(i), "pc01", Ep("10.0.0.11", 137), 4, "System"));
  auto index = SocketIndex::FromRows(rows);
  const Endpoint local = Ep("10.0.0.11", 50500);
  auto ev = EventMatch::FromRows(
      {{Sec(2.3), "pc01", EventKind::Connect, Proto::Tcp, local.ip, local.port, kServer, 9, "curl.exe"},
       {Sec(2.6), "pc01", EventKind::Close, Proto::Tcp, local.ip, local.port, kServer, 9, ""}},
      index);
  std::vector<std::unique_ptr<MatchStage>> stages;
  stages.push_back(std::make_unique<DirectSocketMatch>(index, StageAConfig{}));
  stages.push_back(std::make_unique<EventMatch>(std::move(ev)));
  std::vector<FinishedLabel> finished;
  Labeler labeler(index, std::move(stages),
                  [&](const LabelledSession& l) { finished.push_back({l.session, l.host, l.decision}); });
  Sessionizer sessionizer(SessionizerConfig{}, labeler);
  sessionizer.SetKnownHosts(index.AllHostIps());
  using namespace ntlab::TcpFlag;
  sessionizer.OnPacket(Packet(Sec(2.31), Proto::Tcp, local, kServer, kSyn));
  sessionizer.OnPacket(Packet(Sec(2.32), Proto::Tcp, kServer, local, kSyn | kAck));
  sessionizer.OnPacket(Packet(Sec(2.5), Proto::Tcp, local, kServer, kRst));
  sessionizer.OnGroupFinished();
  REQUIRE(finished.size() == 1);
  REQUIRE(finished[0].decision);
  CHECK(finished[0].decision->process == "curl.exe");
  CHECK(finished[0].decision->stage == "events");
}

TEST_CASE("defer_learnt: a later poll's owner beats a cache answer given on the first packet", "[analysis][labeling]") {
  // Polls at 0, 1, 2 s. An earlier Code.exe session taught C the server; chrome.exe's socket to the
  // same server opens just after the 1 s poll, so the nearest poll to its first packet predates it.
  const Endpoint early = Ep("10.0.0.11", 50100), late = Ep("10.0.0.11", 50200), ghost = Ep("10.0.0.11", 50300);
  std::vector<SocketRow> rows;
  rows.push_back(Tcp(Sec(0), "pc01", early, kServer, SocketState::Established, 8, "Code.exe"));
  rows.push_back(Udp(Sec(1), "pc01", Ep("10.0.0.11", 137), 4, "System"));
  rows.push_back(Tcp(Sec(2), "pc01", late, kServer, SocketState::Established, 12, "chrome.exe"));
  auto index = SocketIndex::FromRows(rows);

  // Labels the Code.exe session and then `packets`; returns "stage:process" of the last session.
  using namespace ntlab::TcpFlag;
  auto label = [&](bool defer, const std::vector<DecodedPacket>& packets) {
    std::vector<std::unique_ptr<MatchStage>> stages;
    stages.push_back(std::make_unique<DirectSocketMatch>(index, StageAConfig{}));
    stages.push_back(std::make_unique<RemoteEndpointCache>(RemoteEndpointCacheConfig{}));
    std::vector<FinishedLabel> finished;
    Labeler labeler(index, std::move(stages),
                    [&](const LabelledSession& l) { finished.push_back({l.session, l.host, l.decision}); },
                    LabelerConfig{defer});
    Sessionizer sessionizer(SessionizerConfig{}, labeler);
    sessionizer.SetKnownHosts(index.AllHostIps());
    sessionizer.OnPacket(Packet(Sec(0.01), Proto::Tcp, early, kServer, kSyn));
    sessionizer.OnPacket(Packet(Sec(0.02), Proto::Tcp, early, kServer, kRst));
    for (const auto& p : packets) sessionizer.OnPacket(p);
    sessionizer.OnGroupFinished();
    REQUIRE(finished.size() == 2);
    REQUIRE(finished[1].decision);
    return finished[1].decision->stage + ":" + finished[1].decision->process;
  };
  const std::vector<DecodedPacket> chrome{Packet(Sec(1.2), Proto::Tcp, late, kServer, kSyn),     // nearest poll: 1 s, no socket
                                          Packet(Sec(1.9), Proto::Tcp, kServer, late, kAck),     // nearest poll: 2 s, chrome.exe
                                          Packet(Sec(1.95), Proto::Tcp, late, kServer, kRst)};
  CHECK(label(false, chrome) == "C:Code.exe");   // the paper's order: the cache answers the first packet
  CHECK(label(true, chrome) == "A:chrome.exe");  // deferred: the socket match of a later packet wins
  // A session that never shows in the socket log still gets the cache's answer, at its end.
  CHECK(label(true, {Packet(Sec(1.3), Proto::Tcp, ghost, kServer, kSyn), Packet(Sec(1.31), Proto::Tcp, ghost, kServer, kRst)}) ==
        "C:Code.exe");
}

TEST_CASE("log_delay: a real-time engine matches only against polls that have reached it", "[analysis][labeling]") {
  const Endpoint local = Ep("10.0.0.11", 50200);
  std::vector<SocketRow> rows;
  for (int t = 0; t <= 4; ++t) rows.push_back(Udp(Sec(t), "pc01", Ep("10.0.0.11", 137), 4, "System"));
  rows.push_back(Tcp(Sec(2), "pc01", local, kServer, SocketState::Established, 12, "chrome.exe"));
  auto index = SocketIndex::FromRows(rows);
  CHECK(index.LatestSnapshotAtOrBefore(0, Sec(1.5)) == 1);
  CHECK(index.LatestSnapshotAtOrBefore(0, Sec(2)) == 2);
  CHECK(index.LatestSnapshotAtOrBefore(0, Sec(-1)) == SocketIndex::npos);

  using namespace ntlab::TcpFlag;
  auto label = [&](TimeUs delay, double lastPacket) {
    std::vector<std::unique_ptr<MatchStage>> stages;
    stages.push_back(std::make_unique<DirectSocketMatch>(index, StageAConfig{}));
    std::vector<FinishedLabel> finished;
    Labeler labeler(index, std::move(stages),
                    [&](const LabelledSession& l) { finished.push_back({l.session, l.host, l.decision}); },
                    LabelerConfig{false, delay});
    Sessionizer sessionizer(SessionizerConfig{}, labeler);
    sessionizer.SetKnownHosts(index.AllHostIps());
    sessionizer.OnPacket(Packet(Sec(1.9), Proto::Tcp, local, kServer, kSyn));
    sessionizer.OnPacket(Packet(Sec(lastPacket), Proto::Tcp, local, kServer, kRst));
    sessionizer.OnGroupFinished();
    REQUIRE(finished.size() == 1);
    return finished[0].decision ? finished[0].decision->process : std::string("Unknown");
  };
  CHECK(label(0, 2.05) == "chrome.exe");      // batch view: the nearest poll (2 s) shows the socket
  CHECK(label(Sec(1), 2.05) == "Unknown");    // 1 s late: the engine has polls up to 1.05 s only
  CHECK(label(Sec(1), 3.1) == "chrome.exe");  // a session that lasts past 2 s + delay is found
}
