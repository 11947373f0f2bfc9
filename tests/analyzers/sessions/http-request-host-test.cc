// The Host of a plaintext HTTP request opening a client stream, alone and through the Sessionizer.
#include "analyzers/sessions/http-request-host.h"

#include "analyzers/sessions/sessionizer.h"
#include "tests/analyzers/analyzer-fixtures.h"

#include <catch2/catch.hpp>

using namespace ntlab;
using namespace ntlab::fixtures;

namespace {

std::string HostOf(const std::string& stream) {
  return HttpRequestHost(reinterpret_cast<const std::uint8_t*>(stream.data()), stream.size());
}

std::vector<std::uint8_t> Bytes(const std::string& text) { return {text.begin(), text.end()}; }

struct Recorder : SessionObserver {
  std::vector<Session> finished;
  void OnSessionPacket(const Session&, const DecodedPacket&) override {}
  void OnSessionFinished(const Session& s) override { finished.push_back(s); }
};

}  // namespace

TEST_CASE("http request host: the Host line of a request, lower case, without its port", "[analysis][sessions][http]") {
  CHECK(HostOf("GET / HTTP/1.1\r\nHost: WWW.Example.com\r\n\r\n") == "www.example.com");
  CHECK(HostOf("POST /x HTTP/1.0\r\nUser-Agent: a\r\nhost:shop.example:8080 \r\n\r\n") == "shop.example");
  CHECK(HostOf("GET / HTTP/1.1\r\nHost: [2001:db8::1]:80\r\n\r\n") == "[2001:db8::1]");
  CHECK(HostOf("GET / HTTP/1.1\r\nHost: 198.51.100.7\r\n\r\n") == "198.51.100.7");
}

TEST_CASE("http request host: not a request, no Host before the header ends, or cut off", "[analysis][sessions][http]") {
  CHECK(HostOf("SSH-2.0-OpenSSH_9.2\r\n") == "");
  CHECK(HostOf("GET / FTP/1.1\r\nHost: a.example\r\n\r\n") == "");  // not HTTP
  CHECK(HostOf("GET / HTTP/1.1\r\nAccept: */*\r\n\r\nHost: body.example\r\n") == "");  // after the header
  CHECK(HostOf("GET / HTTP/1.1\r\nHost: cut.exam") == "");  // the line never ended
  CHECK(HostOf("GET / HTTP/1.1\r\nX-Host: a.example\r\n\r\n") == "");
  CHECK(HostOf("GET / HTTP/1.1\r\nHost: " + std::string(300, 'a') + "\r\n\r\n") == "");  // longer than a name
  CHECK(HostOf("") == "");
}

TEST_CASE("http request host: the sessionizer records the Host of the client's first request", "[analysis][sessions][http]") {
  Recorder rec;
  Sessionizer s({}, rec);
  const Endpoint client = Ep("10.0.0.11", 50200), server = Ep("198.51.100.20", 80);
  auto request = Bytes("GET /index.html HTTP/1.1\r\nHost: Plain.Example\r\nAccept: */*\r\n\r\n");
  auto response = Bytes("HTTP/1.1 200 OK\r\nHost: server.example\r\n\r\n");
  s.OnPacket(Packet(Sec(1), Proto::Tcp, client, server, TcpFlag::kSyn, 60, 1000));
  s.OnPacket(Packet(Sec(1.1), Proto::Tcp, server, client, TcpFlag::kSyn | TcpFlag::kAck, 60, 5000));
  s.OnPacket(Packet(Sec(1.2), Proto::Tcp, client, server, TcpFlag::kAck | TcpFlag::kPsh, 120, 1001, &request));
  s.OnPacket(Packet(Sec(1.3), Proto::Tcp, server, client, TcpFlag::kAck | TcpFlag::kPsh, 100, 5001, &response));
  s.OnGroupFinished();
  REQUIRE(rec.finished.size() == 1);
  CHECK(rec.finished[0].http_host == "plain.example");
  CHECK(rec.finished[0].sni.empty());
}
