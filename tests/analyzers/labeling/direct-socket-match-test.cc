#include "analyzers/labeling/direct-socket-match.h"

#include "tests/analyzers/labeling/labeling-fixtures.h"

#include <catch2/catch.hpp>

using namespace ntlab;
using namespace ntlab::fixtures;
using namespace ntlab::TcpFlag;

namespace {

const Endpoint kLocal = Ep("10.0.0.11", 50123);
const Endpoint kRemote = Ep("198.51.100.10", 443);

// Polls every 50 ms from t=0 to t=1 s; `owner(i)` gives the rows of poll i.
template <typename Owner>
std::vector<SocketRow> Polls(int count, Owner owner) {
  std::vector<SocketRow> rows;
  for (int i = 0; i < count; ++i) {
    TimeUs ts = i * 50'000;
    // Every poll holds at least one unrelated socket, so every poll is a snapshot.
    rows.push_back(Udp(ts, "pc01", Ep("10.0.0.11", 137), 4, "System"));
    for (auto& r : owner(i, ts)) rows.push_back(r);
  }
  return rows;
}

std::vector<SocketRow> Established(TimeUs ts, std::uint32_t pid, const char* process, Endpoint remote = kRemote) {
  return {Tcp(ts, "pc01", kLocal, remote, SocketState::Established, pid, process)};
}

void Connection(LabelHarness& h, TimeUs start, Endpoint remote = kRemote) {
  h.Feed(Packet(start, Proto::Tcp, kLocal, remote, kSyn));
  h.Feed(Packet(start + 500, Proto::Tcp, remote, kLocal, kSyn | kAck));
  h.Feed(Packet(start + 1000, Proto::Tcp, kLocal, remote, kAck));
}

}  // namespace

