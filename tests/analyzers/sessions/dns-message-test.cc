#include "analyzers/sessions/dns-message.h"

#include "models/payload/dns-payload.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace ntlab;

namespace {

using Bytes = std::vector<std::uint8_t>;

// Header: id 0x1234, flags, then the four section counts.
Bytes Header(bool response, std::uint8_t rcode, std::uint16_t qd, std::uint16_t an, std::uint16_t ns = 0,
             std::uint16_t ar = 0) {
  return {0x12,
          0x34,
          std::uint8_t(response ? 0x81 : 0x01),
          std::uint8_t(0x80 | rcode),
          0,
          std::uint8_t(qd),
          0,
          std::uint8_t(an),
          0,
          std::uint8_t(ns),
          0,
          std::uint8_t(ar)};
}

void Append(Bytes& m, std::initializer_list<std::uint8_t> bytes) { m.insert(m.end(), bytes); }

// "name" in wire form: labels, then the final zero.
void Name(Bytes& m, const std::vector<std::string>& labels) {
  for (const auto& l : labels) {
    m.push_back(std::uint8_t(l.size()));
    m.insert(m.end(), l.begin(), l.end());
  }
  m.push_back(0);
}

// A response to "mail.example.com" MX: the answer's owner is a pointer to the question, the
// exchange a label and a pointer to "example.com".
Bytes CompressedMxResponse() {
  Bytes m = Header(true, 0, 1, 2);
  Name(m, {"mail", "example", "com"});  // offset 12; "example" at 17
  Append(m, {0, 15, 0, 1});             // MX IN
  Append(m, {0xc0, 12, 0, 15, 0, 1, 0, 0, 1, 0x2c, 0, 7, 0, 10, 2, 'm', 'x', 0xc0, 17});
  Append(m, {0xc0, 12, 0, 1, 0, 1, 0, 0, 1, 0x2c, 0, 4, 192, 0, 2, 25});  // an A record too
  return m;
}

DnsProblem ProblemOf(const Bytes& m) {
  DnsProblem problem;
  CHECK_FALSE(ParseDnsMessage(m.data(), m.size(), &problem));
  return problem;
}

}  // namespace

TEST_CASE("a DNS response with compressed names", "[analysis][sessions][dns]") {
  Bytes m = CompressedMxResponse();
  auto dns = ParseDnsMessage(m.data(), m.size());
  REQUIRE(dns);
  CHECK(dns->id == 0x1234);
  CHECK(dns->response);
  CHECK(dns->rcode == 0);
  REQUIRE(dns->questions.size() == 1);
  CHECK(dns->questions[0].name == "mail.example.com");
  CHECK(dns->questions[0].type == DnsType::kMx);
  REQUIRE(dns->answers.size() == 2);
  CHECK(dns->answers[0].name == "mail.example.com");
  CHECK(dns->answers[0].type == DnsType::kMx);
  CHECK(dns->answers[0].data == "mx.example.com");
  CHECK(dns->answers[1].data == "192.0.2.25");
}

TEST_CASE("ParseDnsMessage reads what the simulator's DNS builder writes", "[analysis][sessions][dns]") {
  payload::DnsQuestion q{7, "Qx7bdk.dyndns.org", payload::kDnsTypeA, true};
  auto a = payload::BuildDnsResponse(q, {0xc6336435, 0x0a000001}, 300);
  auto dns = ParseDnsMessage(a.data(), a.size());
  REQUIRE(dns);
  CHECK(dns->questions.at(0).name == "Qx7bdk.dyndns.org");
  REQUIRE(dns->answers.size() == 2);
  CHECK(dns->answers[0].data == "198.51.100.53");
  CHECK(dns->answers[1].data == "10.0.0.1");

  auto nx = payload::BuildDnsResponse(q, {}, 300);
  dns = ParseDnsMessage(nx.data(), nx.size());
  REQUIRE(dns);
  CHECK(dns->rcode == 3);
  CHECK(dns->answers.empty());

  auto mx = payload::BuildDnsMxResponse({8, "gmail.com", payload::kDnsTypeMx, true},
                                        {{5, "gmail-smtp-in.l.google.com"}}, 300);
  dns = ParseDnsMessage(mx.data(), mx.size());
  REQUIRE(dns);
  CHECK(dns->answers.at(0).data == "gmail-smtp-in.l.google.com");

  auto query = payload::BuildDnsQuery(9, "example.com", payload::kDnsTypeMx);
  dns = ParseDnsMessage(query.data(), query.size());
  REQUIRE(dns);
  CHECK_FALSE(dns->response);
  CHECK(dns->questions.at(0).type == DnsType::kMx);
}

