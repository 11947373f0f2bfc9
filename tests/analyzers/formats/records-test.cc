#include "analyzers/formats/records.h"

#include "tests/support/text-files.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

using namespace ntlab;
using namespace ntlab::test_support;

namespace {
using ntlab::test_support::TempPath;
}  // namespace

TEST_CASE("timestamps and addresses round-trip", "[analysis][formats]") {
  CHECK(FormatTs(1741597200123456) == "1741597200.123456");
  CHECK(ParseTs("1741597200.123456") == 1741597200123456);
  CHECK(ParseTs("1741597200.5") == 1741597200500000);
  CHECK(ParseTs("1741597200") == 1741597200000000);
  CHECK_FALSE(ParseTs("17415x7200"));
  CHECK_FALSE(ParseTs("1.1234567"));
  CHECK(FormatIpv4(*ParseIpv4("10.0.0.11")) == "10.0.0.11");
  CHECK_FALSE(ParseIpv4("10.0.0.256"));
  CHECK_FALSE(ParseIpv4("10.0.0"));
  CHECK(ParseSocketState("TIME_WAIT") == SocketState::TimeWait);
  CHECK(ParseSocketState("-") == SocketState::None);
  CHECK_FALSE(ParseSocketState("BOGUS"));
}

TEST_CASE("socket log writes and reads back", "[analysis][formats]") {
  auto path = TempPath("socketlog.csv");
  {
    SocketLogWriter w(path);
    w.Write({1741597200050000, "pc01", Proto::Tcp, *ParseIpv4("10.0.0.11"), 50123,
             Endpoint{*ParseIpv4("198.51.100.10"), 443}, SocketState::Established, 4242, "chrome.exe"});
    w.Write({1741597200050000, "pc01", Proto::Udp, 0, 5353, std::nullopt, SocketState::None, 1200,
             "svchost, \"dns\""});
    w.Commit();
  }
  SocketLogReader r(path);
  SocketRow row;
  REQUIRE(r.Next(row));
  CHECK(row.remote->port == 443);
  CHECK(row.state == SocketState::Established);
  REQUIRE(r.Next(row));
  CHECK_FALSE(row.remote);
  CHECK(row.process == "svchost, \"dns\"");
  CHECK_FALSE(r.Next(row));
}

TEST_CASE("socket log errors name file, line and column", "[analysis][formats]") {
  auto path = TempPath("bad-socketlog.csv");
  WriteText(path,
            "ts,host,proto,local_ip,local_port,remote_ip,remote_port,state,pid,process\n"
            "1.0,pc01,tcp,10.0.0.1,80,,,LISTEN,4,System\n"
            "1.0,pc01,tcp,10.0.0.1,99999,,,LISTEN,4,System\n");
  SocketLogReader r(path);
  SocketRow row;
  REQUIRE(r.Next(row));
  try {
    r.Next(row);
    FAIL("expected an error");
  } catch (const InputError& e) {
    std::string msg = e.what();
    CHECK(msg.find("bad-socketlog.csv:3") != std::string::npos);
    CHECK(msg.find("local_port") != std::string::npos);
  }
  CHECK_THROWS_AS(SocketLogReader(TempPath("does-not-exist.csv")), InputError);
  WriteText(path, "a,b\n1,2\n");
  CHECK_THROWS_AS(SocketLogReader(path), InputError);
}

TEST_CASE("atomic file leaves nothing behind when not committed", "[analysis][formats]") {
  auto path = TempPath("atomic.txt");
  std::remove(path.c_str());
  {
    AtomicFile f(path);
    f.Stream() << "half";
  }
  CHECK_FALSE(std::ifstream(path).good());
  WriteFileAtomically(path, "whole");
  std::string text;
  std::ifstream(path) >> text;
  CHECK(text == "whole");
}

