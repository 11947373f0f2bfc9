// The HTTP extractor on captures with bad requests and responses: each is a bad packet named by
// the packet that completed its header block, the other transactions are kept, and names that
// come out of the packets are escaped.
#include "analyzers/botnet/http-transaction-extractor.h"
#include "analyzers/capture/pcap-packet-source.h"
#include "tests/analyzers/analyzer-fixtures.h"

#include <catch2/catch.hpp>

using namespace ntlab;
using namespace ntlab::fixtures;

namespace {

std::vector<std::uint8_t> Bytes(const std::string& s) { return {s.begin(), s.end()}; }

// Handshake, request, response, FIN both ways: packets 1-7 of a connection.
void Exchange(PcapBuilder& pcap, double t, std::uint16_t port, const std::string& request,
              const std::string& response) {
  using namespace TcpFlag;
  Endpoint bot = Ep("10.0.0.5", port), cnc = Ep("198.51.100.7", 80);
  pcap.Tcp(Sec(t), bot, cnc, kSyn, 1000);
  pcap.Tcp(Sec(t + 0.001), cnc, bot, kSyn | kAck, 5000);
  pcap.Tcp(Sec(t + 0.002), bot, cnc, kAck, 1001);
  pcap.Tcp(Sec(t + 0.003), bot, cnc, kAck | kPsh, 1001, Bytes(request));
  pcap.Tcp(Sec(t + 0.004), cnc, bot, kAck | kPsh, 5001, Bytes(response));
  pcap.Tcp(Sec(t + 0.005), bot, cnc, kFin | kAck, std::uint32_t(1001 + request.size()));
  pcap.Tcp(Sec(t + 0.006), cnc, bot, kFin | kAck, std::uint32_t(5001 + response.size()));
}

struct Extracted {
  std::vector<HttpTransaction> transactions;
  std::vector<std::string> warnings;
  BadPacketCounts bad;
};

Extracted Extract(const std::string& path) {
  Extracted out;
  HttpTransactionExtractor extractor([&](const HttpTransaction& t) { out.transactions.push_back(t); });
  CaptureOptions options;
  options.warn = [&](const std::string& line) { out.warnings.push_back(line); };
  PcapPacketSource source(CapturePlan::FromInputs({path}), options);
  source.Run(extractor);
  out.bad = source.Stats().bad_packets;
  return out;
}

const std::string kOk = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

}  // namespace

TEST_CASE("a bad HTTP request or response is a bad packet, and the others are kept", "[analysis][botnet]") {
  std::string path = TempPath("http-bad.pcap");
  {
    PcapBuilder pcap(path);
    Exchange(pcap, 1, 50001, "GET /gate.php HTTQ/1.1\r\nHost: cnc.example\r\n\r\n", kOk);       // packets 1-7
    Exchange(pcap, 2, 50002, "POST /gate.php HTTP/1.1\r\nContent-Length: lots\r\n\r\n", kOk);   // 8-14
    Exchange(pcap, 3, 50003, "GET /a HTTP/1.1\r\n\r\n", "HTTP/1.1 two hundred\r\n\r\n");        // 15-21
    Exchange(pcap, 4, 50004, "EHLO pc-x\r\nMAIL FROM:<a@b>\r\n\r\n", "250 ok\r\n");             // 22-28: not HTTP
    Exchange(pcap, 5, 50005, "GET /gate.php?id=1 HTTP/1.1\r\nHost: cnc.example\r\n\r\n", kOk);  // 29-35: good
  }
  Extracted x = Extract(path);
  CHECK(x.bad.Of(BadPacketReason::HttpRequest) == 2);
  CHECK(x.bad.Of(BadPacketReason::HttpResponse) == 1);
  REQUIRE(x.warnings.size() == 5);
  CHECK(x.warnings[0] ==
        path +
            ": packet 4: HTTP request: request line 'GET /gate.php HTTQ/1.1' is not <method> <target> HTTP/<version>");
  CHECK(x.warnings[1] == path + ": packet 11: HTTP request: Content-Length 'lots' is not a number");
  CHECK(x.warnings[2] == path + ": packet 19: HTTP response: status line 'HTTP/1.1 two hundred' has no status code");
  CHECK_THAT(x.warnings[3], Catch::StartsWith("3 bad packets skipped (HTTP request 2, HTTP response 1)"));
  CHECK(x.warnings[4] == "35 records read; skipped: bad 3");
  // Kept: the response to the bad request line (as a response whose request is unknown), the POST
  // (no body, as without a length), the GET /a without its response, and the good GET.
  REQUIRE(x.transactions.size() == 4);
  CHECK(x.transactions[0].method.empty());
  CHECK(x.transactions[0].status == 200);
  CHECK(x.transactions[1].method == "POST");
  CHECK(x.transactions[1].status == 200);
  CHECK(x.transactions[2].uri == "/a");
  CHECK(x.transactions[2].status == 0);
  CHECK(x.transactions[3].uri == "/gate.php?id=1");
  CHECK(x.transactions[3].host == "cnc.example");
}

TEST_CASE("HTTP request targets and Host are escaped, and a Host longer than a host name is dropped",
          "[analysis][botnet]") {
  std::string path = TempPath("http-names.pcap");
  {
    PcapBuilder pcap(path);
    Exchange(pcap, 1, 50001, "GET /a\x1b[2J\\b\xff HTTP/1.1\r\nHost: cnc\x7f.example\r\n\r\n", kOk);
    Exchange(pcap, 2, 50002, "GET /long HTTP/1.1\r\nHost: " + std::string(300, 'h') + "\r\n\r\n", kOk);
  }
  Extracted x = Extract(path);
  REQUIRE(x.transactions.size() == 2);
  CHECK(x.transactions[0].uri == "/a\\x1b[2J\\x5cb\\xff");
  CHECK(x.transactions[0].host == "cnc\\x7f.example");
  CHECK(x.transactions[1].host.empty());
  CHECK(x.bad.Of(BadPacketReason::HttpRequest) == 1);
  REQUIRE_FALSE(x.warnings.empty());
  CHECK(x.warnings[0] == path + ": packet 11: HTTP request: Host header of 300 bytes, longer than 255");
}
