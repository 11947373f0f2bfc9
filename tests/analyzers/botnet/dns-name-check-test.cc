// DnsNamesEnd: the DNS messages whose names libtins 4.0 would follow forever or read past the end
// are refused; every message ntlab's own builders make, compressed names included, passes and
// parses in libtins.
#include "analyzers/botnet/dns-name-check.h"
#include "models/payload/dns-payload.h"

#include <catch2/catch.hpp>
#include <tins/dns.h>

#include <vector>

using namespace ntlab;
namespace p = ntlab::payload;

namespace {

bool Check(const std::vector<std::uint8_t>& message) { return DnsNamesEnd(message.data(), message.size()); }

// Header: id 0x72cf, a response with NXDOMAIN, the given counts.
std::vector<std::uint8_t> Header(std::uint8_t questions, std::uint8_t answers) {
  return {0x72, 0xcf, 0x81, 0x83, 0, questions, 0, answers, 0, 0, 0, 0};
}

void Append(std::vector<std::uint8_t>& m, std::initializer_list<std::uint8_t> bytes) { m.insert(m.end(), bytes); }

}  // namespace

// Found by tests/fuzz/dns-fuzzer: this 20-byte message (its question's name a pointer to itself)
// kept Tins::DNS::queries() looping for good, and with it `ntlab kraken`.
TEST_CASE("DNS names: a compression pointer to itself is refused", "[analysis][botnet]") {
  std::vector<std::uint8_t> m = {0x72, 0xcf, 0x81, 0x83, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
                                 0x00, 0x00, 0xc0, 0x0c, 0x78, 0x69, 0x06, 0x00, 0x01, 0x00};
  CHECK_FALSE(Check(m));
}

TEST_CASE("DNS names: loops and names past the end are refused", "[analysis][botnet]") {
  SECTION("two labels' pointers at each other") {
    auto m = Header(1, 0);
    Append(m, {1, 'a', 0xc0, 0x0c, 0, 1, 0, 1});  // "a" then back to the name's own start
    CHECK_FALSE(Check(m));
  }
  SECTION("an answer's owner name in a loop") {
    auto m = Header(1, 1);
    Append(m, {1, 'a', 0, 0, 1, 0, 1});                                     // a. A IN
    Append(m, {0xc0, 0x13, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 10, 0, 0, 1});  // owner points at itself
    CHECK_FALSE(Check(m));
  }
  SECTION("an MX exchange in a loop") {
    auto m = Header(1, 1);
    Append(m, {1, 'a', 0, 0, 15, 0, 1});                                      // a. MX IN
    Append(m, {0xc0, 0x0c, 0, 15, 0, 1, 0, 0, 0, 60, 0, 4, 0, 5, 0xc0, 0x21});  // exchange -> itself
    CHECK_FALSE(Check(m));
  }
  SECTION("a name that runs to the end of the message without its terminating zero") {
    auto m = Header(1, 0);
    Append(m, {0xc0, 0x12, 0, 1, 0, 1, 3, 'c', 'o', 'm'});  // the question points at "com" at the end
    CHECK_FALSE(Check(m));
  }
  SECTION("an answer stepped over the way libtins does: an A record read as 4 bytes whatever its length") {
    auto m = Header(1, 1);
    Append(m, {1, 'a', 0, 0, 1, 0, 1});                      // a. A IN
    Append(m, {0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 6});  // A record claiming 6 bytes of data
    Append(m, {10, 0, 0, 1, 0xc0, 0x23});                    // libtins reads 4, then a "name" pointing at itself
    CHECK_FALSE(Check(m));
  }
}

TEST_CASE("DNS names: the messages ntlab builds pass and parse", "[analysis][botnet]") {
  p::DnsQuestion question{7, "xkqzvbwt.dyndns.org", p::kDnsTypeA, true};
  p::DnsQuestion mx{8, "gmail.com", p::kDnsTypeMx, true};
  const std::vector<std::vector<std::uint8_t>> messages = {
      p::BuildDnsQuery(7, "xkqzvbwt.dyndns.org"),
      p::BuildDnsResponse(question, {0x0a000001, 0x0a000002}, 300),  // answers point back at the question
      p::BuildDnsResponse(question, {}, 300),                        // NXDOMAIN
      p::BuildDnsMxResponse(mx, {{5, "gmail-smtp-in.l.google.com"}, {10, "alt1.gmail-smtp-in.l.google.com"}}, 300),
      p::BuildDnsNoDataResponse(question),
  };
  for (const auto& m : messages) {
    CHECK(Check(m));
    Tins::DNS dns(m.data(), static_cast<std::uint32_t>(m.size()));
    CHECK(dns.queries().size() == 1);
    CHECK(dns.answers().size() == dns.answers_count());
  }
  // Headers alone and an empty payload have no names to follow; libtins refuses or reads them.
  CHECK(Check({}));
  CHECK(Check(Header(0, 0)));
}