TEST_CASE("event log writes and reads back", "[analysis][formats]") {
  auto path = TempPath("events.csv");
  {
    EventWriter w(path);
    w.Write({1741597200050000, "pc01", EventKind::Connect, Proto::Tcp, *ParseIpv4("10.0.0.11"), 50123,
             Endpoint{*ParseIpv4("198.51.100.10"), 443}, 4242, "chrome.exe"});
    w.Write({1741597200060000, "pc01", EventKind::Close, Proto::Tcp, *ParseIpv4("10.0.0.11"), 50123,
             Endpoint{*ParseIpv4("198.51.100.10"), 443}, 4242, ""});
    w.Write({1741597200070000, "pc01", EventKind::Bind, Proto::Udp, 0, 5353, std::nullopt, 1200, "svchost.exe"});
    w.Write({1741597200080000, "pc01", EventKind::Accept, Proto::Tcp, *ParseIpv4("10.0.0.11"), 445,
             Endpoint{*ParseIpv4("10.0.0.12"), 50000}, 4, "System"});
    w.Commit();
  }
  EventReader r(path);
  EventRow row;
  REQUIRE(r.Next(row));
  CHECK(row.ts == 1741597200050000);
  CHECK(row.event == EventKind::Connect);
  CHECK(row.local_port == 50123);
  CHECK(row.remote->port == 443);
  CHECK(row.pid == 4242);
  CHECK(row.process == "chrome.exe");
  REQUIRE(r.Next(row));
  CHECK(row.event == EventKind::Close);
  CHECK(row.process.empty());  // empty names are legal: the PID->name cache fills them in
  REQUIRE(r.Next(row));
  CHECK(row.event == EventKind::Bind);
  CHECK(row.proto == Proto::Udp);
  CHECK_FALSE(row.remote);
  REQUIRE(r.Next(row));
  CHECK(row.event == EventKind::Accept);
  CHECK(FormatIp(row.remote->ip) == "10.0.0.12");
  CHECK_FALSE(r.Next(row));

  WriteText(path, "ts,host,event,proto,local_ip,local_port,remote_ip,remote_port,pid,process\n"
                  "1.0,pc01,open,tcp,10.0.0.1,80,,,4,System\n");
  EventReader bad(path);
  try {
    bad.Next(row);
    FAIL("expected an error");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find("column 'event'") != std::string::npos);
  }
}

TEST_CASE("socket interval log writes and reads back", "[analysis][formats]") {
  auto path = TempPath("socketlog-intervals.csv");
  {
    SocketIntervalWriter w(path);
    w.Write({1741597200050000, 1741597260000000, "pc01", Proto::Tcp, *ParseIpv4("10.0.0.11"), 50123,
             Endpoint{*ParseIpv4("198.51.100.10"), 443}, SocketState::Established, 4242, "chrome.exe"});
    w.Write({1741597200050000, 1741597200050000, "pc01", Proto::Udp, 0, 5353, std::nullopt, SocketState::None, 1200,
             "svchost, \"dns\""});
    w.Commit();
  }
  std::string header;
  std::getline(std::ifstream(path), header);
  CHECK(header == "first_ts,last_ts,host,proto,local_ip,local_port,remote_ip,remote_port,state,pid,process");
  SocketIntervalReader r(path);
  SocketIntervalRow row;
  REQUIRE(r.Next(row));
  CHECK(row.first_ts == 1741597200050000);
  CHECK(row.last_ts == 1741597260000000);
  CHECK(row.host == "pc01");
  CHECK(row.local_port == 50123);
  CHECK(row.remote->port == 443);
  CHECK(row.state == SocketState::Established);
  CHECK(row.pid == 4242);
  REQUIRE(r.Next(row));
  CHECK(row.first_ts == row.last_ts);
  CHECK(row.proto == Proto::Udp);
  CHECK_FALSE(row.remote);
  CHECK(row.process == "svchost, \"dns\"");
  CHECK_FALSE(r.Next(row));
}

