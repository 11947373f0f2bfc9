// Stage B, the 5-tuple cache: its confidence, and the ntlab engine's rule that DNS/NTP tuples
// (one remote for every process, only the ephemeral local port differs) are never learnt.
#include "analyzers/labeling/five-tuple-cache.h"

#include "tests/analyzers/labeling/labeling-fixtures.h"

#include <catch2/catch.hpp>

using namespace ntlab;
using namespace ntlab::fixtures;

namespace {

Session Lookup(std::uint16_t localPort, Endpoint remote) {
  Session s;
  s.key = SessionKey{Proto::Udp, Ep("10.0.0.11", localPort), remote};
  s.direction = Direction::Outbound;
  return s;
}

void See(FiveTupleCache& b, const Session& s, const char* process, TimeUs ts) {
  b.Learn(MatchQuery{s, ts, 0, SocketIndex::npos}, MatchResult{100, process}, "A");
}

std::optional<MatchResult> Ask(FiveTupleCache& b, const Session& s, TimeUs ts) {
  return b.TryMatch(MatchQuery{s, ts, 0, SocketIndex::npos});
}

}  // namespace

TEST_CASE("B cache: the newest owner of a tuple, with the share since it took the tuple over", "[analysis][labeling]") {
  FiveTupleCache b;
  Session flow = Lookup(50300, Ep("52.112.0.5", 3478));
  See(b, flow, "Teams.exe", Sec(1));
  See(b, flow, "Zoom.exe", Sec(2));
  See(b, flow, "Zoom.exe", Sec(3));
  auto r = Ask(b, flow, Sec(4));
  REQUIRE(r);
  CHECK(r->process == "Zoom.exe");
  CHECK(std::string(r->evidence) == "five_tuple");
  CHECK(r->observations == 3);
  CHECK(r->purity == Approx(2.0 / 3.0));
}

TEST_CASE("B cache (ntlab): DNS and NTP tuples are not learnt", "[analysis][labeling]") {
  FiveTupleCacheConfig config;
  config.skip_shared_service_ports = true;
  FiveTupleCache paper, ntlab(config);
  Session dns = Lookup(51001, Ep("10.0.0.2", 53)), ntp = Lookup(51002, Ep("10.0.0.2", 123));
  Session stun = Lookup(51003, Ep("52.112.0.5", 3478));
  for (FiveTupleCache* b : {&paper, &ntlab})
    for (const Session* s : {&dns, &ntp, &stun}) See(*b, *s, "svchost.exe", Sec(1));
  CHECK(Ask(paper, dns, Sec(2)));
  CHECK(Ask(paper, ntp, Sec(2)));
  CHECK_FALSE(Ask(ntlab, dns, Sec(2)));
  CHECK_FALSE(Ask(ntlab, ntp, Sec(2)));
  CHECK(Ask(ntlab, stun, Sec(2)));
  CHECK(ntlab.Size() == 1);
}
