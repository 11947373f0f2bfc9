// Stage A2, the rule store: the ntlab engine's purity refusal and its shared-service-port rule,
// beside the paper's rule (a demoted rule re-earns min_hits and answers again), and the answer's
// confidence (observations, purity).
#include "analyzers/labeling/rule-store-match.h"

#include "tests/analyzers/labeling/labeling-fixtures.h"

#include <catch2/catch.hpp>

using namespace ntlab;
using namespace ntlab::fixtures;

namespace {

const Endpoint kCdn = Ep("198.51.100.40", 443);
const Endpoint kResolver = Ep("10.0.0.2", 53);

// A direct observation (stage A) of `process` on `remote` at `ts`.
void See(MatchStage& stage, std::uint16_t localPort, Endpoint remote, const char* process, TimeUs ts,
         Proto proto = Proto::Tcp) {
  LearnFrom(stage, "A", localPort, remote, process, ts, proto);
}

// chrome.exe three times, Code.exe once, then Code.exe three more times: the paper's rule
// follows Code.exe once it re-earned min_hits.
void ShareTheCdn(MatchStage& a2) {
  for (int i = 0; i < 3; ++i) See(a2, std::uint16_t(50001 + i), kCdn, "chrome.exe", Sec(1 + i));
  See(a2, 50010, kCdn, "Code.exe", Sec(10));
  for (int i = 0; i < 3; ++i) See(a2, std::uint16_t(50011 + i), kCdn, "Code.exe", Sec(11 + i));
}

}  // namespace

TEST_CASE("A2 rule: its confidence counts every observation of the key", "[analysis][labeling]") {
  RuleStoreMatch a2(RuleStoreConfig{});
  for (int i = 0; i < 3; ++i) See(a2, std::uint16_t(50001 + i), kCdn, "chrome.exe", Sec(1 + i));
  auto pure = Ask(a2, kCdn, Sec(5));
  REQUIRE(pure);
  CHECK(std::string(pure->evidence) == "rule");
  CHECK(pure->observations == 3);
  CHECK(pure->purity == 1.0);
  ShareTheCdn(a2);  // 3 more chrome.exe, 4 Code.exe: 10 observations
  auto shared = Ask(a2, kCdn, Sec(20));
  REQUIRE(shared);
  CHECK(shared->process == "Code.exe");
  CHECK(shared->observations == 10);
  CHECK(shared->purity == Approx(0.4));
}

TEST_CASE("A2 rule (ntlab): a key two processes used gives no answer, even once re-earned", "[analysis][labeling]") {
  RuleStoreConfig paper, ntlab;
  ntlab.refuse_shared = true;
  RuleStoreMatch paperA2(paper), ntlabA2(ntlab);
  ShareTheCdn(paperA2);
  ShareTheCdn(ntlabA2);
  auto paperAnswer = Ask(paperA2, kCdn, Sec(20));
  REQUIRE(paperAnswer);
  CHECK(paperAnswer->process == "Code.exe");
  CHECK_FALSE(Ask(ntlabA2, kCdn, Sec(20)));
  // A rule that lapsed starts over: the sharing seen a TTL ago no longer counts.
  TimeUs later = Sec(14) + ntlab.ttl + Sec(1);
  for (int i = 0; i < 3; ++i) See(ntlabA2, std::uint16_t(50020 + i), kCdn, "Code.exe", later + Sec(i));
  auto renewed = Ask(ntlabA2, kCdn, later + Sec(5));
  REQUIRE(renewed);
  CHECK(renewed->process == "Code.exe");
  CHECK(renewed->observations == 3);
}

TEST_CASE("A2 rule (ntlab): never learnt from the resolver or time-server port", "[analysis][labeling]") {
  RuleStoreConfig paper, ntlab;
  ntlab.skip_shared_service_ports = true;
  RuleStoreMatch paperA2(paper), ntlabA2(ntlab);
  const Endpoint ntp = Ep("10.0.0.2", 123);
  for (int i = 0; i < 3; ++i) {
    for (MatchStage* a2 : {static_cast<MatchStage*>(&paperA2), static_cast<MatchStage*>(&ntlabA2)}) {
      See(*a2, std::uint16_t(51001 + i), kResolver, "svchost.exe", Sec(1 + i), Proto::Udp);
      See(*a2, std::uint16_t(51101 + i), ntp, "svchost.exe", Sec(1 + i), Proto::Udp);
      See(*a2, std::uint16_t(51201 + i), kCdn, "chrome.exe", Sec(1 + i));
    }
  }
  CHECK(Ask(paperA2, kResolver, Sec(5), Proto::Udp));
  CHECK(Ask(paperA2, ntp, Sec(5), Proto::Udp));
  CHECK_FALSE(Ask(ntlabA2, kResolver, Sec(5), Proto::Udp));
  CHECK_FALSE(Ask(ntlabA2, ntp, Sec(5), Proto::Udp));
  CHECK(Ask(ntlabA2, kCdn, Sec(5)));  // other ports are learnt as before
  CHECK(ntlabA2.Rules() == 1);
}