TEST_CASE("socket interval log errors name file, line and column", "[analysis][formats]") {
  auto path = TempPath("bad-intervals.csv");
  const std::string header = "first_ts,last_ts,host,proto,local_ip,local_port,remote_ip,remote_port,state,pid,process\n";
  auto errorOf = [&](const std::string& badRow) {
    WriteText(path, header + "1.0,2.0,pc01,tcp,10.0.0.1,80,,,LISTEN,4,System\n" + badRow + "\n");
    SocketIntervalReader r(path);
    SocketIntervalRow row;
    REQUIRE(r.Next(row));
    try {
      r.Next(row);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  auto backwards = errorOf("2.0,1.0,pc01,tcp,10.0.0.1,80,,,LISTEN,4,System");
  CHECK(backwards.find("bad-intervals.csv:3") != std::string::npos);
  CHECK(backwards.find("column 'last_ts'") != std::string::npos);
  CHECK(backwards.find("before first_ts") != std::string::npos);
  CHECK(errorOf("x,2.0,pc01,tcp,10.0.0.1,80,,,LISTEN,4,System").find("column 'first_ts'") != std::string::npos);
  CHECK(errorOf("1.0,2.0,,tcp,10.0.0.1,80,,,LISTEN,4,System").find("column 'host'") != std::string::npos);
  CHECK(errorOf("1.0,2.0,pc01,tcp,10.0.0.1,80,10.0.0.2,,ESTABLISHED,4,System").find("column 'remote_port'") !=
        std::string::npos);
  CHECK(errorOf("1.0,2.0,pc01,tcp,10.0.0.1,80,,,OPEN,4,System").find("column 'state'") != std::string::npos);
  CHECK(errorOf("1.0,2.0,pc01,tcp,10.0.0.1,80,,,LISTEN,-4,System").find("column 'pid'") != std::string::npos);
  // A snapshot-form log is not an interval log.
  WriteText(path, "ts,host,proto,local_ip,local_port,remote_ip,remote_port,state,pid,process\n");
  CHECK_THROWS_AS(SocketIntervalReader(path), InputError);
}

TEST_CASE("poll runs write and read back", "[analysis][formats]") {
  auto path = TempPath("socketlog-polls.csv");
  {
    PollRunWriter w(path);
    w.Write({"pc01", 1741597200000000, 50000, 72000});
    w.Write({"pc01", 1741600800100000, 0, 1});
    w.Write({"pc 02, \"b\"", 1741597200000123, 1000, 2});
    w.Commit();
  }
  std::string header;
  std::getline(std::ifstream(path), header);
  CHECK(header == "host,first_ts,interval_us,polls");
  PollRunReader r(path);
  PollRunRow row;
  REQUIRE(r.Next(row));
  CHECK(row.host == "pc01");
  CHECK(row.first_ts == 1741597200000000);
  CHECK(row.interval_us == 50000);
  CHECK(row.polls == 72000);
  REQUIRE(r.Next(row));
  CHECK(row.interval_us == 0);
  CHECK(row.polls == 1);
  REQUIRE(r.Next(row));
  CHECK(row.host == "pc 02, \"b\"");
  CHECK(row.first_ts == 1741597200000123);
  CHECK_FALSE(r.Next(row));
}

TEST_CASE("poll run errors name file, line and column", "[analysis][formats]") {
  auto path = TempPath("bad-polls.csv");
  auto errorOf = [&](const std::string& badRow) {
    WriteText(path, "host,first_ts,interval_us,polls\npc01,1.0,50000,10\n" + badRow + "\n");
    PollRunReader r(path);
    PollRunRow row;
    REQUIRE(r.Next(row));
    try {
      r.Next(row);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  auto zeroStep = errorOf("pc01,2.0,0,3");
  CHECK(zeroStep.find("bad-polls.csv:3") != std::string::npos);
  CHECK(zeroStep.find("column 'interval_us'") != std::string::npos);
  CHECK(errorOf("pc01,2.0,0,1") == "no error");  // a single poll needs no step
  CHECK(errorOf("pc01,2.0,50000,0").find("column 'polls'") != std::string::npos);
  CHECK(errorOf("pc01,2.0,-5,3").find("column 'interval_us'") != std::string::npos);
  CHECK(errorOf("pc01,2.0.0,50000,3").find("column 'first_ts'") != std::string::npos);
  CHECK(errorOf(",2.0,50000,3").find("column 'host'") != std::string::npos);
  // Found by the polls fuzzer: interval_us x (polls - 1) overflowed a 64-bit time.
  CHECK(errorOf("pc01,1741597230.0,5000950000,142949672960").find("column 'polls': the run's last poll") !=
        std::string::npos);
  CHECK(errorOf("pc01,2.0,1000000,3999999999") == "no error");  // the last poll at 4e9 s, the limit
  CHECK(errorOf("pc01,2.0,1000000,4000000000").find("column 'polls'") != std::string::npos);
  // Found by the polls fuzz campaign: one poll with a step of 2^63-1 us passed, and the socket
  // index stepped past its last poll into an overflow.
  CHECK(errorOf("pc01,1741597233,9223372036854775807,1").find("column 'interval_us'") != std::string::npos);
  CHECK(errorOf("pc01,2.0,4000000000000000,1") == "no error");  // a step of 4e9 s, the limit
  WriteText(path, "host,first_ts,polls\npc01,1.0,1\n");
  CHECK_THROWS_AS(PollRunReader(path), InputError);
}

TEST_CASE("host list writes and reads back", "[analysis][formats]") {
  auto path = TempPath("hosts.csv");
  WriteAll<HostWriter>(path, std::vector<HostRow>{{"pc01", *ParseIpv4("10.0.0.11")}, {"pc02", *ParseIpv4("10.0.0.12")}});
  std::string header;
  std::getline(std::ifstream(path), header);
  CHECK(header == "host,ip");
  auto rows = ReadAll<HostReader>(path);
  REQUIRE(rows.size() == 2);
  CHECK(rows[1].host == "pc02");
  CHECK(rows[1].ip == *ParseIpv4("10.0.0.12"));
  WriteText(path, "host,ip\npc01,10.0.0.11\npc02,10.0.0\n");
  try {
    ReadAll<HostReader>(path);
    FAIL("expected an error");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find("hosts.csv:3: column 'ip'") != std::string::npos);
  }
}

TEST_CASE("sessions listing writes to a stream and reads back", "[analysis][formats]") {
  SessionRow tls{Proto::Tcp, {*ParseIpv4("10.0.0.11"), 50123}, {*ParseIpv4("198.51.100.10"), 443},
                 Direction::Outbound, 1741597200010000, 1741597201500000, 12, 4096, "www.example.com",
                 "1:abc="};
  SessionRow dns{Proto::Udp, {*ParseIpv4("10.0.0.11"), 53000}, {*ParseIpv4("10.0.0.2"), 53}, Direction::Outbound,
                 1741597200000000, 1741597200000800, 2, 150, "", "1:def="};
  auto path = TempPath("sessions.csv");
  {
    std::ofstream out(path);
    SessionWriter w(out);
    w.Write(tls);
    w.Write(dns);
  }
  std::ifstream in(path);
  std::string header, first;
  std::getline(in, header);
  std::getline(in, first);
  CHECK(header == "proto,host_ip,host_port,remote_ip,remote_port,direction,first_ts,last_ts,packets,bytes,sni,community_id");
  CHECK(first == "tcp,10.0.0.11,50123,198.51.100.10,443,outbound,1741597200.010000,1741597201.500000,12,4096,"
                 "www.example.com,1:abc=");
  auto rows = ReadAll<SessionReader>(path);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].sni == "www.example.com");
  CHECK(rows[0].last_ts == 1741597201500000);
  CHECK(rows[1].proto == Proto::Udp);
  CHECK(rows[1].remote == Endpoint{*ParseIpv4("10.0.0.2"), 53});
  CHECK(rows[1].sni.empty());
  CHECK(rows[1].community_id == "1:def=");
}

TEST_CASE("the socket log's form is read from its header", "[analysis][formats]") {
  auto path = TempPath("form.csv");
  WriteText(path, "ts,host,proto,local_ip,local_port,remote_ip,remote_port,state,pid,process\n");
  CHECK(DetectSocketLogForm(path) == SocketLogForm::Snapshot);
  WriteText(path, "\xEF\xBB\xBF\"first_ts\",last_ts,host\r\n");
  CHECK(DetectSocketLogForm(path) == SocketLogForm::Interval);
  WriteText(path, "host,last_ts, first_ts \n");
  CHECK(DetectSocketLogForm(path) == SocketLogForm::Interval);
  WriteText(path, "");
  CHECK(DetectSocketLogForm(path) == SocketLogForm::Snapshot);
  CHECK(DetectSocketLogForm(TempPath("no-such-log.csv")) == SocketLogForm::Snapshot);
  CHECK(PollRunPathFor("/runs/a/socketlog.csv") == "/runs/a/socketlog-polls.csv");
  CHECK(PollRunPathFor("log.v2.csv") == "log.v2-polls.csv");
}

// Found by the hosts fuzzer: the reader trims spaces around an unquoted field, so a name that ends
// in a space (read from a quoted field) came back without it once written.
TEST_CASE("a value with a space at either end is written quoted and reads back whole", "[analysis][formats]") {
  auto path = TempPath("hosts-padded.csv");
  WriteText(path, "host,ip\n\"pc01 \",10.0.0.11\n\" pc02\",10.0.0.12\n");
  auto rows = ReadAll<HostReader>(path);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].host == "pc01 ");
  WriteAll<HostWriter>(path, rows);
  auto again = ReadAll<HostReader>(path);
  REQUIRE(again.size() == 2);
  CHECK(again[0].host == "pc01 ");
  CHECK(again[1].host == " pc02");
}

