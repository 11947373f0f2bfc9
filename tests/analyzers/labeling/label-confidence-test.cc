#include "analyzers/labeling/label-confidence.h"
#include "analyzers/labeling/label-summary.h"

#include <catch2/catch.hpp>

using namespace ntlab;

namespace {

LabelDecision Decision(const char* process, const char* stage, const char* evidence, std::uint32_t observations,
                       double purity) {
  return LabelDecision{1, process, stage, 0, evidence, observations, purity};
}

}  // namespace

TEST_CASE("label confidence ranks direct evidence above every learnt answer", "[analysis][labeling][confidence]") {
  CHECK(LabelConfidence(Decision("a", "A", "socket_row", 1, 1.0)) == 1.0);
  CHECK(LabelConfidence(Decision("a", "events", "event_remote", 1, 1.0)) == 1.0);
  CHECK(LabelConfidence(Decision("a", "events_post", "event_port", 1, 1.0)) == Approx(0.95));
  CHECK(LabelConfidence(Decision("a", "A", "socket_port", 1, 1.0)) == Approx(0.95));
  // A learnt answer with a million pure observations still ranks below a port-only socket row.
  double learntBest = LabelConfidence(Decision("a", "C", "remote_endpoint", 1000000, 1.0));
  CHECK(learntBest < 0.9);
  CHECK(learntBest > 0.89);
  // Laplace: more agreeing observations raise it, impurity lowers it.
  double oneOfOne = LabelConfidence(Decision("a", "A2", "rule", 1, 1.0));
  double nineOfNine = LabelConfidence(Decision("a", "A2", "rule", 9, 1.0));
  double fiveOfTen = LabelConfidence(Decision("a", "D", "remote_ip", 10, 0.5));
  CHECK(oneOfOne == Approx(0.9 * 2.0 / 3.0));
  CHECK(nineOfNine == Approx(0.9 * 10.0 / 11.0));
  CHECK(fiveOfTen == Approx(0.45));
  CHECK(oneOfOne < nineOfNine);
  CHECK(fiveOfTen < oneOfOne);
}

TEST_CASE("confidence curve on hand-made labels with a known truth", "[analysis][labeling][confidence]") {
  LabelSummary s;
  s.has_truth = true;
  std::string chrome = "chrome.exe", updater = "updater.exe";
  s.Count(true, Decision("chrome.exe", "A", "socket_row", 1, 1.0), &chrome);      // 1.0, right
  s.Count(true, Decision("chrome.exe", "C", "remote_endpoint", 9, 1.0), &chrome); // 0.818, right
  s.Count(true, Decision("chrome.exe", "A2", "rule", 1, 1.0), &updater);          // 0.6, wrong
  s.Count(true, Decision("chrome.exe", "D", "remote_ip", 4, 0.5), &updater);      // 0.45, wrong
  s.Count(true, Decision("chrome.exe", "B", "five_tuple", 3, 1.0), nullptr);      // 0.72, no truth row
  s.Count(true, std::nullopt, &chrome);                                           // Unknown
  const nlohmann::json curve = s.ToJson()["confidence_curve"];
  REQUIRE(curve.size() == 21);
  auto at = [&curve](double threshold) {
    for (const auto& p : curve)
      if (p["threshold"].get<double>() == Approx(threshold)) return p;
    FAIL("no point at " << threshold);
    return nlohmann::json();
  };
  CHECK(at(0.0)["sessions"] == 5);
  CHECK(at(0.0)["coverage"].get<double>() == Approx(5.0 / 6.0));
  CHECK(at(0.0)["precision"].get<double>() == Approx(0.5));  // the run's accuracy
  CHECK(at(0.45)["sessions"] == 5);
  CHECK(at(0.5)["sessions"] == 4);
  CHECK(at(0.5)["precision"].get<double>() == Approx(2.0 / 3.0));
  CHECK(at(0.65)["sessions"] == 3);
  CHECK(at(0.65)["precision"].get<double>() == Approx(1.0));  // the two wrong labels were the least sure
  CHECK(at(0.85)["sessions"] == 1);
  CHECK(at(1.0)["sessions"] == 1);
  CHECK(at(1.0)["coverage"].get<double>() == Approx(1.0 / 6.0));

  // Coverage never rises with the threshold, and the thresholds ascend.
  for (std::size_t i = 1; i < curve.size(); ++i) {
    CHECK(curve[i]["threshold"].get<double>() > curve[i - 1]["threshold"].get<double>());
    CHECK(curve[i]["coverage"].get<double>() <= curve[i - 1]["coverage"].get<double>());
    CHECK(curve[i]["sessions"].get<std::uint64_t>() <= curve[i - 1]["sessions"].get<std::uint64_t>());
  }
}

TEST_CASE("confidence curve without truth or sessions has no precision", "[analysis][labeling][confidence]") {
  LabelSummary noTruth;
  noTruth.Count(true, Decision("a", "A", "socket_row", 1, 1.0), nullptr);
  const nlohmann::json curve = noTruth.ToJson()["confidence_curve"];
  REQUIRE(curve.size() == 21);
  CHECK(curve[0]["coverage"] == 1.0);
  CHECK(curve[0]["precision"].is_null());
  CHECK(LabelSummary().ToJson()["confidence_curve"][0]["coverage"].is_null());
}
