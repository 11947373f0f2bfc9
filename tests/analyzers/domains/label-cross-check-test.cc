// The cross-check of process labels against each process's usual names: the documented rule on
// hand-made flows, graded against a truth.
#include "analyzers/domains/label-cross-check.h"

#include <catch2/catch.hpp>

using namespace ntlab;

namespace {

DomainFlowRow Flow(std::uint64_t id, const std::string& process, const std::string& domain, const std::string& sni = "") {
  DomainFlowRow f;
  f.flow_id = id;
  f.first_ts = static_cast<TimeUs>(id) * kUsPerSecond;
  f.process = process;
  f.domain = domain;
  f.sni = sni;
  f.decision = domain.empty() ? "no_answer" : "dns";
  return f;
}

}  // namespace

TEST_CASE("cross-check: profile names are the last two labels", "[analysis][domains][crosscheck]") {
  CHECK(ProfileName("www.Shop.Example.") == "shop.example");
  CHECK(ProfileName("shop.example") == "shop.example");
  CHECK(ProfileName("localhost") == "localhost");
  CHECK(ProfileName("198.51.100.7") == "198.51.100.7");
  CHECK(ProfileName("") == "");
}

TEST_CASE("cross-check: a name the process rarely contacts is flagged, and graded against the truth", "[analysis][domains][crosscheck]") {
  std::vector<DomainFlowRow> flows;
  for (std::uint64_t i = 1; i <= 10; ++i) flows.push_back(Flow(i, "mail.exe", i % 2 ? "imap.mail.example" : "smtp.mail.example"));
  flows.push_back(Flow(11, "mail.exe", "", "cdn.video.example"));  // a browser's session labelled mail.exe
  flows.push_back(Flow(12, "Unknown", "x.example"));
  flows.push_back(Flow(13, "mail.exe", ""));                        // nothing to compare
  for (std::uint64_t i = 14; i <= 16; ++i) flows.push_back(Flow(i, "rare.exe", "a.example"));
  LabelCrossCheck check;
  for (const auto& f : flows) check.Learn(f);
  std::vector<CrossCheckRow> rows;
  for (const auto& f : flows) rows.push_back(check.Check(f, f.flow_id == 11 ? "browser.exe" : f.process));
  CHECK(rows[0].verdict == "usual");
  CHECK(rows[0].name == "mail.example");
  CHECK(rows[0].process_sessions == 10);                   // leave-one-out: the other ten named ones
  CHECK(rows[0].name_share == Approx(9.0 / 10));
  CHECK(rows[10].verdict == "unusual");
  CHECK(rows[10].name == "video.example");                 // from the SNI: no DNS name
  CHECK(rows[10].name_share == 0);
  CHECK(rows[11].verdict == "no_process");
  CHECK(rows[12].verdict == "no_name");
  CHECK(rows[13].verdict == "no_profile");                  // two other sessions only
  nlohmann::json s = check.Summary();
  CHECK(s["unusual"] == 1);
  CHECK(s["usual"] == 10);
  CHECK(s["wrong_labels"] == 1);
  CHECK(s["wrong_labels_flagged"] == 1);
  CHECK(s["flag_precision"] == 1.0);
  CHECK(s["flag_recall"] == 1.0);
}

TEST_CASE("cross-check: a wrong label to a usual name is not caught, a right one to a rare name lowers precision", "[analysis][domains][crosscheck]") {
  // What the flag cannot see: a wrong label whose name the labelled process also contacts.
  std::vector<DomainFlowRow> flows;
  for (std::uint64_t i = 1; i <= 20; ++i) flows.push_back(Flow(i, "chrome.exe", "news.example"));
  flows.push_back(Flow(21, "chrome.exe", "bank.example"));  // right label, rare site: a false flag
  LabelCrossCheck check;
  for (const auto& f : flows) check.Learn(f);
  for (const auto& f : flows) check.Check(f, f.flow_id == 5 ? "updater.exe" : f.process);
  nlohmann::json s = check.Summary();
  CHECK(s["wrong_labels"] == 1);
  CHECK(s["wrong_labels_flagged"] == 0);
  CHECK(s["flag_precision"] == 0.0);
  CHECK(s["flag_recall"] == 0.0);
}