TEST_CASE("labels.csv: the confidence columns only when asked, empty for Unknown, read back without them",
          "[analysis][formats]") {
  LabelRow labelled;
  labelled.host = Endpoint{*ParseIpv4("10.0.0.11"), 50123};
  labelled.remote = Endpoint{*ParseIpv4("198.51.100.10"), 443};
  labelled.process = "chrome.exe";
  labelled.pid = 4242;
  labelled.stage = "C";
  labelled.evidence = "remote_endpoint";
  labelled.observations = 30;
  labelled.purity = 29.0 / 30.0;
  labelled.sni_conflict = true;
  LabelRow unknown = labelled;
  unknown.process = kUnknownProcess;
  unknown.pid.reset();
  unknown.stage.clear();
  unknown.evidence.clear();
  unknown.observations.reset();
  unknown.purity.reset();
  unknown.sni_conflict.reset();
  auto write = [&](const std::string& path, bool withConfidence) {
    LabelWriter w(path, withConfidence);
    w.Write(labelled);
    w.Write(unknown);
    w.Commit();
    std::ifstream in(path);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  };
  auto plain = write(TempPath("labels-plain.csv"), false);
  auto confident = write(TempPath("labels-confidence.csv"), true);
  REQUIRE(plain.size() == 3);
  REQUIRE(confident.size() == 3);
  CHECK(plain[0].find("evidence") == std::string::npos);
  CHECK(confident[0] == plain[0] + ",evidence,observations,purity,sni_conflict");
  CHECK(confident[1] == plain[1] + ",remote_endpoint,30,0.9667,1");
  CHECK(confident[2] == plain[2] + ",,,,");
  LabelReader r(TempPath("labels-confidence.csv"));
  LabelRow row;
  REQUIRE(r.Next(row));
  CHECK(row.process == "chrome.exe");
  CHECK(row.stage == "C");
  REQUIRE(r.Next(row));
  CHECK(row.process == kUnknownProcess);
  CHECK_FALSE(r.Next(row));
}
