// flows.csv and expected-domains.csv: round trips and the errors bad input gets.
#include "analyzers/formats/domain-files.h"

#include "tests/support/text-files.h"

#include <catch2/catch.hpp>

using namespace ntlab;
using test_support::InputErrorOf;
using test_support::WriteText;
using test_support::ReadText;

namespace {
using ntlab::test_support::TempPath;

DomainFlowRow SharedFlow() {
  DomainFlowRow r;
  r.flow_id = 8;
  r.host = {*ParseIpv4("10.0.0.11"), 58357};
  r.remote = {*ParseIpv4("203.0.113.7"), 443};
  r.first_ts = 1741597232951147;
  r.last_ts = 1741597234434464;
  r.packets = 17;
  r.bytes = 6993;
  r.domain = "b.example";
  r.decision = "shared_first_flow";
  r.cname_chain = "b.example>e7.cdn.net";
  r.alternatives = "a.example;c.example";
  r.answer_ts = 1741597232951045;
  r.ttl = 30;
  r.address_only_domain = "c.example";
  r.sni = "b.example";
  r.sni_agreement = "agree";
  r.http_host = "b.example";
  r.http_host_agreement = "agree";
  r.process = "chrome.exe";
  r.user = "alice";
  r.community_id = "1:w+7MP8P4oInVnICgv3u/Yr6aZWE=";
  return r;
}
}  // namespace

TEST_CASE("domain files: flows.csv reads back what was written", "[analysis][formats][domains]") {
  const std::string path = TempPath("flows.csv");
  DomainFlowRow unlabelled;
  unlabelled.flow_id = 9;
  unlabelled.proto = Proto::Udp;
  unlabelled.decision = "no_answer";
  unlabelled.sni_agreement = "no_sni";
  unlabelled.http_host_agreement = "no_host";
  DomainFlowWriter writer(path);
  writer.Write(SharedFlow());
  writer.Write(unlabelled);
  writer.Commit();
  auto rows = ReadDomainFlowsCsv(path);
  REQUIRE(rows.size() == 2);
  const DomainFlowRow& r = rows[0];
  CHECK(r.flow_id == 8);
  CHECK(r.host.port == 58357);
  CHECK(FormatIp(r.remote.ip) == "203.0.113.7");
  CHECK(r.first_ts == 1741597232951147);
  CHECK(r.bytes == 6993);
  CHECK(r.domain == "b.example");
  CHECK(r.decision == "shared_first_flow");
  CHECK(r.cname_chain == "b.example>e7.cdn.net");
  CHECK(r.alternatives == "a.example;c.example");
  CHECK(r.answer_ts == 1741597232951045);
  CHECK(r.ttl == 30);
  CHECK(r.address_only_domain == "c.example");
  CHECK(r.sni_agreement == "agree");
  CHECK(r.http_host == "b.example");
  CHECK(r.http_host_agreement == "agree");
  CHECK(r.process == "chrome.exe");
  CHECK(r.user == "alice");
  CHECK(r.community_id == "1:w+7MP8P4oInVnICgv3u/Yr6aZWE=");
  CHECK(rows[1].answer_ts == 0);
  CHECK(rows[1].proto == Proto::Udp);
  CHECK(rows[1].http_host_agreement == "no_host");
  CHECK(rows[1].process.empty());
  CHECK(rows[1].user.empty());
}

TEST_CASE("domain files: a flows.csv written before the user column still reads, with no users", "[analysis][formats][domains]") {
  const std::string path = TempPath("flows-without-user.csv");
  WriteText(path,
            "flow_id,proto,host_ip,host_port,remote_ip,remote_port,direction,first_ts,last_ts,packets,bytes,domain,"
            "decision,cname_chain,alternatives,answer_ts,ttl,address_only_domain,sni,sni_agreement,http_host,"
            "http_host_agreement,process,community_id\n"
            "3,tcp,10.0.0.11,50001,203.0.113.7,443,outbound,1741597232.951147,1741597234.434464,17,6993,b.example,"
            "dns,b.example,,1741597232.951045,30,b.example,b.example,agree,,no_host,chrome.exe,1:x\n");
  auto rows = ReadDomainFlowsCsv(path);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].process == "chrome.exe");
  CHECK(rows[0].community_id == "1:x");
  CHECK(rows[0].user.empty());
  // A file with neither form's columns names what is missing.
  WriteText(path, "flow_id,proto\n1,tcp\n");
  CHECK(InputErrorOf([&] { ReadDomainFlowsCsv(path); }).find("not a valid CSV of the expected kind") != std::string::npos);
}

