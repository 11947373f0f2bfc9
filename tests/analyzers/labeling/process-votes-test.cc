// The vote counter behind stage D and the sni stage: an answer only when one process dominates.
#include "analyzers/labeling/process-votes.h"

#include <catch2/catch.hpp>

using namespace ntlab;

namespace {

std::string Winner(const ProcessVotes& votes, std::uint32_t minObservations, double minShare) {
  auto r = votes.Dominant(minObservations, minShare);
  return r ? std::string(r->process) : std::string("-");
}

}  // namespace

TEST_CASE("process votes answer only with enough observations and a dominant share", "[analysis][labeling]") {
  ProcessVotes votes;
  CHECK(Winner(votes, 0, 0.0) == "-");  // nothing observed, nothing to answer
  votes.Add("chrome.exe", 100, 10);
  votes.Add("chrome.exe", 104, 30);
  CHECK(Winner(votes, 3, 0.5) == "-");  // 2 < 3 observations
  votes.Add("updater.exe", 200, 20);
  REQUIRE(votes.Dominant(3, 0.6));
  auto r = *votes.Dominant(3, 0.6);  // 2 of 3 = 66.7 %
  CHECK(r.process == "chrome.exe");
  CHECK(r.pid == 104);                  // the latest pid of the winner
  CHECK(r.evidence_ts == 30);           // the newest observation of any process
  CHECK(Winner(votes, 3, 0.7) == "-");  // 66.7 % < 70 %
  CHECK(votes.Observations() == 3);
  CHECK(votes.Processes() == 2);
}

TEST_CASE("process votes: the first process seen wins a tie", "[analysis][labeling]") {
  ProcessVotes votes;
  votes.Add("b.exe", 8, 1);
  votes.Add("a.exe", 4, 2);
  CHECK(Winner(votes, 2, 0.5) == "b.exe");
  votes.Add("a.exe", 4, 3);
  CHECK(Winner(votes, 2, 0.5) == "a.exe");
}
