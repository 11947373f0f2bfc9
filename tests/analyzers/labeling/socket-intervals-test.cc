// The socket index over intervals: both socket-log forms build the same index, which reproduces
// every poll of the snapshot form, and the full scan folds intervals into the same tenancies a
// poll-by-poll scan finds.
#include "analyzers/labeling/full-socket-scan.h"
#include "analyzers/labeling/socket-index.h"

#include "tests/analyzers/labeling/labeling-fixtures.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <tuple>

using namespace ntlab;
using namespace ntlab::fixtures;
using namespace ntlab::TcpFlag;

namespace {

std::string Content(const SocketRow& r) {
  return r.host + "|" + ToString(r.proto) + "|" + FormatIp(r.local_ip) + "|" + std::to_string(r.local_port) + "|" +
         (r.remote ? FormatIp(r.remote->ip) + ":" + std::to_string(r.remote->port) : "-") + "|" +
         ToString(r.state) + "|" + std::to_string(r.pid) + "|" + r.process;
}

struct IntervalLog {
  std::vector<SocketIntervalRow> intervals;
  std::vector<PollRunRow> polls;
};

// The conversion a logger writing the interval form does, written independently of the index:
// a row equal to one of the host's previous poll extends it. Polls go out one run per poll.
IntervalLog ToIntervals(const std::vector<SocketRow>& rows) {
  IntervalLog log;
  std::map<std::string, TimeUs> lastPoll, previousPoll;
  std::map<std::string, std::vector<std::size_t>> open;  // content -> interval rows
  for (const SocketRow& r : rows) {
    auto it = lastPoll.find(r.host);
    if (it == lastPoll.end() || it->second != r.ts) {
      previousPoll[r.host] = it == lastPoll.end() ? -1 : it->second;
      lastPoll[r.host] = r.ts;
      log.polls.push_back(PollRunRow{r.host, r.ts, 0, 1});
    }
    bool extended = false;
    for (std::size_t i : open[Content(r)]) {
      if (log.intervals[i].last_ts == previousPoll[r.host]) {
        log.intervals[i].last_ts = r.ts;
        extended = true;
        break;
      }
    }
    if (extended) continue;
    open[Content(r)].push_back(log.intervals.size());
    log.intervals.push_back(SocketIntervalRow{r.ts, r.ts, r.host, r.proto, r.local_ip, r.local_port, r.remote,
                                              r.state, r.pid, r.process});
  }
  return log;
}

// A random log of two hosts: sockets open and close, ports are reused by other processes, a pid
// shows up under two names, rows go missing from a poll, identical rows share a poll, and the poll
// step varies (1 ms to 3 s). Each poll lists its host's sockets in the order they (re)appeared,
// and a socket never has the content of another one open in this or the previous poll (a logger
// could not tell them apart either).
std::vector<SocketRow> RandomLog(unsigned seed, int polls) {
  std::mt19937 rng(seed);
  auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
  auto pick = [&](int n) { return int(rng() % unsigned(n)); };
  const char* names[] = {"chrome.exe", "Code.exe", "svchost.exe", "curl.exe"};
  struct Entry {
    SocketRow row;
    int copies;  // identical rows in each poll
  };
  struct Host {
    const char* name;
    const char* ip;
    TimeUs ts;
    std::vector<Entry> table;         // open sockets, in order of (re)appearance
    std::set<std::string> previous;   // contents of the previous poll
  };
  std::vector<Host> hosts = {{"pc01", "10.0.0.11", Sec(100), {}, {}}, {"pc02", "10.0.0.12", Sec(100.02), {}, {}}};
  std::vector<SocketRow> rows;
  for (int p = 0; p < polls; ++p) {
    for (Host& h : hosts) {
      for (std::size_t i = h.table.size(); i-- > 0;)
        if (chance(0.08)) h.table.erase(h.table.begin() + std::ptrdiff_t(i));
      for (int n = pick(3); n > 0; --n) {
        std::uint16_t port = std::uint16_t(50000 + pick(6));
        std::uint32_t pid = std::uint32_t(pick(5)) * 100;  // pid 0: TIME_WAIT rows
        const char* process = pid == 0 ? "" : names[(pid / 100 + (chance(0.1) ? 1 : 0)) % 4];
        SocketRow s;
        if (chance(0.3)) s = Udp(0, h.name, Ep(chance(0.5) ? "0.0.0.0" : h.ip, port), pid, process);
        else
          s = Tcp(0, h.name, Ep(h.ip, port), Ep("198.51.100.10", std::uint16_t(443 + pick(3))),
                  pid == 0 ? SocketState::TimeWait : SocketState::Established, pid, process);
        bool taken = h.previous.count(Content(s)) > 0;
        for (const Entry& e : h.table) taken = taken || Content(e.row) == Content(s);
        if (!taken) h.table.push_back(Entry{s, chance(0.1) ? 2 : 1});
      }
      // A socket the poll missed: gone now, back later (after the rows appearing now).
      std::vector<Entry> missed;
      if (!h.table.empty() && chance(0.1)) {
        std::size_t i = std::size_t(pick(int(h.table.size())));
        missed.push_back(h.table[i]);
        h.table.erase(h.table.begin() + std::ptrdiff_t(i));
      }
      if (h.table.empty()) h.table.push_back(Entry{Udp(0, h.name, Ep(h.ip, 137), 4, "System"), 1});
      h.previous.clear();
      for (const Entry& e : h.table) {
        SocketRow s = e.row;
        s.ts = h.ts;
        for (int c = 0; c < e.copies; ++c) rows.push_back(s);
        h.previous.insert(Content(s));
      }
      for (auto& e : missed) h.table.push_back(e);
      int step = pick(10);
      h.ts += step < 6 ? 50'000 : step < 8 ? 1'000 : step < 9 ? 120'000 : 3'000'000;
    }
  }
  return rows;
}

void WriteSnapshotLog(const std::string& path, const std::vector<SocketRow>& rows) {
  SocketLogWriter w(path);
  for (const auto& r : rows) w.Write(r);
  w.Commit();
}

void WriteIntervalLog(const std::string& path, const std::string& pollsPath, const IntervalLog& log) {
  SocketIntervalWriter w(path);
  for (const auto& r : log.intervals) w.Write(r);
  w.Commit();
  PollRunWriter p(pollsPath);
  for (const auto& r : log.polls) p.Write(r);
  p.Commit();
}

std::string Describe(const SocketIndex& index, const IndexedSocket& s) {
  return std::string(ToString(s.proto)) + " " + FormatIp(s.local_ip) + ":" + std::to_string(s.local_port) + " " +
         (s.has_remote ? FormatIp(s.remote.ip) + ":" + std::to_string(s.remote.port) : "-") + " " +
         ToString(s.state) + " " + std::to_string(s.pid) + " " + index.ProcessName(s.process);
}

std::string Describe(const SocketRow& r) {
  return std::string(ToString(r.proto)) + " " + FormatIp(r.local_ip) + ":" + std::to_string(r.local_port) + " " +
         (r.remote ? FormatIp(r.remote->ip) + ":" + std::to_string(r.remote->port) : "-") + " " +
         ToString(r.state) + " " + std::to_string(r.pid) + " " + r.process;
}

std::string Describe(const SocketIndex& index, const std::vector<IndexedSocket>& sockets) {
  std::string text;
  for (const auto& s : sockets) text += Describe(index, s) + "; ";
  return text;
}

using TenancyText = std::vector<std::tuple<TimeUs, TimeUs, std::uint32_t, std::string, std::uint32_t>>;

TenancyText Tenancies(const FullSocketScan& scan, HostId host, Proto proto, std::uint16_t port) {
  TenancyText out;
  for (const auto& t : scan.Tenancies(host, proto, port))
    out.emplace_back(t.first_ts, t.last_ts, t.pid, scan.ProcessName(t.process), t.rows);
  return out;
}

// The full scan as it was over per-poll rows (before intervals): the reference for the new one.
std::map<std::tuple<std::string, Proto, std::uint16_t>, TenancyText> PollByPollScan(std::vector<SocketRow> rows,
                                                                                    TimeUs gap) {
  std::stable_sort(rows.begin(), rows.end(), [](const SocketRow& a, const SocketRow& b) {
    if (a.host != b.host) return a.host < b.host;
    if (a.ts != b.ts) return a.ts < b.ts;
    if (a.proto != b.proto) return a.proto < b.proto;
    return a.local_port < b.local_port;
  });
  std::map<std::tuple<std::string, Proto, std::uint16_t>, TenancyText> out;
  std::map<std::tuple<std::string, Proto, std::uint16_t, std::uint32_t>, std::size_t> current;
  for (const SocketRow& r : rows) {
    if (r.pid == 0) continue;
    auto& list = out[{r.host, r.proto, r.local_port}];
    auto it = current.find({r.host, r.proto, r.local_port, r.pid});
    if (it != current.end()) {
      auto& [first, last, pid, process, count] = list[it->second];
      if (process == r.process && r.ts - last <= gap) {
        if (last != r.ts) ++count;
        last = r.ts;
        continue;
      }
    }
    list.emplace_back(r.ts, r.ts, r.pid, r.process, 1);
    current[{r.host, r.proto, r.local_port, r.pid}] = list.size() - 1;
  }
  return out;
}

std::set<std::pair<Proto, std::uint16_t>> Ports(const SocketIndex& index, HostId host) {
  std::set<std::pair<Proto, std::uint16_t>> ports;
  for (const auto& i : index.Intervals(host)) ports.insert({i.socket.proto, i.socket.local_port});
  return ports;
}

// Every lookup of two indexes agrees (hosts are matched by name).
void RequireSameIndex(const SocketIndex& a, const SocketIndex& b) {
  REQUIRE(a.HostCount() == b.HostCount());
  CHECK(a.SocketCount() == b.SocketCount());
  CHECK(a.AllHostIps() == b.AllHostIps());
  FullSocketScan scanA(a), scanB(b);
  for (HostId ha = 0; ha < a.HostCount(); ++ha) {
    HostId hb = b.FindHost(a.HostName(ha));
    REQUIRE(hb != kNoHost);
    CHECK(a.HostIps(ha) == b.HostIps(hb));
    REQUIRE(a.SnapshotCount(ha) == b.SnapshotCount(hb));
    CHECK(a.PollRunCount(ha) == b.PollRunCount(hb));
    for (std::size_t i = 0; i < a.SnapshotCount(ha); ++i) REQUIRE(a.SnapshotAt(ha, i).ts == b.SnapshotAt(hb, i).ts);
    TimeUs from = a.SnapshotAt(ha, 0).ts - 100'000, to = a.SnapshotAt(ha, a.SnapshotCount(ha) - 1).ts + 100'000;
    for (TimeUs t = from; t <= to; t += 7'919) REQUIRE(a.NearestSnapshot(ha, t) == b.NearestSnapshot(hb, t));
    const auto& ia = a.Intervals(ha);
    const auto& ib = b.Intervals(hb);
    REQUIRE(ia.size() == ib.size());
    std::set<std::uint32_t> pids;
    for (std::size_t i = 0; i < ia.size(); ++i) {
      CHECK(Describe(a, ia[i].socket) == Describe(b, ib[i].socket));
      CHECK(ia[i].first_poll == ib[i].first_poll);
      CHECK(ia[i].last_poll == ib[i].last_poll);
      pids.insert(ia[i].socket.pid);
    }
    for (std::uint32_t pid : pids) {
      const std::string* na = a.NameOfPid(ha, pid);
      const std::string* nb = b.NameOfPid(hb, pid);
      CHECK((na ? *na : "-") == (nb ? *nb : "-"));
    }
    auto ports = Ports(a, ha);
    REQUIRE(ports == Ports(b, hb));
    for (const auto& [proto, port] : ports) {
      for (std::size_t i = 0; i < a.SnapshotCount(ha); ++i)
        REQUIRE(Describe(a, SocketsAt(a, ha, i, proto, port)) == Describe(b, SocketsAt(b, hb, i, proto, port)));
      CHECK(Tenancies(scanA, ha, proto, port) == Tenancies(scanB, hb, proto, port));
    }
  }
}

// Each snapshot of the index holds exactly the rows of that poll, in log order per port.
void RequireSnapshotsEqualPolls(const SocketIndex& index, const std::vector<SocketRow>& rows) {
  std::map<std::tuple<std::string, TimeUs, Proto, std::uint16_t>, std::vector<const SocketRow*>> polls;
  std::map<std::string, std::set<TimeUs>> pollTimes;
  for (const auto& r : rows) {
    polls[{r.host, r.ts, r.proto, r.local_port}].push_back(&r);
    pollTimes[r.host].insert(r.ts);
  }
  for (const auto& [host, times] : pollTimes) {
    HostId h = index.FindHost(host);
    REQUIRE(index.SnapshotCount(h) == times.size());
    std::size_t i = 0;
    for (TimeUs ts : times) {
      REQUIRE(index.SnapshotAt(h, i).ts == ts);
      for (const auto& [proto, port] : Ports(index, h)) {
        std::string expected;
        auto it = polls.find({host, ts, proto, port});
        if (it != polls.end())
          for (const SocketRow* r : it->second) expected += Describe(*r) + "; ";
        REQUIRE(Describe(index, SocketsAt(index, h, i, proto, port)) == expected);
      }
      ++i;
    }
  }
}

}  // namespace

TEST_CASE("snapshot and interval forms of a socket log give the same index and labels",
          "[analysis][labeling][socket-index]") {
  auto rows = RandomLog(7, 300);
  auto log = ToIntervals(rows);
  REQUIRE(log.intervals.size() < rows.size() / 3);
  const std::string snapshotPath = TempPath("forms-snapshot.csv");
  const std::string intervalPath = TempPath("forms-intervals.csv");
  WriteSnapshotLog(snapshotPath, rows);
  WriteIntervalLog(intervalPath, TempPath("forms-intervals-polls.csv"), log);  // the default sibling

  auto fromSnapshots = SocketIndex::Load(snapshotPath);
  auto fromIntervals = SocketIndex::Load(intervalPath);
  RequireSnapshotsEqualPolls(fromSnapshots, rows);
  RequireSameIndex(fromSnapshots, fromIntervals);
  RequireSameIndex(fromSnapshots, SocketIndex::FromRows(rows));
  RequireSameIndex(fromSnapshots, SocketIndex::FromIntervals(log.intervals, log.polls));
  CHECK(fromSnapshots.SocketCount() == log.intervals.size());

  // Stage A labels the same sessions the same way from both.
  // Sessions around random rows, in time order (the sessionizer's input is a capture).
  std::mt19937 rng(11);
  std::vector<std::pair<TimeUs, const SocketRow*>> sessions;
  for (int n = 0; n < 400; ++n) {
    const SocketRow& r = rows[rng() % rows.size()];
    sessions.emplace_back(r.ts + TimeUs(rng() % 400'000) - 200'000, &r);
  }
  std::sort(sessions.begin(), sessions.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  auto label = [&](const SocketIndex& index) {
    LabelHarness h(index);
    for (const auto& [start, r] : sessions) {
      Endpoint local{r->local_ip != 0 ? r->local_ip : Ip(r->host == "pc01" ? "10.0.0.11" : "10.0.0.12"), r->local_port};
      Endpoint remote = r->remote.value_or(Ep("224.0.0.251", 5353));
      if (r->proto == Proto::Tcp) {
        h.Feed(Packet(start, Proto::Tcp, local, remote, kSyn));
        h.Feed(Packet(start + 500, Proto::Tcp, remote, local, kSyn | kAck));
        h.Feed(Packet(start + 1000, Proto::Tcp, local, remote, kRst));
      } else {
        h.Feed(Packet(start, Proto::Udp, local, remote));
      }
    }
    h.Finish();
    std::vector<std::string> labels;
    for (const auto& f : h.finished)
      labels.push_back(f.decision ? f.decision->process + "/" + std::to_string(f.decision->pid) : "Unknown");
    return labels;
  };
  auto labels = label(fromSnapshots);
  CHECK(labels.size() >= 100);
  CHECK(std::count(labels.begin(), labels.end(), "Unknown") < std::ptrdiff_t(labels.size()));
  CHECK(labels == label(fromIntervals));
}

TEST_CASE("full scan over intervals finds the tenancies of a poll-by-poll scan", "[analysis][labeling][socket-index]") {
  for (unsigned seed : {1u, 2u, 3u}) {
    auto rows = RandomLog(seed, 400);
    auto index = SocketIndex::FromRows(rows);
    FullSocketScanConfig config;
    auto reference = PollByPollScan(rows, config.tenancy_gap);
    FullSocketScan scan(index, config);
    std::size_t compared = 0;
    for (const auto& [key, expected] : reference) {
      const auto& [host, proto, port] = key;
      INFO("seed " << seed << " " << host << " " << ToString(proto) << " " << port);
      CHECK(Tenancies(scan, index.FindHost(host), proto, port) == expected);
      compared += expected.size();
    }
    CHECK(compared > 50);
  }
  // Tenancies of ports the reference never saw are empty.
  auto index = SocketIndex::FromRows(RandomLog(1, 50));
  FullSocketScan scan(index);
  CHECK(scan.Tenancies(0, Proto::Tcp, 1).empty());
}

TEST_CASE("full scan over intervals: port reuse, missed polls and gaps", "[analysis][labeling][socket-index]") {
  // One port, polls every 50 ms with a 3 s stall; chrome (pid 100) holds it, misses two polls,
  // survives the stall; curl (pid 200) takes the port over; pid 100 comes back as another program.
  std::vector<SocketRow> rows;
  const Endpoint local = Ep("10.0.0.11", 50123);
  std::vector<TimeUs> polls;
  for (int i = 0; i < 40; ++i) polls.push_back(i * 50'000);
  for (int i = 0; i < 20; ++i) polls.push_back(5'000'000 + i * 50'000);
  for (std::size_t p = 0; p < polls.size(); ++p) {
    TimeUs ts = polls[p];
    rows.push_back(Udp(ts, "pc01", Ep("10.0.0.11", 137), 4, "System"));
    bool missed = p == 10 || p == 11;
    if (p < 45 && !missed) rows.push_back(Tcp(ts, "pc01", local, Ep("198.51.100.1", 443), SocketState::Established, 100, "chrome.exe"));
    if (p >= 45 && p < 50) rows.push_back(Tcp(ts, "pc01", local, Ep("198.51.100.1", 443), SocketState::TimeWait, 0, ""));
    if (p >= 50) rows.push_back(Tcp(ts, "pc01", local, Ep("198.51.100.2", 80), SocketState::Established, 200, "curl.exe"));
    if (p >= 55) rows.push_back(Tcp(ts, "pc01", local, Ep("198.51.100.3", 80), SocketState::Established, 100, "other.exe"));
  }
  auto index = SocketIndex::FromRows(rows);
  FullSocketScan scan(index);
  auto expected = PollByPollScan(rows, FullSocketScanConfig{}.tenancy_gap)[{"pc01", Proto::Tcp, 50123}];
  auto got = Tenancies(scan, 0, Proto::Tcp, 50123);
  CHECK(got == expected);
  // chrome: polls 0-39 (missing 2), then the 3 s stall splits it; 40-44; curl; other.exe.
  REQUIRE(got.size() == 4);
  CHECK(got[0] == std::make_tuple(TimeUs(0), TimeUs(1'950'000), 100u, std::string("chrome.exe"), 38u));
  CHECK(got[1] == std::make_tuple(TimeUs(5'000'000), TimeUs(5'200'000), 100u, std::string("chrome.exe"), 5u));
  CHECK(std::get<3>(got[2]) == "curl.exe");
  CHECK(std::get<3>(got[3]) == "other.exe");
  CHECK(*index.NameOfPid(0, 100) == "other.exe");  // the latest interval names the pid
}

TEST_CASE("snapshot-form rows must come in time order per host", "[analysis][labeling][socket-index]") {
  std::vector<SocketRow> rows = {
      Udp(Sec(1), "pc01", Ep("10.0.0.11", 137), 4, "System"),
      Udp(Sec(0.5), "pc02", Ep("10.0.0.12", 137), 4, "System"),  // another host: fine
      Udp(Sec(2), "pc01", Ep("10.0.0.11", 137), 4, "System"),
      Udp(Sec(1.5), "pc01", Ep("10.0.0.11", 138), 4, "System"),
  };
  const std::string path = TempPath("out-of-order.csv");
  WriteSnapshotLog(path, rows);
  try {
    SocketIndex::Load(path);
    FAIL("expected an error");
  } catch (const InputError& e) {
    std::string msg = e.what();
    CHECK(msg.find("out-of-order.csv:5") != std::string::npos);
    CHECK(msg.find("column 'ts'") != std::string::npos);
    CHECK(msg.find("pc01") != std::string::npos);
  }
  // Rows in memory are sorted first.
  auto index = SocketIndex::FromRows(rows);
  CHECK(index.SnapshotCount(index.FindHost("pc01")) == 3);
}

TEST_CASE("interval-form times must be polls of their host", "[analysis][labeling][socket-index]") {
  const std::string path = TempPath("off-grid.csv");
  const std::string polls = TempPath("off-grid-polls.csv");
  auto errorOf = [&](const SocketIntervalRow& bad) {
    WriteIntervalLog(path, polls,
                     IntervalLog{{SocketIntervalRow{Sec(1), Sec(1.45), "pc01", Proto::Udp, 0, 137, std::nullopt,
                                                    SocketState::None, 4, "System"},
                                  bad},
                                 {PollRunRow{"pc01", Sec(1), 50'000, 10}, PollRunRow{"pc02", Sec(1), 0, 1}}});
    try {
      SocketIndex::Load(path);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  SocketIntervalRow row{Sec(1.1), Sec(1.2), "pc01", Proto::Udp, 0, 138, std::nullopt, SocketState::None, 4, "System"};
  CHECK(errorOf(row) == "no error");
  row.first_ts = Sec(1.12);
  auto offGrid = errorOf(row);
  CHECK(offGrid.find("off-grid.csv:3") != std::string::npos);
  CHECK(offGrid.find("column 'first_ts'") != std::string::npos);
  CHECK(offGrid.find("not a poll of host 'pc01'") != std::string::npos);
  row.first_ts = Sec(1.1);
  row.last_ts = Sec(1.5);  // after the last poll
  CHECK(errorOf(row).find("column 'last_ts'") != std::string::npos);
  row.last_ts = Sec(1.2);
  row.host = "pc03";  // no polls at all
  CHECK(errorOf(row).find("not a poll of host 'pc03'") != std::string::npos);
  // pc02 has polls but no socket: still a host.
  row.host = "pc01";
  errorOf(row);
  auto index = SocketIndex::Load(path);
  CHECK(index.HostCount() == 2);
  CHECK(index.SnapshotCount(index.FindHost("pc02")) == 1);
  CHECK(index.SnapshotCount(index.FindHost("pc01")) == 10);
  CHECK(index.PollRunCount(index.FindHost("pc01")) == 1);
  // Poll runs of a host must not overlap.
  {
    PollRunWriter p(polls);
    p.Write(PollRunRow{"pc01", Sec(1), 50'000, 10});
    p.Write(PollRunRow{"pc01", Sec(1.4), 50'000, 10});
    p.Commit();
  }
  try {
    SocketIndex::Load(path);
    FAIL("expected an error");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find("off-grid-polls.csv:3") != std::string::npos);
  }
}

TEST_CASE("an interval-form log without its poll schedule is refused", "[analysis][labeling][socket-index]") {
  const std::string path = TempPath("lonely-intervals.csv");
  const std::string sibling = TempPath("lonely-intervals-polls.csv");
  const std::string elsewhere = TempPath("schedule-elsewhere.csv");
  IntervalLog log{{SocketIntervalRow{Sec(1), Sec(2), "pc01", Proto::Udp, 0, 137, std::nullopt, SocketState::None, 4,
                                     "System"}},
                  {PollRunRow{"pc01", Sec(1), 1'000'000, 2}}};
  WriteIntervalLog(path, elsewhere, log);
  std::remove(sibling.c_str());
  try {
    SocketIndex::Load(path);
    FAIL("expected an error");
  } catch (const InputError& e) {
    std::string msg = e.what();
    CHECK(msg.find("interval form") != std::string::npos);
    CHECK(msg.find(sibling) != std::string::npos);
  }
  CHECK_THROWS_WITH(SocketIndex::Load(path, {}, TempPath("missing-polls.csv")),
                    Catch::Contains("missing-polls.csv"));
  auto index = SocketIndex::Load(path, {}, elsewhere);
  CHECK(index.SnapshotCount(0) == 2);
  CHECK(SocketsAt(index, 0, 1, Proto::Udp, 137).size() == 1);
}

TEST_CASE("index memory follows sockets, not polls", "[analysis][labeling][socket-index]") {
  std::vector<SocketRow> rows;
  const int polls = 100'000;
  rows.reserve(3 * polls);
  for (int i = 0; i < polls; ++i) {
    TimeUs ts = Sec(1000) + i * 1'000;  // a 1 ms logger
    rows.push_back(Udp(ts, "pc01", Ep("0.0.0.0", 5353), 1200, "svchost.exe"));
    rows.push_back(Tcp(ts, "pc01", Ep("0.0.0.0", 135), std::nullopt, SocketState::Listen, 900, "svchost.exe"));
    rows.push_back(Tcp(ts, "pc01", Ep("10.0.0.11", 50123), Ep("198.51.100.1", 443), SocketState::Established, 7,
                       "chrome.exe"));
  }
  auto index = SocketIndex::FromRows(rows);
  HostId h = index.FindHost("pc01");
  CHECK(index.SocketCount() == 3);
  CHECK(index.Intervals(h).size() == 3);
  CHECK(index.PollRunCount(h) == 1);
  CHECK(index.SnapshotCount(h) == std::size_t(polls));
  CHECK(index.SnapshotAt(h, polls - 1).ts == Sec(1000) + (polls - 1) * 1'000);
  CHECK(index.NearestSnapshot(h, Sec(1000) + 50'000'400) == 50'000);
  CHECK(index.NearestSnapshot(h, Sec(1000) + 50'000'500) == 50'000);  // tie: the earlier poll
  CHECK(index.NearestSnapshot(h, Sec(1000) + 50'000'501) == 50'001);
  CHECK(SocketsAt(index, h, 77'777, Proto::Tcp, 50123).size() == 1);

  // A step change costs one more run; a lone late poll one more.
  std::vector<SocketRow> irregular;
  for (int i = 0; i < 1000; ++i) irregular.push_back(Udp(i * 50'000, "pc01", Ep("0.0.0.0", 5353), 1, "a.exe"));
  for (int i = 0; i < 1000; ++i) irregular.push_back(Udp(60'000'000 + i * 10'000, "pc01", Ep("0.0.0.0", 5353), 1, "a.exe"));
  irregular.push_back(Udp(99'000'000, "pc01", Ep("0.0.0.0", 5353), 1, "a.exe"));
  auto two = SocketIndex::FromRows(irregular);
  CHECK(two.SocketCount() == 1);
  CHECK(two.PollRunCount(0) == 3);
  CHECK(two.SnapshotCount(0) == 2001);
  CHECK(two.SnapshotAt(0, 999).ts == 49'950'000);
  CHECK(two.SnapshotAt(0, 1000).ts == 60'000'000);
  CHECK(two.SnapshotAt(0, 2000).ts == 99'000'000);
  CHECK(two.NearestSnapshot(0, 54'975'000) == 999);  // tie: the earlier poll
  CHECK(two.NearestSnapshot(0, 54'975'001) == 1000);
  CHECK(two.NearestSnapshot(0, 80'000'000) == 1999);
}

TEST_CASE("the sockets visible at a snapshot come out in index order", "[analysis][labeling][socket-index]") {
  // Many intervals on one port (a server's accepted connections): the interval tree must find
  // exactly those a linear filter finds, in the same order.
  for (unsigned seed : {1u, 2u, 3u, 4u}) {
    std::mt19937 rng(seed);
    const std::uint64_t polls = 500;
    std::vector<SocketIntervalRow> intervals;
    std::size_t count = 1 + rng() % 700;
    for (std::size_t i = 0; i < count; ++i) {
      TimeUs first = TimeUs(rng() % polls);
      TimeUs length = rng() % 4 == 0 ? TimeUs(rng() % polls) : TimeUs(rng() % 5);
      TimeUs last = std::min<TimeUs>(first + length, polls - 1);
      intervals.push_back(SocketIntervalRow{first * 1000, last * 1000, "srv", Proto::Tcp, Ip("10.0.0.5"), 443,
                                            Endpoint{Ip("10.0.1.1"), std::uint16_t(1000 + i)},
                                            SocketState::Established, 80, "nginx.exe"});
    }
    auto index = SocketIndex::FromIntervals(intervals, {PollRunRow{"srv", 0, 1000, polls}});
    auto [first, last] = index.PortIntervals(0, Proto::Tcp, 443);
    REQUIRE(std::size_t(last - first) == count);
    for (std::size_t snap = 0; snap < polls; ++snap) {
      std::vector<std::uint16_t> expected, got;
      for (const SocketInterval* i = first; i != last; ++i)
        if (i->VisibleAt(snap)) expected.push_back(i->socket.remote.port);
      for (const auto& s : SocketsAt(index, 0, snap, Proto::Tcp, 443)) got.push_back(s.remote.port);
      REQUIRE(got == expected);
    }
    // Early stop: the visitor's true ends the walk.
    int calls = 0;
    bool stopped = index.VisitSockets(0, polls / 2, Proto::Tcp, 443, [&](const IndexedSocket&) { return ++calls == 1; });
    CHECK(stopped == (calls == 1));
  }
}
