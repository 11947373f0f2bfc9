#include "analyzers/sessions/tls-client-hello-reassembler.h"

#include "tests/analyzers/analyzer-fixtures.h"

#include <catch2/catch.hpp>

#include <cstring>

using namespace ntlab;
using namespace ntlab::fixtures;

TEST_CASE("SNI from a whole ClientHello", "[analysis][sessions][tls]") {
  auto hello = ClientHelloRecord("www.example.com");
  auto info = TlsClientHello::Parse(hello.data(), hello.size());
  CHECK(info.status == TlsParseStatus::Complete);
  CHECK(info.server_name == "www.example.com");

  auto noSni = ClientHelloRecord("");
  info = TlsClientHello::Parse(noSni.data(), noSni.size());
  CHECK(info.status == TlsParseStatus::Complete);
  CHECK(info.server_name.empty());
}

TEST_CASE("a ClientHello prefix needs more bytes", "[analysis][sessions][tls]") {
  auto hello = ClientHelloRecord("a.example");
  for (std::size_t n : {std::size_t(1), std::size_t(3), std::size_t(5), std::size_t(9), hello.size() - 1})
    CHECK(TlsClientHello::Parse(hello.data(), n).status == TlsParseStatus::NeedMore);
}

TEST_CASE("plain text and other handshakes are not TLS ClientHellos", "[analysis][sessions][tls]") {
  const char* http = "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n";
  CHECK(TlsClientHello::Parse(reinterpret_cast<const std::uint8_t*>(http), std::strlen(http)).status ==
        TlsParseStatus::NotTls);
  std::uint8_t ssh[] = {'S', 'S', 'H', '-', '2'};
  CHECK(TlsClientHello::Parse(ssh, 1).status == TlsParseStatus::NotTls);
  // A server's flight seen as the client stream (the SYN was not captured) is TLS, but not a
  // ClientHello and not a bad packet either.
  auto serverHello = ClientHelloRecord("x");
  serverHello[5] = 2;  // ServerHello
  CHECK(TlsClientHello::Parse(serverHello.data(), serverHello.size()).status == TlsParseStatus::NotTls);
}

TEST_CASE("a malformed ClientHello says what is wrong with it", "[analysis][sessions][tls]") {
  auto hello = ClientHelloRecord("x.example");
  auto problemOf = [](std::vector<std::uint8_t> bytes) {
    auto info = TlsClientHello::Parse(bytes.data(), bytes.size());
    CHECK(info.status == TlsParseStatus::Malformed);
    CHECK(info.server_name.empty());
    return info.problem;
  };
  auto sessionId = hello;
  sessionId[5 + 4 + 34] = 200;  // session id length beyond the message
  CHECK(problemOf(sessionId) == "session id longer than 32 bytes or than the ClientHello");
  auto version = hello;
  version[2] = 9;  // record version 3.9
  CHECK(problemOf(version) == "record version 3.9");
  auto extensions = hello;
  std::size_t extensionsLength = 5 + 4 + 2 + 32 + 1 + 2 + 4 + 2;  // the extension list's length field
  extensions[extensionsLength] = 0x7f;
  CHECK(problemOf(extensions) == "extensions run past the ClientHello");
  auto tiny = hello;
  tiny[6] = tiny[7] = 0, tiny[8] = 4;  // a 4-byte ClientHello body
  CHECK(problemOf(tiny) == "ClientHello of 4 bytes, too short to be one");
  auto secondRecord = ClientHelloRecord("split.example");
  std::vector<std::uint8_t> split = {22, 3, 1, 0, 10};
  split.insert(split.end(), secondRecord.begin() + 5, secondRecord.begin() + 15);
  split.insert(split.end(), {23, 3, 3, 0, 1, 0});  // application data where the hello goes on
  CHECK(problemOf(split) == "record of type 23, not handshake");
}

TEST_CASE("the server name is escaped, and a name longer than a host name is malformed", "[analysis][sessions][tls]") {
  auto hostile = ClientHelloRecord("evil\r\x1b.ex\\ample");
  auto info = TlsClientHello::Parse(hostile.data(), hostile.size());
  REQUIRE(info.status == TlsParseStatus::Complete);
  CHECK(info.server_name == "evil\\x0d\\x1b.ex\\x5cample");
  auto utf8 = ClientHelloRecord(
      "b\xc3\xbc"
      "cher.example");
  CHECK(TlsClientHello::Parse(utf8.data(), utf8.size()).server_name == "b\\xc3\\xbccher.example");

  auto longName = ClientHelloRecord(std::string(256, 'a'));
  info = TlsClientHello::Parse(longName.data(), longName.size());
  CHECK(info.status == TlsParseStatus::Malformed);
  CHECK(info.problem == "server name of 256 bytes, longer than 255");
  auto longest = ClientHelloRecord(std::string(255, 'a'));
  CHECK(TlsClientHello::Parse(longest.data(), longest.size()).server_name == std::string(255, 'a'));
}

// Found by tests/fuzz/tls-client-hello-fuzzer: a ClientHello with a bad record version was malformed
// when its first segment carried 6 bytes or more, but not TLS at all when TCP cut it after the
// 5-byte record header, so whether it counted as a bad packet depended on the segmentation.
TEST_CASE("a broken first record header waits for the byte that says ClientHello", "[analysis][sessions][tls]") {
  auto hello = ClientHelloRecord("x.example");
  hello[2] = 0x41;  // record version 3.65
  CHECK(TlsClientHello::Parse(hello.data(), 5).status == TlsParseStatus::NeedMore);
  CHECK(TlsClientHello::Parse(hello.data(), hello.size()).status == TlsParseStatus::Malformed);
  TlsClientHelloReassembler split;
  split.SetStreamStart(1000);
  CHECK(split.Add(1000, hello.data(), 5) == TlsParseStatus::NeedMore);
  CHECK(split.Add(1005, hello.data() + 5, hello.size() - 5) == TlsParseStatus::Malformed);
  auto other = hello;
  other[5] = 2;  // a ServerHello with the same broken header is still not a ClientHello
  CHECK(TlsClientHello::Parse(other.data(), other.size()).status == TlsParseStatus::NotTls);
}

