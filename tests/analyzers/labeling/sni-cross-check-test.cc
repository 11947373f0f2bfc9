#include "analyzers/labeling/sni-cross-check.h"
#include "analyzers/labeling/label-summary.h"

#include <catch2/catch.hpp>

using namespace ntlab;

namespace {

std::optional<LabelDecision> Label(const char* process, const char* stage) {
  return LabelDecision{7, process, stage, 0, "", 1, 1.0};
}

}  // namespace

TEST_CASE("sni cross-check flags a wrong learnt label and not a right one", "[analysis][labeling][sni]") {
  SniCrossCheck check;
  const HostId pc01 = 0, pc02 = 1;
  // Direct evidence on pc01: chrome fetches www.example.com, the updater update.vendor.com.
  check.Observe(pc01, "www.example.com", *Label("chrome.exe", "A"), 1);
  check.Observe(pc01, "update.vendor.com", *Label("updater.exe", "events"), 2);
  // A learnt answer is not evidence of who uses a name.
  check.Observe(pc01, "cdn.shared.net", *Label("chrome.exe", "C"), 3);

  // Stage C answered updater.exe for a session to www.example.com (a shared CDN address): the
  // truth is chrome.exe, and only chrome was ever seen with that name -> flagged.
  CHECK(check.Check(pc01, "www.example.com", Label("updater.exe", "C")) == std::optional<bool>(true));
  // The right answer agrees with the history.
  CHECK(check.Check(pc01, "www.example.com", Label("chrome.exe", "C")) == std::optional<bool>(false));
  for (const char* stage : {"A2", "B", "D", "full_scan"})
    CHECK(check.Check(pc01, "update.vendor.com", Label("chrome.exe", stage)) == std::optional<bool>(true));
  // A name no direct evidence has shown, or another host's history, says nothing.
  CHECK(check.Check(pc01, "cdn.shared.net", Label("updater.exe", "C")) == std::optional<bool>(false));
  CHECK(check.Check(pc02, "www.example.com", Label("updater.exe", "C")) == std::optional<bool>(false));
  // Not applicable: direct evidence, the sni stage, Unknown, or no SNI.
  CHECK_FALSE(check.Check(pc01, "www.example.com", Label("updater.exe", "A")));
  CHECK_FALSE(check.Check(pc01, "www.example.com", Label("updater.exe", "sni")));
  CHECK_FALSE(check.Check(pc01, "www.example.com", std::nullopt));
  CHECK_FALSE(check.Check(pc01, "", Label("updater.exe", "C")));

  // Once direct evidence shows the updater with the name too, the label is plausible.
  check.Observe(pc01, "www.example.com", *Label("updater.exe", "A"), 4);
  CHECK(check.Check(pc01, "www.example.com", Label("updater.exe", "C")) == std::optional<bool>(false));
}

TEST_CASE("sni cross-check precision and recall against the truth", "[analysis][labeling][sni]") {
  LabelSummary s;
  s.has_truth = true;
  std::string chrome = "chrome.exe", updater = "updater.exe";
  s.Count(true, Label("updater.exe", "C"), &chrome, true);    // flagged, wrong: caught
  s.Count(true, Label("chrome.exe", "C"), &updater, true);    // flagged, wrong: caught
  s.Count(true, Label("chrome.exe", "A2"), &chrome, true);    // flagged, but right
  s.Count(true, Label("chrome.exe", "B"), &chrome, false);    // checked, right
  s.Count(true, Label("chrome.exe", "D"), &updater, false);   // checked, wrong: missed
  s.Count(true, Label("chrome.exe", "A"), &updater);          // wrong, no SNI to check
  s.Count(true, Label("chrome.exe", "C"), nullptr, true);     // flagged, no truth row
  const nlohmann::json j = s.ToJson()["sni_cross_check"];
  CHECK(j["checked"] == 6);
  CHECK(j["flagged"] == 4);
  CHECK(j["flagged_wrong"] == 2);
  CHECK(j["flagged_right"] == 1);
  CHECK(j["checked_wrong"] == 3);
  CHECK(j["wrong_labels"] == 4);
  CHECK(j["precision"].get<double>() == Approx(2.0 / 3.0));
  CHECK(j["recall"].get<double>() == Approx(0.5));

  LabelSummary noTruth;
  noTruth.Count(true, Label("chrome.exe", "C"), nullptr, true);
  CHECK(noTruth.ToJson()["sni_cross_check"]["flagged"] == 1);
  CHECK(noTruth.ToJson()["sni_cross_check"]["precision"].is_null());
}
