#include "analyzers/blocking/process-block.h"

#include <catch2/catch.hpp>

using namespace ntlab;

namespace {

SessionOwner Renamed() {
  return {"notepad2.exe", ProcessIdentity{"notepad2.exe", "MSNMSGRBlClass", "MSN Messenger"}, "label, stage A"};
}

}  // namespace

TEST_CASE("process block: a renamed executable evades image-name blocking, not class-name blocking", "[analysis][blocking]") {
  ProcessMatcher byImage{{"msnmsgr.exe"}, {}, {}};
  ProcessMatcher byClass{{}, {"MSNMSGRBlClass"}, {}};
  ProcessMatcher byText{{}, {}, {"MSN Messenger"}};
  CHECK(DecideProcessStart(byImage, Renamed()).verdict == BlockVerdict::Passed);
  MethodDecision caught = DecideProcessStart(byClass, Renamed());
  CHECK(caught.verdict == BlockVerdict::Blocked);
  CHECK(caught.reason ==
        "may not start: window class MSNMSGRBlClass, owner notepad2.exe (label, stage A, class MSNMSGRBlClass)");
  CHECK(DecideProcessStart(byText, Renamed()).verdict == BlockVerdict::Blocked);
  SessionOwner original{"MsnMsgr.exe", std::nullopt, "truth"};
  CHECK(DecideProcessStart(byImage, original).verdict == BlockVerdict::Blocked);  // case-insensitive
}

TEST_CASE("process block: without a socket log or an owner it is not evaluable, never passed", "[analysis][blocking]") {
  ProcessMatcher byImage{{"msnmsgr.exe"}, {}, {}};
  CHECK(DecideProcessStart(byImage, std::nullopt).verdict == BlockVerdict::NotEvaluable);
  SessionOwner unknown{"Unknown", std::nullopt, "no stage labelled it"};
  MethodDecision d = DecideProcessStart(byImage, unknown);
  CHECK(d.verdict == BlockVerdict::NotEvaluable);
  CHECK(d.reason == "owner unknown (no stage labelled it)");
}
