// A DNS server's response read for its answer addresses, alone and through the sessionizer.
#include "analyzers/sessions/dns-answer-addresses.h"

#include "analyzers/sessions/sessionizer.h"
#include "models/payload/dns-payload.h"
#include "tests/analyzers/analyzer-fixtures.h"

#include <catch2/catch.hpp>

using namespace ntlab;
using namespace ntlab::fixtures;

namespace {

payload::Bytes Query(const char* name) { return payload::BuildDnsQuery(7, name); }

payload::Bytes Answer(const payload::Bytes& query, std::vector<payload::DnsChainRecord> records) {
  return payload::BuildDnsChainResponse(*payload::ParseDnsQuery(query.data(), query.size()), records);
}

struct Recorder : SessionObserver {
  std::vector<Session> finished;
  void OnSessionPacket(const Session&, const DecodedPacket&) override {}
  void OnSessionFinished(const Session& s) override { finished.push_back(s); }
};

}  // namespace

TEST_CASE("DNS answer addresses: A and AAAA in order, CNAME skipped, a query or junk gives none",
          "[analysis][sessions][dns]") {
  payload::Bytes query = Query("www.example.com");
  payload::Bytes response = Answer(query, {{"www.example.com", payload::kDnsTypeCname, "edge.example.net", 300},
                                           {"edge.example.net", payload::kDnsTypeA, "198.51.100.7", 300},
                                           {"edge.example.net", payload::kDnsTypeAaaa, "2001:db8::7", 300}});
  auto addresses = DnsAnswerAddresses(response.data(), response.size(), false);
  REQUIRE(addresses);
  CHECK(*addresses == std::vector<IpAddress>{*ParseIp("198.51.100.7"), *ParseIp("2001:db8::7")});
  CHECK_FALSE(DnsAnswerAddresses(query.data(), query.size(), false));  // a question is no answer
  CHECK_FALSE(DnsAnswerAddresses(response.data(), 10, false));         // cut short
  auto nxdomain = payload::BuildDnsResponse(*payload::ParseDnsQuery(query.data(), query.size()), {}, 300);
  auto none = DnsAnswerAddresses(nxdomain.data(), nxdomain.size(), false);
  REQUIRE(none);
  CHECK(none->empty());
  // TCP: a two-byte length first; a message longer than the segment is not read.
  payload::Bytes framed{std::uint8_t(response.size() >> 8), std::uint8_t(response.size() & 0xff)};
  framed.insert(framed.end(), response.begin(), response.end());
  CHECK(DnsAnswerAddresses(framed.data(), framed.size(), true) == addresses);
  CHECK_FALSE(DnsAnswerAddresses(framed.data(), framed.size() - 1, true));
}

TEST_CASE("the sessionizer keeps a lookup's first response: its addresses and time", "[analysis][sessions][dns]") {
  Recorder rec;
  Sessionizer s({}, rec);
  const Endpoint host = Ep("10.0.0.11", 51001), server = Ep("10.0.0.2", 53);
  payload::Bytes query = Query("www.example.com");
  payload::Bytes first = Answer(query, {{"www.example.com", payload::kDnsTypeA, "198.51.100.7", 300}});
  payload::Bytes second = Answer(query, {{"www.example.com", payload::kDnsTypeA, "198.51.100.8", 300}});
  s.OnPacket(Packet(Sec(1), Proto::Udp, host, server, 0, 60, 0, &query));
  s.OnPacket(Packet(Sec(1.002), Proto::Udp, server, host, 0, 80, 0, &first));
  s.OnPacket(Packet(Sec(1.004), Proto::Udp, server, host, 0, 80, 0, &second));  // a duplicate: not read
  // The same bytes to a port that is not DNS's: not read.
  const Endpoint other = Ep("10.0.0.2", 5353);
  s.OnPacket(Packet(Sec(1), Proto::Udp, Ep("10.0.0.11", 51002), other, 0, 60, 0, &query));
  s.OnPacket(Packet(Sec(1.002), Proto::Udp, other, Ep("10.0.0.11", 51002), 0, 80, 0, &first));
  s.OnGroupFinished();
  REQUIRE(rec.finished.size() == 2);
  for (const Session& session : rec.finished) {
    if (session.key.remote.port == 53) {
      CHECK(session.dns_answer_ts == Sec(1.002));
      CHECK(session.dns_answers == std::vector<IpAddress>{*ParseIp("198.51.100.7")});
    } else {
      CHECK(session.dns_answer_ts == 0);
      CHECK(session.dns_answers.empty());
    }
  }
}
