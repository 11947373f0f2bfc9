#include "analyzers/botnet/http-transaction-extractor.h"
#include "analyzers/botnet/zeus-episode-builder.h"
#include "analyzers/botnet/zeus-truth.h"
#include "analyzers/capture/pcap-packet-source.h"
#include "tests/analyzers/analyzer-fixtures.h"

#include <catch2/catch.hpp>

using namespace ntlab;
using namespace ntlab::fixtures;

namespace {

std::vector<std::uint8_t> Bytes(const std::string& s) { return {s.begin(), s.end()}; }

std::string Response(std::size_t body) {
  return "HTTP/1.1 200 OK\r\nServer: Apache\r\nContent-Type: text/html\r\nContent-Length: " +
         std::to_string(body) + "\r\n\r\n" + std::string(body, 'x');
}

std::string Request(const std::string& method, const std::string& uri, std::size_t body = 0) {
  std::string r = method + " " + uri + " HTTP/1.1\r\nHost: cnc.example\r\nUser-Agent: Mozilla/4.0\r\n";
  if (method == "POST") r += "Content-Length: " + std::to_string(body) + "\r\n";
  return r + "\r\n" + std::string(body, '\x9c');
}

// One request on its own TCP connection, as the bot does. `split` sends the response in two
// segments, the second one first (out of order), plus a retransmission of the first.
void Exchange(PcapBuilder& pcap, double t, std::uint16_t port, const std::string& request,
              const std::string& response, bool split = false) {
  Endpoint bot = Ep("10.0.0.5", port), cnc = Ep("198.51.100.7", 80);
  using namespace TcpFlag;
  pcap.Tcp(Sec(t), bot, cnc, kSyn, 1000);
  pcap.Tcp(Sec(t + 0.001), cnc, bot, kSyn | kAck, 5000);
  pcap.Tcp(Sec(t + 0.002), bot, cnc, kAck, 1001);
  pcap.Tcp(Sec(t + 0.003), bot, cnc, kAck | kPsh, 1001, Bytes(request));
  if (split) {
    std::size_t half = response.size() / 2;
    pcap.Tcp(Sec(t + 0.004), cnc, bot, kAck | kPsh, 5001 + half, Bytes(response.substr(half)));
    pcap.Tcp(Sec(t + 0.005), cnc, bot, kAck, 5001, Bytes(response.substr(0, half)));
    pcap.Tcp(Sec(t + 0.006), cnc, bot, kAck, 5001, Bytes(response.substr(0, half)));  // retransmission
  } else {
    pcap.Tcp(Sec(t + 0.004), cnc, bot, kAck | kPsh, 5001, Bytes(response));
  }
  std::uint32_t botEnd = 1001 + request.size(), cncEnd = 5001 + response.size();
  pcap.Tcp(Sec(t + 0.007), bot, cnc, kFin | kAck, botEnd);
  pcap.Tcp(Sec(t + 0.008), cnc, bot, kFin | kAck, cncEnd);
  pcap.Tcp(Sec(t + 0.009), bot, cnc, kAck, botEnd + 1);
}

}  // namespace

TEST_CASE("HTTP transactions and Zeus episodes come out of a hand-made capture", "[analysis][botnet]") {
  std::string path = TempPath("zeus-episodes.pcap");
  {
    PcapBuilder pcap(path);
    Exchange(pcap, 100, 50001, Request("GET", "/config.bin"), Response(20000), true);
    Exchange(pcap, 101, 50002, Request("GET", "/gate.php?id=PC_1&ver=2.0.8.9"), Response(60));
    // Episode 1: three reports answered with 100, 130 and 160 bytes.
    Exchange(pcap, 160, 50003, Request("POST", "/gate.php", 800), Response(100));
    Exchange(pcap, 220, 50004, Request("POST", "/gate.php", 1000), Response(130), true);
    Exchange(pcap, 280, 50005, Request("POST", "/gate.php", 1200), Response(160));
    // Next poll, then episode 2 with one report; then, after an idle gap, a third episode.
    Exchange(pcap, 1500, 50006, Request("GET", "/gate.php?id=PC_1"), Response(50));
    Exchange(pcap, 1560, 50007, Request("POST", "/gate.php", 500), Response(400));
    Exchange(pcap, 3000, 50008, Request("POST", "/gate.php", 500), Response(250));
  }
  std::vector<HttpTransaction> transactions;
  ZeusEpisodeConfig episodeConfig;
  episodeConfig.drop_incomplete = false;  // this capture ends with the third episode's report
  ZeusEpisodeBuilder builder(episodeConfig);
  HttpTransactionExtractor extractor([&](const HttpTransaction& t) {
    transactions.push_back(t);
    builder.Add(t);
  });
  PcapPacketSource source(CapturePlan::FromInputs({path}));
  source.Run(extractor);
  REQUIRE(transactions.size() == 8);
  const HttpTransaction& config = transactions[0];
  CHECK(config.method == "GET");
  CHECK(config.uri == "/config.bin");
  CHECK(config.host == "cnc.example");
  CHECK(config.status == 200);
  CHECK(config.response_body_length == 20000);
  CHECK(config.response_complete);
  CHECK(config.client == Ep("10.0.0.5", 50001));
  CHECK(config.request_ts == Sec(100.003));
  CHECK(transactions[1].Path() == "/gate.php");
  CHECK(transactions[3].method == "POST");
  CHECK(transactions[3].request_body_length == 1000);
  CHECK(transactions[3].response_body_length == 130);
  CHECK(extractor.Stats().streams == 8);

  std::vector<ZeusEpisode> episodes = builder.Finish();
  REQUIRE(episodes.size() == 3);
  CHECK(episodes[0].php_requests == 3);
  CHECK(episodes[0].mean_ok_response_length == Approx(130));
  CHECK(episodes[0].mean_post_body_length == Approx(1000));
  CHECK(episodes[0].mean_gap_s == Approx(60));
  CHECK(episodes[0].cnc_host == "cnc.example");
  CHECK(episodes[1].php_requests == 1);
  CHECK(episodes[1].mean_ok_response_length == Approx(400));
  CHECK(episodes[2].first_ts == Sec(3000.003));

  // Truth join: the latest command to the bot before each episode.
  std::vector<ZeusTruthEpisode> truth = {{Sec(101.01), Ip("10.0.0.5"), 1, "cookie_theft"},
                                         {Sec(1500.01), Ip("10.0.0.5"), 2, "homepage_set"},
                                         {Sec(1500.01), Ip("10.0.0.9"), 3, "os_shutdown"}};
  std::string truthPath = TempPath("zeus-truth.csv");
  WriteZeusTruthCsv(truthPath, truth);
  CHECK(JoinZeusTruth(episodes, ReadZeusTruthCsv(truthPath)) == 3);
  CHECK(episodes[0].truth_behaviour == "cookie_theft");
  CHECK(episodes[1].truth_episode == 2);
  CHECK(episodes[2].truth_behaviour == "homepage_set");  // the idle-gap split keeps the last command
}

