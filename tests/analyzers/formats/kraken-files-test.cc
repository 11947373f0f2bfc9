// The Kraken files: infection truth, per-host verdicts and the per-second series.
#include "analyzers/formats/kraken-files.h"

#include "tests/support/text-files.h"

#include <catch2/catch.hpp>

using namespace ntlab;
using namespace ntlab::test_support;

namespace {
using ntlab::test_support::TempPath;

KrakenHostVerdict InfectedHost() {
  KrakenHostVerdict h;
  h.host = *ParseIpv4("10.0.0.21");
  h.first_ts = 1741597200000000;
  h.last_ts = 1741600800250000;
  h.infected = true;
  h.score = 5;
  h.cnc = h.dga = h.rhythm = true;
  h.cnc_packets = 42;
  h.cnc_types_seen = {0x01, 0x08};
  h.cnc_gap_cv = 0.12346;
  h.dyn_queries = 300;
  h.dyn_names = 120;
  h.random_label_share = 0.95;
  h.mean_label_entropy = 3.25;
  h.nxdomain_ratio = 0.875;
  h.mx_queries = 2;
  h.smtp_sessions = 1;
  h.smtp_servers = 1;
  return h;
}
}  // namespace

TEST_CASE("Kraken truth writes and reads back", "[analysis][formats]") {
  auto path = TempPath("kraken_truth.csv");
  WriteKrakenTruthCsv(path, {{"pc03", *ParseIpv4("10.0.0.13"), "qxzvrt.exe"}});
  CHECK(ReadText(path) == "host,host_ip,process\npc03,10.0.0.13,qxzvrt.exe\n");
  auto rows = ReadKrakenTruthCsv(path);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].host == "pc03");
  CHECK(rows[0].ip == *ParseIpv4("10.0.0.13"));
  CHECK(rows[0].process == "qxzvrt.exe");
  WriteText(path, "host,host_ip,process\npc03,10.0.0.13,qxzvrt.exe\npc04,10.0.0.x,a.exe\n");
  CHECK(InputErrorOf([&] { ReadKrakenTruthCsv(path); }).find("kraken_truth.csv:3: column 'host_ip'") != std::string::npos);
  WriteText(path, "host,host_ip,process\n,10.0.0.13,a.exe\n");
  CHECK(InputErrorOf([&] { ReadKrakenTruthCsv(path); }).find(":2: column 'host': must not be empty") != std::string::npos);
}

TEST_CASE("Kraken host verdicts write and read back", "[analysis][formats]") {
  auto path = TempPath("kraken_hosts.csv");
  KrakenHostVerdict clean;
  clean.host = *ParseIpv4("10.0.0.11");
  WriteKrakenHostsCsv(path, {clean, InfectedHost()});
  std::istringstream text(ReadText(path));
  std::string header, cleanLine, infectedLine;
  std::getline(text, header);
  std::getline(text, cleanLine);
  std::getline(text, infectedLine);
  CHECK(header ==
        "host_ip,infected,score,cnc,dga,rhythm,smtp_test,spam,cnc_packets,cnc_types,cnc_gap_cv,dyn_queries,"
        "dyn_names,random_label_share,mean_label_entropy,nxdomain_ratio,dns_gap_cv,mx_queries,smtp_sessions,"
        "smtp_servers,first_ts,last_ts");
  CHECK(cleanLine == "10.0.0.11,0,0,0,0,0,0,0,0,,,0,0,0.0000,0.0000,0.0000,,0,0,0,0.000000,0.000000");
  CHECK(infectedLine ==
        "10.0.0.21,1,5,1,1,1,0,0,42,0x01 0x08,0.1235,300,120,0.9500,3.2500,0.8750,,2,1,1,"
        "1741597200.000000,1741600800.250000");
  auto rows = ReadKrakenHostsCsv(path);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].cnc_gap_cv == -1);
  CHECK(rows[0].cnc_types_seen.empty());
  const KrakenHostVerdict& h = rows[1];
  CHECK(h.infected);
  CHECK(h.score == 5);
  CHECK(h.cnc_types_seen == std::set<std::uint8_t>{0x01, 0x08});
  CHECK(h.cnc_gap_cv == Approx(0.1235));
  CHECK(h.dns_gap_cv == -1);
  CHECK(h.nxdomain_ratio == Approx(0.875));
  CHECK(h.last_ts == 1741600800250000);
  // What was read back writes the same bytes again.
  auto again = TempPath("kraken_hosts-again.csv");
  WriteKrakenHostsCsv(again, rows);
  CHECK(ReadText(again) == ReadText(path));

  std::string bad = ReadText(path);
  bad.replace(bad.find("0x01 0x08"), 9, "0x01 0x8");
  WriteText(path, bad);
  CHECK(InputErrorOf([&] { ReadKrakenHostsCsv(path); }).find(":3: column 'cnc_types': '0x8'") != std::string::npos);
  bad.replace(bad.find("10.0.0.21,1,"), 12, "10.0.0.21,y,");
  WriteText(path, bad);
  CHECK(InputErrorOf([&] { ReadKrakenHostsCsv(path); }).find(":3: column 'infected': 'y' is not 0 or 1") !=
        std::string::npos);
}

TEST_CASE("Kraken time series writes and reads back", "[analysis][formats]") {
  auto path = TempPath("kraken_timeseries.csv");
  WriteKrakenTimeSeriesCsv(path, {{*ParseIpv4("10.0.0.21"), 0, 1741597200, 3, 1, 0, 0},
                                  {*ParseIpv4("10.0.0.21"), 1, 1741597201, 0, 0, 2, 40}});
  CHECK(ReadText(path) ==
        "host_ip,second,ts,dns,cnc447,herder,spam\n"
        "10.0.0.21,0,1741597200,3,1,0,0\n"
        "10.0.0.21,1,1741597201,0,0,2,40\n");
  auto rows = ReadKrakenTimeSeriesCsv(path);
  REQUIRE(rows.size() == 2);
  CHECK(rows[1].second == 1);
  CHECK(rows[1].ts == 1741597201);
  CHECK(rows[1].herder == 2);
  CHECK(rows[1].spam == 40);
  WriteText(path, "host_ip,second,ts,dns,cnc447,herder,spam\n10.0.0.21,0,1741597200,3,-1,0,0\n");
  CHECK(InputErrorOf([&] { ReadKrakenTimeSeriesCsv(path); }).find(":2: column 'cnc447'") != std::string::npos);
}
