#include "analyzers/blocking/process-packet-block.h"

#include <catch2/catch.hpp>

using namespace ntlab;

TEST_CASE("process packet block: the socket owner's label decides, relay or not", "[analysis][blocking]") {
  ProcessMatcher byImage{{"msnmsgr.exe"}, {}, {}};
  SessionOwner relayed{"msnmsgr.exe", std::nullopt, "label, stage A, pid 3120"};
  MethodDecision d = DecideProcessPackets(byImage, relayed);
  CHECK(d.verdict == BlockVerdict::Blocked);
  CHECK(d.reason == "socket of msnmsgr.exe (label, stage A, pid 3120): image msnmsgr.exe");
  SessionOwner browser{"chrome.exe", ProcessIdentity{"chrome.exe", "Chrome_WidgetWin_1", ""}, "label, stage A"};
  CHECK(DecideProcessPackets(byImage, browser).verdict == BlockVerdict::Passed);
  ProcessMatcher byClass{{}, {"MSNMSGRBlClass"}, {}};
  CHECK(DecideProcessPackets(byClass, relayed).verdict == BlockVerdict::Passed);  // no identity logged
  CHECK(DecideProcessPackets(byClass, std::nullopt).verdict == BlockVerdict::NotEvaluable);
}