TEST_CASE("ParseDnsMessage reads CNAME chains, AAAA addresses and TTLs", "[analysis][sessions][dns]") {
  payload::DnsQuestion q{10, "www.example.com", payload::kDnsTypeA, true};
  auto a = payload::BuildDnsChainResponse(
      q, {{"www.example.com", payload::kDnsTypeCname, "www.example.com.cdn.net", 3600},
          {"www.example.com.cdn.net", payload::kDnsTypeCname, "e7.cdn.net", 300},
          {"e7.cdn.net", payload::kDnsTypeA, "203.0.113.7", 20},
          {"e7.cdn.net", payload::kDnsTypeAaaa, "2001:db8:0:0:0:0:0:7", 20}});
  auto dns = ParseDnsMessage(a.data(), a.size());
  REQUIRE(dns);
  REQUIRE(dns->answers.size() == 4);
  CHECK(dns->answers[0].type == DnsType::kCname);
  CHECK(dns->answers[0].ttl == 3600);
  CHECK(dns->answers[1].name == "www.example.com.cdn.net");
  CHECK(dns->answers[1].data == "e7.cdn.net");
  CHECK(dns->answers[2].data == "203.0.113.7");
  CHECK(dns->answers[2].ttl == 20);
  CHECK(dns->answers[3].type == DnsType::kAaaa);
  CHECK(dns->answers[3].data == "2001:db8::7");
}

TEST_CASE("a TTL with the top bit set reads as 0", "[analysis][sessions][dns]") {
  Bytes m = Header(true, 0, 1, 1);
  Name(m, {"a", "example"});
  Append(m, {0, 1, 0, 1});
  Append(m, {0xc0, 12, 0, 1, 0, 1, 0x80, 0, 0, 5, 0, 4, 192, 0, 2, 1});
  auto dns = ParseDnsMessage(m.data(), m.size());
  REQUIRE(dns);
  CHECK(dns->answers.at(0).ttl == 0);
  m[m.size() - 10] = 0x7f;  // the TTL's top byte
  dns = ParseDnsMessage(m.data(), m.size());
  REQUIRE(dns);
  CHECK(dns->answers.at(0).ttl == 0x7f000005u);
}

TEST_CASE("bad compression pointers are refused, loops included", "[analysis][sessions][dns]") {
  SECTION("past the end: one byte changed in a pointer") {
    Bytes m = CompressedMxResponse();
    m[m.size() - 16 - 1] = 0xff;  // the exchange's pointer to "example.com" now points to 255
    DnsProblem p = ProblemOf(m);
    CHECK(p.section == BadPacketReason::DnsAnswer);
    CHECK(p.detail == "compression pointer to offset 255, past the end (" + std::to_string(m.size()) + " bytes)");
  }
  SECTION("into the header") {
    Bytes m = Header(false, 0, 1, 0);
    Append(m, {0xc0, 4, 0, 1, 0, 1});
    DnsProblem p = ProblemOf(m);
    CHECK(p.section == BadPacketReason::DnsQuestion);
    CHECK(p.detail == "compression pointer to offset 4, inside the header");
  }
  SECTION("to itself, which libtins 4.0 follows forever") {
    Bytes m = Header(false, 0, 1, 0);
    Append(m, {1, 'a', 0xc0, 14, 0, 1, 0, 1});
    CHECK(ProblemOf(m).detail ==
          "compression pointer to offset 14, not before the name that points there (forward, or a loop)");
  }
  SECTION("back to the start of its own name: a loop through a label") {
    Bytes m = Header(false, 0, 1, 0);
    Append(m, {1, 'a', 0xc0, 12, 0, 1, 0, 1});
    CHECK(ProblemOf(m).detail ==
          "compression pointer to offset 12, not before the name that points there (forward, or a loop)");
  }
  SECTION("two names pointing at each other") {
    Bytes m = Header(false, 0, 2, 0);
    Append(m, {0xc0, 18, 0, 1, 0, 1});  // offset 12: to the second name
    Append(m, {0xc0, 12, 0, 1, 0, 1});  // offset 18: to the first
    CHECK(ProblemOf(m).detail ==
          "compression pointer to offset 18, not before the name that points there (forward, or a loop)");
  }
}