TEST_CASE("ClientHello split over two records", "[analysis][sessions][tls]") {
  auto hello = ClientHelloRecord("split.records.example");
  std::vector<std::uint8_t> handshake(hello.begin() + 5, hello.end());
  std::size_t cut = 20;
  std::vector<std::uint8_t> stream = {22, 3, 1, 0, std::uint8_t(cut)};
  stream.insert(stream.end(), handshake.begin(), handshake.begin() + cut);
  std::size_t rest = handshake.size() - cut;
  stream.insert(stream.end(), {22, 3, 1, std::uint8_t(rest >> 8), std::uint8_t(rest)});
  stream.insert(stream.end(), handshake.begin() + cut, handshake.end());
  auto info = TlsClientHello::Parse(stream.data(), stream.size());
  CHECK(info.status == TlsParseStatus::Complete);
  CHECK(info.server_name == "split.records.example");
}

TEST_CASE("reassembly over two in-order segments", "[analysis][sessions][tls]") {
  auto hello = ClientHelloRecord("two.segments.example");
  TlsClientHelloReassembler r;
  r.SetStreamStart(1001);
  CHECK(r.Add(1001, hello.data(), 30) == TlsParseStatus::NeedMore);
  CHECK(r.Add(1031, hello.data() + 30, hello.size() - 30) == TlsParseStatus::Complete);
  CHECK(r.ServerName() == "two.segments.example");
}

TEST_CASE("reassembly of out-of-order segments, with and without the SYN", "[analysis][sessions][tls]") {
  auto hello = ClientHelloRecord("out.of.order.example");
  std::size_t a = 17, b = 50;
  SECTION("stream start known from the SYN") {
    TlsClientHelloReassembler r;
    r.SetStreamStart(0xfffffff0);  // wraps around mid-hello
    CHECK(r.Add(0xfffffff0 + std::uint32_t(b), hello.data() + b, hello.size() - b) == TlsParseStatus::NeedMore);
    CHECK(r.Add(0xfffffff0, hello.data(), a) == TlsParseStatus::NeedMore);
    CHECK(r.Add(0xfffffff0 + std::uint32_t(a), hello.data() + a, b - a) == TlsParseStatus::Complete);
    CHECK(r.ServerName() == "out.of.order.example");
  }
  SECTION("no SYN: the first segment seen is taken as the stream start") {
    // Without the SYN a later segment arriving first cannot be told from a midstream capture;
    // it is judged as it stands (the sessionizer nearly always has the SYN).
    TlsClientHelloReassembler r;
    CHECK(r.Add(5000 + std::uint32_t(a), hello.data() + a, hello.size() - a) == TlsParseStatus::NotTls);
    TlsClientHelloReassembler inOrder;
    CHECK(inOrder.Add(5000, hello.data(), a) == TlsParseStatus::NeedMore);
    CHECK(inOrder.Add(5000 + std::uint32_t(a), hello.data() + a, hello.size() - a) == TlsParseStatus::Complete);
    CHECK(inOrder.ServerName() == "out.of.order.example");
  }
  SECTION("retransmission overlapping earlier bytes") {
    TlsClientHelloReassembler r;
    r.SetStreamStart(1);
    CHECK(r.Add(1, hello.data(), b) == TlsParseStatus::NeedMore);
    CHECK(r.Add(1 + std::uint32_t(a), hello.data() + a, b - a) == TlsParseStatus::NeedMore);
    CHECK(r.Add(1 + std::uint32_t(a), hello.data() + a, hello.size() - a) == TlsParseStatus::Complete);
  }
}

TEST_CASE("reassembly gives up on non-TLS and at the size limit", "[analysis][sessions][tls]") {
  TlsClientHelloReassembler r;
  const char* http = "GET / HTTP/1.1\r\n";
  CHECK(r.Add(7, reinterpret_cast<const std::uint8_t*>(http), std::strlen(http)) == TlsParseStatus::NotTls);

  // A record header announcing more than the limit keeps NeedMore until the limit is reached.
  TlsClientHelloReassembler small(64);
  auto hello = ClientHelloRecord(std::string(100, 'x'));
  CHECK(small.Add(1, hello.data(), 40) == TlsParseStatus::NeedMore);
  CHECK(small.Add(41, hello.data() + 40, 60) == TlsParseStatus::NotTls);
}

TEST_CASE("handshake messages without records, as QUIC CRYPTO frames carry them", "[analysis][sessions][tls]") {
  auto record = ClientHelloRecord("quic.example");
  const std::uint8_t* messages = record.data() + 5;
  const std::size_t length = record.size() - 5;
  auto info = TlsClientHello::ParseHandshake(messages, length);
  CHECK(info.status == TlsParseStatus::Complete);
  CHECK(info.server_name == "quic.example");
  CHECK(TlsClientHello::ParseHandshake(messages, 3).status == TlsParseStatus::NeedMore);
  CHECK(TlsClientHello::ParseHandshake(messages, length - 1).status == TlsParseStatus::NeedMore);
  std::vector<std::uint8_t> serverHello(messages, messages + length);
  serverHello[0] = 2;
  info = TlsClientHello::ParseHandshake(serverHello.data(), serverHello.size());
  CHECK(info.status == TlsParseStatus::Malformed);
  CHECK(info.problem == "handshake message of type 2, not ClientHello");
}
