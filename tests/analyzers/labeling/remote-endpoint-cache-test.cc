// Stage C, the remote ip+port cache: the paper's newest-wins answer, the ntlab engine's purity
// refusal and shared-service-port rule, and the answer's confidence.
#include "analyzers/labeling/remote-endpoint-cache.h"
#include "analyzers/labeling/remote-ip-statistics.h"
#include "analyzers/labeling/shared-service-ports.h"

#include "tests/analyzers/labeling/labeling-fixtures.h"

#include <catch2/catch.hpp>

using namespace ntlab;
using namespace ntlab::fixtures;

namespace {

const Endpoint kCdn = Ep("198.51.100.40", 443);
const Endpoint kResolver = Ep("10.0.0.2", 53);

void See(MatchStage& stage, std::uint16_t localPort, Endpoint remote, const char* process, TimeUs ts,
         Proto proto = Proto::Tcp) {
  LearnFrom(stage, "events", localPort, remote, process, ts, proto);
}

}  // namespace

TEST_CASE("C cache: the newest owner answers, with the key's observations and purity", "[analysis][labeling]") {
  RemoteEndpointCache c;
  See(c, 50001, kCdn, "chrome.exe", Sec(1));
  See(c, 50002, kCdn, "chrome.exe", Sec(2));
  See(c, 50003, kCdn, "Code.exe", Sec(3));
  auto r = Ask(c, kCdn, Sec(4));
  REQUIRE(r);
  CHECK(r->process == "Code.exe");  // the paper: the newest observation wins
  CHECK(std::string(r->evidence) == "remote_endpoint");
  CHECK(r->observations == 3);
  CHECK(r->purity == Approx(1.0 / 3.0));
}

TEST_CASE("C cache (ntlab): a key two processes used is refused", "[analysis][labeling]") {
  RemoteEndpointCacheConfig config;
  config.refuse_shared = true;
  RemoteEndpointCache c(config);
  See(c, 50001, kCdn, "chrome.exe", Sec(1));
  See(c, 50002, kCdn, "chrome.exe", Sec(2));
  auto pure = Ask(c, kCdn, Sec(3));
  REQUIRE(pure);
  CHECK(pure->process == "chrome.exe");
  CHECK(pure->purity == 1.0);
  See(c, 50003, kCdn, "Code.exe", Sec(3));
  CHECK_FALSE(Ask(c, kCdn, Sec(4)));
  See(c, 50004, kCdn, "Code.exe", Sec(5));  // more of one process does not make the key pure again
  CHECK_FALSE(Ask(c, kCdn, Sec(6)));
}

TEST_CASE("C cache and D statistics (ntlab): the resolver and time-server ports are not learnt",
          "[analysis][labeling]") {
  CHECK(IsSharedServicePort(53));
  CHECK(IsSharedServicePort(123));
  CHECK_FALSE(IsSharedServicePort(443));
  RemoteEndpointCacheConfig cConfig;
  cConfig.skip_shared_service_ports = true;
  RemoteEndpointCache paperC, ntlabC(cConfig);
  RemoteIpStatisticsConfig dPaper, dNtlab;
  dPaper.min_observations = dNtlab.min_observations = 2;
  dNtlab.skip_shared_service_ports = true;
  RemoteIpStatistics paperD(dPaper), ntlabD(dNtlab);
  for (MatchStage* stage : {static_cast<MatchStage*>(&paperC), static_cast<MatchStage*>(&ntlabC),
                            static_cast<MatchStage*>(&paperD), static_cast<MatchStage*>(&ntlabD)}) {
    See(*stage, 51001, kResolver, "nslookup.exe", Sec(1), Proto::Udp);
    See(*stage, 51002, kResolver, "nslookup.exe", Sec(2), Proto::Udp);
  }
  auto paperAnswer = Ask(paperC, kResolver, Sec(3), Proto::Udp);
  REQUIRE(paperAnswer);
  CHECK(paperAnswer->process == "nslookup.exe");  // what made every later lookup wrong
  CHECK_FALSE(Ask(ntlabC, kResolver, Sec(3), Proto::Udp));
  CHECK(Ask(paperD, kResolver, Sec(3), Proto::Udp));
  CHECK_FALSE(Ask(ntlabD, kResolver, Sec(3), Proto::Udp));
  See(ntlabC, 50001, kCdn, "chrome.exe", Sec(4));
  CHECK(Ask(ntlabC, kCdn, Sec(5)));
}