TEST_CASE("stage A matches the socket in the nearest snapshot", "[analysis][labeling]") {
  auto index = SocketIndex::FromRows(Polls(10, [](int i, TimeUs ts) {
    return i >= 2 ? Established(ts, 4242, "chrome.exe") : std::vector<SocketRow>{};
  }));
  LabelHarness h(index);
  Connection(h, 101'000);  // nearest poll: 100 ms (i = 2)
  h.Finish();
  REQUIRE(h.finished.size() == 1);
  REQUIRE(h.finished[0].decision);
  CHECK(h.finished[0].decision->process == "chrome.exe");
  CHECK(h.finished[0].decision->pid == 4242);
  CHECK(h.finished[0].decision->stage == "A");
}

TEST_CASE("stage A retries on a later packet when the nearest snapshot changes", "[analysis][labeling]") {
  // The socket first shows up in the poll after the SYN.
  auto index = SocketIndex::FromRows(Polls(10, [](int i, TimeUs ts) {
    return i >= 3 ? Established(ts, 7, "Code.exe") : std::vector<SocketRow>{};
  }));
  LabelHarness h(index);
  Connection(h, 101'000);                                            // nearest: poll 2, no owner yet
  h.Feed(Packet(149'000, Proto::Tcp, kLocal, kRemote, kAck | kPsh));  // nearest: poll 3
  h.Finish();
  REQUIRE(h.finished[0].decision);
  CHECK(h.finished[0].decision->process == "Code.exe");
}

TEST_CASE("stage A follows a local port reused by a second process", "[analysis][labeling]") {
  // chrome.exe owns the port in polls 0-4, Code.exe (same remote) in polls 7-9.
  auto index = SocketIndex::FromRows(Polls(10, [](int i, TimeUs ts) {
    if (i <= 4) return Established(ts, 100, "chrome.exe");
    if (i >= 7) return Established(ts, 200, "Code.exe");
    return std::vector<SocketRow>{};
  }));
  LabelHarness h(index);
  Connection(h, 1'000);
  h.Feed(Packet(190'000, Proto::Tcp, kLocal, kRemote, kRst));
  Connection(h, 352'000);  // a new connection on the same tuple, nearest poll 7
  h.Finish();
  REQUIRE(h.finished.size() == 2);
  REQUIRE(h.finished[0].decision);
  REQUIRE(h.finished[1].decision);
  CHECK(h.finished[0].decision->process == "chrome.exe");
  CHECK(h.finished[1].decision->process == "Code.exe");
}

TEST_CASE("a connection living between two polls stays Unknown", "[analysis][labeling]") {
  // Only a TIME_WAIT row (pid 0, as Windows reports it) is left for the next poll.
  auto index = SocketIndex::FromRows(Polls(4, [](int i, TimeUs ts) {
    if (i == 2) return std::vector<SocketRow>{Tcp(ts, "pc01", kLocal, kRemote, SocketState::TimeWait, 0, "")};
    return std::vector<SocketRow>{};
  }));
  LabelHarness h(index);
  h.Feed(Packet(60'000, Proto::Tcp, kLocal, kRemote, kSyn));
  h.Feed(Packet(70'000, Proto::Tcp, kLocal, kRemote, kFin | kAck));
  h.Feed(Packet(80'000, Proto::Tcp, kRemote, kLocal, kFin | kAck));
  h.Feed(Packet(95'000, Proto::Tcp, kLocal, kRemote, kAck));  // nearest poll 2: TIME_WAIT only
  h.Finish();
  REQUIRE(h.finished.size() == 1);
  CHECK(h.finished[0].host != kNoHost);
  CHECK_FALSE(h.finished[0].decision);
}

TEST_CASE("stage A backtracks at most the configured number of snapshots", "[analysis][labeling]") {
  // Owner visible only in poll 0; the packet's nearest poll is 11.
  auto index = SocketIndex::FromRows(Polls(15, [](int i, TimeUs ts) {
    return i == 0 ? Established(ts, 55, "sshd.exe") : std::vector<SocketRow>{};
  }));
  for (unsigned backtrack : {10u, 11u}) {
    LabelHarness h(index, StageAConfig{backtrack});
    h.Feed(Packet(551'000, Proto::Tcp, kLocal, kRemote, kAck | kPsh));
    h.Finish();
    REQUIRE(h.finished.size() == 1);
    CHECK(h.finished[0].decision.has_value() == (backtrack == 11));
  }
}

TEST_CASE("stage A prefers the exact connection row and uses LISTEN only for inbound", "[analysis][labeling]") {
  auto server = Ep("10.0.0.11", 22);
  auto client = Ep("10.0.0.99", 61000);
  auto index = SocketIndex::FromRows({
      Tcp(0, "pc01", Ep("0.0.0.0", 22), std::nullopt, SocketState::Listen, 300, "sshd.exe"),
      Tcp(0, "pc01", server, client, SocketState::Established, 301, "sshd-session.exe"),
      Tcp(0, "pc01", Ep("0.0.0.0", 8080), std::nullopt, SocketState::Listen, 400, "python.exe"),
      Tcp(0, "pc01", Ep("10.0.0.12", 22), Ep("10.0.0.98", 1), SocketState::Established, 999, "other-ip.exe"),
      Udp(0, "pc01", Ep("0.0.0.0", 53000), 500, "dns-client.exe"),
  });
  LabelHarness h(index);
  h.Feed(Packet(1000, Proto::Tcp, client, server, kSyn));  // inbound, exact row exists
  h.Feed(Packet(2000, Proto::Tcp, Ep("10.0.0.98", 5), server, kSyn));  // inbound, listener only
  h.Feed(Packet(3000, Proto::Tcp, Ep("10.0.0.11", 8080), Ep("203.0.113.1", 80), kSyn));  // outbound from 8080
  h.Feed(Packet(4000, Proto::Udp, Ep("10.0.0.11", 53000), Ep("8.8.8.8", 53)));
  h.Finish();
  REQUIRE(h.finished.size() == 4);
  CHECK(h.finished[0].decision->process == "sshd-session.exe");
  CHECK(h.finished[1].decision->process == "sshd.exe");
  CHECK_FALSE(h.finished[2].decision);  // a LISTEN row does not own an outbound connection
  CHECK(h.finished[3].decision->process == "dns-client.exe");
}

TEST_CASE("sessions of hosts absent from the socket log are unmonitored", "[analysis][labeling]") {
  auto index = SocketIndex::FromRows({Udp(0, "pc01", Ep("10.0.0.11", 53000), 500, "x.exe")});
  LabelHarness h(index);
  h.Feed(Packet(1000, Proto::Udp, Ep("10.0.0.77", 53000), Ep("8.8.8.8", 53)));
  h.Finish();
  REQUIRE(h.finished.size() == 1);
  CHECK(h.finished[0].host == kNoHost);
  CHECK_FALSE(h.finished[0].decision);
}

namespace {

std::optional<MatchResult> AskStageA(const SocketIndex& index, const DirectSocketMatch& stageConst, TimeUs ts,
                                     Endpoint remote = kRemote) {
  DirectSocketMatch stage = stageConst;
  Session s;
  s.key = SessionKey{Proto::Tcp, kLocal, remote};
  s.direction = Direction::Outbound;
  HostId host = index.FindHost("pc01");
  return stage.TryMatch(MatchQuery{s, ts, host, index.NearestSnapshot(host, ts)});
}

StageAConfig AgeLimit(TimeUs limit) {
  StageAConfig config;
  config.max_row_age = limit;
  return config;
}

}  // namespace

TEST_CASE("stage A (ntlab): no row from a snapshot further than max_row_age from the packet", "[analysis][labeling]") {
  // The owner's row at 0 s, then the logger is down until 30 s.
  auto index = SocketIndex::FromRows({Tcp(0, "pc01", kLocal, kRemote, SocketState::Established, 55, "sshd.exe"),
                                      Udp(Sec(30), "pc01", Ep("10.0.0.11", 137), 4, "System")});
  DirectSocketMatch paper(index, StageAConfig{}), ntlab(index, AgeLimit(Sec(5)));
  CHECK(AskStageA(index, paper, Sec(10)));           // the paper: the nearest snapshot, however old
  CHECK_FALSE(AskStageA(index, ntlab, Sec(10)));     // 10 s old
  auto fresh = AskStageA(index, ntlab, Sec(4.9));
  REQUIRE(fresh);
  CHECK(std::string(fresh->evidence) == "socket_row");
  // Backtracking stops at the limit too: polls every second, the owner only in the first.
  std::vector<SocketRow> rows = {Tcp(0, "pc01", kLocal, kRemote, SocketState::Established, 55, "sshd.exe")};
  for (int i = 1; i <= 10; ++i) rows.push_back(Udp(Sec(i), "pc01", Ep("10.0.0.11", 137), 4, "System"));
  auto polled = SocketIndex::FromRows(rows);
  CHECK_FALSE(AskStageA(polled, DirectSocketMatch(polled, AgeLimit(Sec(5))), Sec(6)));
  CHECK(AskStageA(polled, DirectSocketMatch(polled, AgeLimit(Sec(7))), Sec(6)));
}

TEST_CASE("stage A (ntlab): a row older than an event naming another owner is not used", "[analysis][labeling]") {
  // Teams.exe holds the port in polls 0-4 (0-200 ms); OUTLOOK.EXE connects on it at 230 ms and
  // its SYN at 260 ms is nearest the 250 ms poll, which shows neither: backtracking finds Teams.exe.
  auto index = SocketIndex::FromRows(Polls(8, [](int i, TimeUs ts) {
    return i <= 4 ? Established(ts, 7200, "Teams.exe") : std::vector<SocketRow>{};
  }));
  auto events = [&](std::uint32_t pid, const char* process) {
    return EventMatch::FromRows(
        {{230'000, "pc01", EventKind::Connect, Proto::Tcp, kLocal.ip, kLocal.port, kRemote, pid, process}}, index);
  };
  EventMatch outlook = events(7300, "OUTLOOK.EXE"), teams = events(7200, "Teams.exe");
  StageAConfig newerWins;
  newerWins.newer_event_wins = true;
  auto answer = [&](const DirectSocketMatch& stage) {
    auto r = AskStageA(index, stage, 260'000);
    return r ? std::string(r->process) : std::string("-");
  };
  CHECK(answer(DirectSocketMatch(index, StageAConfig{}, &outlook)) == "Teams.exe");  // the paper
  CHECK(answer(DirectSocketMatch(index, newerWins, &outlook)) == "-");  // the events stage decides
  CHECK(answer(DirectSocketMatch(index, newerWins, &teams)) == "Teams.exe");  // the event agrees
  CHECK(answer(DirectSocketMatch(index, newerWins, nullptr)) == "Teams.exe");  // no events given
  // An event older than the row does not outrank it: the poll saw the port after the event.
  auto early = EventMatch::FromRows(
      {{10'000, "pc01", EventKind::Connect, Proto::Tcp, kLocal.ip, kLocal.port, kRemote, 7300, "OUTLOOK.EXE"}}, index);
  auto r = AskStageA(index, DirectSocketMatch(index, newerWins, &early), 160'000);
  REQUIRE(r);
  CHECK(r->process == "Teams.exe");
}

TEST_CASE("stage A (ntlab): a row with an empty process name is refused, an earlier named one is used", "[analysis][labeling]") {
  // Polls 0-3 (0-150 ms) name the owner; polls 4-7 find its PID gone at lookup (empty name,
  // logger.name_lookup: at_poll) while the connection lingers.
  auto index = SocketIndex::FromRows(Polls(8, [](int i, TimeUs ts) {
    return Established(ts, 6100, i <= 3 ? "Notion.exe" : "");
  }));
  StageAConfig refuse;
  refuse.refuse_nameless = true;
  auto paper = AskStageA(index, DirectSocketMatch(index, StageAConfig{}), 300'000);
  REQUIRE(paper);
  CHECK(paper->process.empty());  // the paper labels with the empty name
  auto ntlab = AskStageA(index, DirectSocketMatch(index, refuse), 300'000);
  REQUIRE(ntlab);
  CHECK(ntlab->process == "Notion.exe");  // backtracked to poll 3
  CHECK(ntlab->pid == 6100);
  // No named row within reach: no answer (later stages decide).
  auto nameless = SocketIndex::FromRows(Polls(8, [](int, TimeUs ts) { return Established(ts, 6100, ""); }));
  CHECK_FALSE(AskStageA(nameless, DirectSocketMatch(nameless, refuse), 300'000));
  CHECK(AskStageA(nameless, DirectSocketMatch(nameless, StageAConfig{}), 300'000));
}