TEST_CASE("ZeusEpisodeBuilder ignores servers without config.bin and non-PHP requests", "[analysis][botnet]") {
  auto tx = [](const char* server, const char* method, const char* uri, double t, int status = 200) {
    HttpTransaction x;
    x.client = Ep("10.0.0.5", 50000);
    x.server = Ep(server, 80);
    x.method = method;
    x.uri = uri;
    x.request_ts = Sec(t);
    x.status = status;
    x.response_body_length = 100;
    return x;
  };
  ZeusEpisodeConfig config;
  config.drop_incomplete = false;  // the capture ends right after the last report
  ZeusEpisodeBuilder builder(config);
  builder.Add(tx("203.0.113.1", "POST", "/forum/post.php", 10));   // ordinary PHP site
  builder.Add(tx("198.51.100.7", "GET", "/config.bin", 0));
  builder.Add(tx("198.51.100.7", "GET", "/index.html", 5));
  builder.Add(tx("198.51.100.7", "POST", "/s.php", 20, 404));      // no 200 OK: no response feature
  builder.Add(tx("198.51.100.7", "GET", "/gate.php", 30));
  builder.Add(tx("198.51.100.7", "POST", "/s.php", 40));
  std::vector<ZeusEpisode> episodes = builder.Finish();
  REQUIRE(episodes.size() == 1);
  CHECK(episodes[0].cnc_ip == Ip("198.51.100.7"));
  CHECK(builder.Stats().dropped_pairs == 1);
  CHECK(builder.Stats().dropped_no_ok == 1);
}

TEST_CASE("ZeusEpisodeBuilder sets aside an episode cut off by the end of the capture", "[analysis][botnet]") {
  auto tx = [](const char* method, const char* uri, double t) {
    HttpTransaction x;
    x.client = Ep("10.0.0.5", 50000);
    x.server = Ep("198.51.100.7", 80);
    x.method = method;
    x.uri = uri;
    x.request_ts = Sec(t);
    x.status = 200;
    x.response_body_length = 120;
    return x;
  };
  auto build = [&](bool dropIncomplete, ZeusEpisodeStats& stats) {
    ZeusEpisodeConfig config;
    config.drop_incomplete = dropIncomplete;
    ZeusEpisodeBuilder builder(config);
    builder.Add(tx("GET", "/config.bin", 0));
    builder.Add(tx("GET", "/gate.php", 10));
    for (int i = 0; i < 5; ++i) builder.Add(tx("POST", "/gate.php", 20 + 60 * i));  // complete: a poll follows
    builder.Add(tx("GET", "/gate.php", 1500));
    for (int i = 0; i < 3; ++i) builder.Add(tx("POST", "/gate.php", 1510 + 60 * i));  // still running at the end
    auto episodes = builder.Finish();
    stats = builder.Stats();
    return episodes;
  };
  ZeusEpisodeStats stats;
  auto kept = build(true, stats);
  REQUIRE(kept.size() == 1);
  CHECK(kept[0].php_requests == 5);
  CHECK(stats.dropped_incomplete == 1);
  auto all = build(false, stats);
  CHECK(all.size() == 2);
  CHECK(stats.dropped_incomplete == 0);
}
