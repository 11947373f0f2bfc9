// The responder's record: HTTP exchanges reassembled from captured frames (out of order and
// retransmitted segments included), answered in recorded order by method and path, and the
// variant's scaled bodies.
#include "replay/responder/recorded-exchanges.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace ntlab;
using namespace ntlab::responder;

namespace {

// An Ethernet II / IPv4 / TCP frame (checksums zero, as the simulator's).
std::vector<std::uint8_t> Frame(Ipv4 src, std::uint16_t sport, Ipv4 dst, std::uint16_t dport, std::uint8_t flags,
                                std::uint32_t seq, const std::string& payload) {
  std::vector<std::uint8_t> f(14 + 20 + 20, 0);
  f[12] = 0x08;
  std::size_t total = 40 + payload.size();
  std::uint8_t* ip = &f[14];
  ip[0] = 0x45;
  ip[2] = std::uint8_t(total >> 8);
  ip[3] = std::uint8_t(total);
  ip[9] = 6;
  for (int i = 0; i < 4; ++i) {
    ip[12 + i] = std::uint8_t(src >> (24 - 8 * i));
    ip[16 + i] = std::uint8_t(dst >> (24 - 8 * i));
  }
  std::uint8_t* tcp = ip + 20;
  tcp[0] = std::uint8_t(sport >> 8), tcp[1] = std::uint8_t(sport);
  tcp[2] = std::uint8_t(dport >> 8), tcp[3] = std::uint8_t(dport);
  for (int i = 0; i < 4; ++i) tcp[4 + i] = std::uint8_t(seq >> (24 - 8 * i));
  tcp[12] = 0x50;
  tcp[13] = flags;
  f.insert(f.end(), payload.begin(), payload.end());
  return f;
}

void Add(RecordedExchangeBook& book, TimeUs ts, const std::vector<std::uint8_t>& frame) {
  book.AddFrame(ts, frame.data(), frame.size());
}

// One request per connection, as the Zeus bot sends them; the response's body arrives before its
// header block (out of order) and the header block twice (a retransmission).
void Exchange(RecordedExchangeBook& book, TimeUs ts, std::uint16_t port, const std::string& request,
              const std::string& head, const std::string& body) {
  const Ipv4 bot = 0x0a00000b, cnc = 0xc633640a;
  Add(book, ts, Frame(bot, port, cnc, 80, 0x02, 1000, ""));
  Add(book, ts + 1, Frame(cnc, 80, bot, port, 0x12, 5000, ""));
  Add(book, ts + 2, Frame(bot, port, cnc, 80, 0x18, 1001, request));
  Add(book, ts + 3, Frame(cnc, 80, bot, port, 0x18, 5001 + std::uint32_t(head.size()), body));
  Add(book, ts + 4, Frame(cnc, 80, bot, port, 0x18, 5001, head));
  Add(book, ts + 5, Frame(cnc, 80, bot, port, 0x18, 5001, head));
  Add(book, ts + 6, Frame(bot, port, cnc, 80, 0x11, 1001 + std::uint32_t(request.size()), ""));
  Add(book, ts + 7, Frame(cnc, 80, bot, port, 0x11, 5001 + std::uint32_t(head.size() + body.size()), ""));
}

std::string Ok(std::size_t length) { return "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(length) + "\r\n\r\n"; }

}  // namespace

TEST_CASE("responder record: exchanges reassembled and replayed in order by method and path", "[analysis][isolation]") {
  RecordedExchangeBook book;
  Exchange(book, 100, 40001, "GET /gate.php?id=1 HTTP/1.1\r\nHost: c\r\n\r\n", Ok(4), "CMD1");
  Exchange(book, 200, 40002, "POST /gate.php HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc", Ok(5), "rep-a");
  Exchange(book, 300, 40003, "GET /gate.php?id=1 HTTP/1.1\r\nHost: c\r\n\r\n", Ok(4), "CMD2");
  Exchange(book, 400, 40004, "POST /gate.php HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc", Ok(5), "rep-b");
  // A stream whose SYN was not captured is left out.
  Add(book, 500, Frame(0x0a00000b, 40005, 0xc633640a, 80, 0x18, 7, "GET /x HTTP/1.1\r\n\r\n"));
  CHECK_FALSE(book.Answer("GET", "/gate.php").has_value());  // not sealed: nothing to say yet
  book.Seal();
  REQUIRE(book.Exchanges().size() == 4);
  CHECK(book.StreamsWithoutSyn() == 1);
  CHECK(std::string(book.Exchanges()[0].response.begin(), book.Exchanges()[0].response.end()) == Ok(4) + "CMD1");

  auto poll = book.Answer("GET", "/gate.php");
  REQUIRE(poll);
  CHECK(poll->index == 0);
  auto report = book.Answer("POST", "/gate.php");
  REQUIRE(report);
  CHECK(report->index == 1);  // the answer that followed the replayed command
  CHECK(book.Answer("GET", "/gate.php")->index == 2);
  CHECK(book.Answer("GET", "/gate.php")->index == 0);  // wraps to the start
  CHECK_FALSE(book.Answer("GET", "/config.bin").has_value());
}

TEST_CASE("responder record: the variant's bodies are scaled and Content-Length follows", "[analysis][isolation]") {
  const std::string response = Ok(4) + "abcd";
  std::vector<std::uint8_t> bytes(response.begin(), response.end());
  auto scaled = ScaleResponseBody(bytes, 2.5);
  CHECK(std::string(scaled.begin(), scaled.end()) == Ok(10) + "abcdabcdab");
  CHECK(ScaleResponseBody(bytes, 1.0) == bytes);
  auto shrunk = ScaleResponseBody(bytes, 0.1);
  CHECK(std::string(shrunk.begin(), shrunk.end()) == Ok(1) + "a");
}