TEST_CASE("other malformed DNS messages say where and why", "[analysis][sessions][dns]") {
  Bytes shortHeader = {0x12, 0x34, 0x81};
  CHECK(ProblemOf(shortHeader).section == BadPacketReason::DnsHeader);
  CHECK(ProblemOf(shortHeader).detail == "message of 3 bytes, shorter than the 12-byte header");

  Bytes labelPastEnd = Header(false, 0, 1, 0);
  Append(labelPastEnd, {7, 'e', 'x'});
  CHECK(ProblemOf(labelPastEnd).detail == "label runs past the end of its data");

  Bytes noType = Header(false, 0, 1, 0);
  Name(noType, {"example", "com"});
  CHECK(ProblemOf(noType).detail == "question 1 runs past the end");

  Bytes counts = Header(true, 0, 1, 200);  // 200 answers announced, none there
  Name(counts, {"a"});
  Append(counts, {0, 1, 0, 1});
  DnsProblem p = ProblemOf(counts);
  CHECK(p.section == BadPacketReason::DnsAnswer);
  CHECK(p.detail == "name runs past the end of its data");

  Bytes aRecord = Header(true, 0, 0, 1);
  Append(aRecord, {0, 0, 1, 0, 1, 0, 0, 0, 60, 0, 3, 10, 0, 0});
  CHECK(ProblemOf(aRecord).detail == "A record of 3 bytes, not 4");

  Bytes rdata = Header(true, 0, 0, 1);
  Append(rdata, {0, 0, 16, 0, 1, 0, 0, 0, 60, 0, 200, 'x'});
  CHECK(ProblemOf(rdata).detail == "record 1 claims 200 bytes of data, 1 are left");

  Bytes mxName = Header(true, 0, 0, 1);  // the exchange's labels run past the record's data
  Append(mxName, {0, 0, 15, 0, 1, 0, 0, 0, 60, 0, 4, 0, 5, 3, 'a', 'b', 'c', 0});
  CHECK(ProblemOf(mxName).detail == "label runs past the end of its data");

  Bytes extended = Header(false, 0, 1, 0);
  Append(extended, {0x41, 0, 0, 1, 0, 1});
  CHECK(ProblemOf(extended).detail == "label type 1 is not supported");

  Bytes additional = Header(true, 0, 0, 0, 0, 1);
  Append(additional, {0, 0, 1, 0, 1});
  CHECK(ProblemOf(additional).section == BadPacketReason::DnsAdditional);

  Bytes longName = Header(false, 0, 1, 0);
  for (int i = 0; i < 5; ++i) {
    longName.push_back(63);
    longName.insert(longName.end(), 63, 'a');
  }
  Append(longName, {0, 0, 1, 0, 1});
  CHECK(ProblemOf(longName).detail == "name longer than 255 bytes");
}

TEST_CASE("DNS names are plain ASCII: other bytes, backslashes and dots inside a label are escaped",
          "[analysis][sessions][dns]") {
  Bytes m = Header(false, 0, 1, 0);
  Append(m, {5, 'a', '.', 'b', '\r', 0xff, 2, 'x', '\\', 0, 0, 1, 0, 1});
  auto dns = ParseDnsMessage(m.data(), m.size());
  REQUIRE(dns);
  CHECK(dns->questions.at(0).name == "a\\x2eb\\x0d\\xff.x\\x5c");
}