TEST_CASE("domain files: crosscheck.csv reads back what was written, and a bad verdict or share is refused", "[analysis][formats][domains][crosscheck]") {
  const std::string path = TempPath("crosscheck.csv");
  CrossCheckRow row;
  row.flow_id = 3;
  row.host = {0x0a00000b, 50000};
  row.remote = {0xcb007107, 443};
  row.first_ts = 1741597232951147;
  row.process = "mail.exe";
  row.truth_process = "chrome.exe";
  row.sni = "cdn.video.example";
  row.name = "video.example";
  row.verdict = "unusual";
  row.name_share = 0.0125;
  row.process_sessions = 80;
  CrossCheckWriter writer(path);
  writer.Write(row);
  writer.Commit();
  auto rows = ReadCrossCheckCsv(path);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].flow_id == 3);
  CHECK(rows[0].first_ts == row.first_ts);
  CHECK(rows[0].truth_process == "chrome.exe");
  CHECK(rows[0].name == "video.example");
  CHECK(rows[0].verdict == "unusual");
  CHECK(rows[0].name_share == Approx(0.0125));
  CHECK(rows[0].process_sessions == 80);
  const std::string text = ReadText(path);
  std::string badVerdict = text, badShare = text;
  WriteText(path, badVerdict.replace(text.find("unusual"), 7, "strange"));
  CHECK_THAT(InputErrorOf([&] { ReadCrossCheckCsv(path); }), Catch::Contains("column 'verdict'"));
  WriteText(path, badShare.replace(text.find("0.0125"), 6, "1.5000"));
  CHECK_THAT(InputErrorOf([&] { ReadCrossCheckCsv(path); }), Catch::Contains("column 'name_share'"));
}

TEST_CASE("domain files: a flows.csv with an unknown decision names the column", "[analysis][formats][domains]") {
  const std::string path = TempPath("flows-bad.csv");
  DomainFlowWriter writer(path);
  DomainFlowRow r = SharedFlow();
  r.decision = "guess";
  writer.Write(r);
  writer.Commit();
  CHECK(InputErrorOf([&] { ReadDomainFlowsCsv(path); }) == path + ":2: column 'decision': 'guess' is not a known value");
}

TEST_CASE("domain files: expected-domains.csv round trip, duplicates and bad fields refused",
          "[analysis][formats][domains]") {
  const std::string path = TempPath("expected-domains.csv");
  std::vector<ExpectedDomainRow> rows{{Proto::Tcp, {*ParseIpv4("10.0.0.11"), 50001}, {*ParseIpv4("203.0.113.7"), 443},
                                       "a.example"},
                                      {Proto::Tcp, {*ParseIpv4("10.0.0.11"), 50002}, {*ParseIpv4("192.0.2.9"), 443}, ""}};
  WriteExpectedDomainsCsv(path, rows);
  auto back = ReadExpectedDomainsCsv(path);
  REQUIRE(back.size() == 2);
  CHECK(back[0].domain == "a.example");
  CHECK(back[1].domain.empty());
  CHECK(back[1].host.port == 50002);

  WriteText(path, "proto,host_ip,host_port,remote_ip,remote_port,domain\n"
                  "tcp,10.0.0.11,50001,203.0.113.7,443,a.example\n"
                  "tcp,10.0.0.11,50001,203.0.113.7,443,b.example\n");
  CHECK(InputErrorOf([&] { ReadExpectedDomainsCsv(path); }) ==
        path + ":3: column 'proto': a second row for the same flow");
  WriteText(path, "proto,host_ip,host_port,remote_ip,remote_port,domain\ntcp,10.0.0.11,70000,203.0.113.7,443,a\n");
  CHECK(InputErrorOf([&] { ReadExpectedDomainsCsv(path); }) ==
        path + ":2: column 'host_port': '70000' is not a port (0-65535)");
}
