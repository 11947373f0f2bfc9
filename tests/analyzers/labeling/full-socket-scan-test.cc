// The full socket-log scan's remote-aware form (the ntlab engine): a TCP session is compared only
// with rows to its own remote, and inbound ones with LISTEN rows too; UDP keeps the port
// statistics. The paper's per-port scan is tested in post-processing-test.cc.
#include "analyzers/labeling/full-socket-scan.h"

#include "tests/analyzers/labeling/labeling-fixtures.h"

#include <catch2/catch.hpp>

using namespace ntlab;
using namespace ntlab::fixtures;

namespace {

const Endpoint kLocal = Ep("10.0.0.11", 50105);
const Endpoint kOld = Ep("198.51.100.23", 443);
const Endpoint kNew = Ep("198.51.100.22", 443);

// Polls every second from `from` to `to` (inclusive) of one socket.
void Hold(std::vector<SocketRow>& rows, double from, double to, SocketRow socket) {
  for (double t = from; t <= to + 1e-9; t += 1.0) {
    socket.ts = Sec(t);
    rows.push_back(socket);
  }
}

Session MakeSession(Proto proto, Endpoint local, Endpoint remote, double first, double last,
                    Direction direction = Direction::Outbound) {
  Session s;
  s.key = SessionKey{proto, local, remote};
  s.direction = direction;
  s.first_ts = Sec(first);
  s.last_ts = Sec(last);
  return s;
}

std::optional<MatchResult> Scan(FullSocketScan& scan, const SocketIndex& index, const Session& s) {
  return scan.TryMatch(MatchQuery{s, s.first_ts, index.FindHost("pc01"), SocketIndex::npos});
}

std::string Answer(FullSocketScan& scan, const SocketIndex& index, const Session& s) {
  auto r = Scan(scan, index, s);
  return r ? std::string(r->process) : std::string("-");
}

FullSocketScanConfig RemoteAware() {
  FullSocketScanConfig config;
  config.remote_aware = true;
  return config;
}

}  // namespace

TEST_CASE("full scan (ntlab): a port's tenant to another server is not the session's owner", "[analysis][labeling]") {
  std::vector<SocketRow> rows;
  Hold(rows, 0, 10, Tcp(0, "pc01", kLocal, kOld, SocketState::Established, 300, "OneDrive.exe"));
  auto index = SocketIndex::FromRows(rows);
  FullSocketScan paper(index), ntlab(index, RemoteAware());
  Session toNew = MakeSession(Proto::Tcp, kLocal, kNew, 11, 11.2);
  CHECK(Answer(paper, index, toNew) == "OneDrive.exe");  // the paper: the port's nearest tenant
  CHECK(Answer(ntlab, index, toNew) == "-");
  Session toOld = MakeSession(Proto::Tcp, kLocal, kOld, 5, 6);
  auto r = Scan(ntlab, index, toOld);
  REQUIRE(r);
  CHECK(r->process == "OneDrive.exe");
  CHECK(std::string(r->evidence) == "scan_overlap");
  CHECK(r->observations == 11);  // 11 polls of the one tenancy near the session
  CHECK(r->purity == 1.0);
}

TEST_CASE("full scan (ntlab): LISTEN rows only for inbound sessions, UDP by port", "[analysis][labeling]") {
  std::vector<SocketRow> rows;
  const Endpoint listen = Ep("0.0.0.0", 8000);
  Hold(rows, 70, 80, Tcp(0, "pc01", listen, std::nullopt, SocketState::Listen, 3300, "python.exe"));
  Hold(rows, 0, 5, Udp(0, "pc01", Ep("0.0.0.0", 5353), 1200, "svchost.exe"));
  auto index = SocketIndex::FromRows(rows);
  FullSocketScan ntlab(index, RemoteAware());
  const Endpoint client = Ep("10.0.0.52", 51003);
  CHECK(Answer(ntlab, index, MakeSession(Proto::Tcp, Ep("10.0.0.11", 8000), client, 30, 31, Direction::Inbound)) ==
        "python.exe");
  CHECK(Answer(ntlab, index, MakeSession(Proto::Tcp, Ep("10.0.0.11", 8000), client, 30, 31)) == "-");
  CHECK(Answer(ntlab, index, MakeSession(Proto::Udp, Ep("10.0.0.11", 5353), Ep("224.0.0.251", 5353), 20, 21)) ==
        "svchost.exe");
}

TEST_CASE("full scan (ntlab): no all-dates answer on an ephemeral port", "[analysis][labeling]") {
  // Each port held by one process for 10 polls, the session an hour later: only rule 3 could
  // answer. On the service port (5353) it still does; on the ephemeral port it refuses.
  std::vector<SocketRow> rows;
  Hold(rows, 0, 10, Udp(0, "pc01", Ep("0.0.0.0", 5353), 1200, "svchost.exe"));
  Hold(rows, 0, 10, Udp(0, "pc01", Ep("0.0.0.0", kFirstEphemeralPort), 1200, "svchost.exe"));
  Hold(rows, 0, 10, Udp(0, "pc01", Ep("0.0.0.0", kFirstEphemeralPort - 1), 1300, "sqlservr.exe"));
  auto index = SocketIndex::FromRows(rows);
  FullSocketScanConfig config = RemoteAware();
  config.all_dates_on_ephemeral = false;
  FullSocketScan paper(index), ntlab(index, config);
  const Endpoint resolver = Ep("10.0.0.2", 53);
  Session service = MakeSession(Proto::Udp, Ep("10.0.0.11", 5353), Ep("224.0.0.251", 5353), 3600, 3601);
  Session ephemeral = MakeSession(Proto::Udp, Ep("10.0.0.11", kFirstEphemeralPort), resolver, 3600, 3601);
  Session below = MakeSession(Proto::Udp, Ep("10.0.0.11", kFirstEphemeralPort - 1), resolver, 3600, 3601);
  CHECK(Answer(ntlab, index, service) == "svchost.exe");
  auto r = Scan(paper, index, ephemeral);
  REQUIRE(r);
  CHECK(std::string(r->evidence) == "scan_all_dates");
  CHECK(r->observations == 1);  // one tenancy, all of it svchost.exe's
  CHECK(Answer(ntlab, index, ephemeral) == "-");
  CHECK(Answer(ntlab, index, below) == "sqlservr.exe");  // the last port below the range
  // Near the session, an ephemeral port's tenant still answers (rules 1 and 2).
  CHECK(Answer(ntlab, index, MakeSession(Proto::Udp, Ep("10.0.0.11", kFirstEphemeralPort), resolver, 11, 12)) ==
        "svchost.exe");
}
