#include "models/payload/http-payload.h"

#include <catch2/catch.hpp>

#include <string>

using namespace ntlab::payload;

namespace {
std::string Text(const Bytes& b) { return std::string(b.begin(), b.end()); }
}  // namespace

TEST_CASE("HTTP request and response layout", "[analysis][payload][http]") {
  Bytes get = BuildHttpRequest("GET", "www.example.com", "/index.html",
                               {{"User-Agent", "Mozilla/5.0"}, {"Connection", "close"}});
  CHECK(Text(get) ==
        "GET /index.html HTTP/1.1\r\nHost: www.example.com\r\nUser-Agent: Mozilla/5.0\r\n"
        "Connection: close\r\n\r\n");
  CHECK(FindHttpHeader(get.data(), get.size(), "connection") == std::string("close"));
  CHECK_FALSE(FindHttpHeader(get.data(), get.size(), "Content-Length"));

  Bytes post = BuildHttpRequest("POST", "cc.example", "/gate.php", {}, "id=42");
  CHECK(Text(post).find("Content-Length: 5\r\n\r\nid=42") != std::string::npos);

  Bytes resp = BuildHttpResponse(200, "OK", "text/html", 1234, 5, {{"Server", "nginx"}});
  std::string t = Text(resp);
  CHECK(t.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
  CHECK(t.find("Content-Length: 1234\r\n") != std::string::npos);
  CHECK(t.find("Server: nginx\r\n") != std::string::npos);
  size_t header_end = t.find("\r\n\r\n") + 4;
  CHECK(resp.size() - header_end == 1234);
  CHECK(BuildHttpResponse(200, "OK", "application/octet-stream", 500, 5) ==
        BuildHttpResponse(200, "OK", "application/octet-stream", 500, 5));
  CHECK(BuildHttpResponse(200, "OK", "application/octet-stream", 500, 5) !=
        BuildHttpResponse(200, "OK", "application/octet-stream", 500, 6));
}

TEST_CASE("HTTP completeness detection handles partial and pipelined input",
          "[analysis][payload][http]") {
  Bytes resp = BuildHttpResponse(200, "OK", "image/png", 3000, 1);
  for (size_t cut : {size_t(0), size_t(10), resp.size() - 3000, resp.size() - 1}) {
    CHECK_FALSE(CompleteHttpMessageLength(resp.data(), cut));
  }
  CHECK(CompleteHttpMessageLength(resp.data(), resp.size()) == resp.size());

  Bytes two = BuildHttpRequest("GET", "a", "/1");
  size_t first = two.size();
  Bytes second = BuildHttpRequest("POST", "a", "/2", {}, "body");
  two.insert(two.end(), second.begin(), second.end());
  CHECK(CompleteHttpMessageLength(two.data(), two.size()) == first);
  CHECK(CompleteHttpMessageLength(two.data() + first, two.size() - first) == second.size());
  CHECK_FALSE(CompleteHttpMessageLength(two.data() + first, second.size() - 1));

  const std::string bad = "HTTP/1.1 200 OK\r\nContent-Length: 12x\r\n\r\n";
  CHECK_FALSE(CompleteHttpMessageLength(reinterpret_cast<const uint8_t*>(bad.data()), bad.size()));
}
