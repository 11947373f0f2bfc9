// The per-user view's grade: flows with the right user, bytes per user beside the truth's, and
// the owners' truth read from process-owners.csv.
#include "analyzers/domains/user-view-grade.h"

#include "analyzers/formats/socket-owner-columns.h"
#include "tests/support/text-files.h"

#include <catch2/catch.hpp>

using namespace ntlab;
using test_support::TempPath;

TEST_CASE("user view grade: right, wrong and missing users, and bytes beside the truth's", "[analysis][domains][owners]") {
  UserViewGrade grade;
  grade.Add("alice", "alice", 1000);  // right
  grade.Add("bob", "alice", 300);     // wrong: alice's bytes counted as bob's
  grade.Add("", "bob", 200);          // no user (an Unknown label): wrong, unattributed
  grade.Add("alice", "", 5000);       // no truth: not graded at all
  const nlohmann::json j = grade.ToJson();
  CHECK(j["user_flows_graded"] == 3);
  CHECK(j["user_flows_right"] == 1);
  CHECK(j["user_accuracy"].get<double>() == Approx(1.0 / 3));
  CHECK(j["user_byte_accuracy"].get<double>() == Approx(1000.0 / 1500));
  CHECK(j["user_bytes_unattributed"] == 200);
  CHECK(j["user_bytes"]["alice"]["bytes"] == 1000);
  CHECK(j["user_bytes"]["alice"]["truth_bytes"] == 1300);
  CHECK(j["user_bytes"]["bob"]["bytes"] == 300);
  CHECK(j["user_bytes"]["bob"]["truth_bytes"] == 200);
}

TEST_CASE("user view grade: nothing graded gives null rates", "[analysis][domains][owners]") {
  UserViewGrade grade;
  grade.Add("alice", "", 10);
  const nlohmann::json j = grade.ToJson();
  CHECK(j["user_flows_graded"] == 0);
  CHECK(j["user_accuracy"].is_null());
  CHECK(j["user_byte_accuracy"].is_null());
  CHECK(j["user_bytes"].empty());
}

TEST_CASE("user view grade: the owners' truth by host and image", "[analysis][domains][owners]") {
  const std::string path = TempPath("process-owners.csv");
  WriteProcessOwnersCsv(path, {{"pc01", "chrome.exe", {"alice", "", ""}},
                               {"pc01", "svchost.exe", {"SYSTEM", "", ""}},
                               {"pc02", "chrome.exe", {"bob", "", ""}},
                               {"pc02", "nouser.exe", {"", "", ""}}});
  const OwnerTruth truth = OwnerTruth::Read(path);
  CHECK(truth.UserOf("pc01", "chrome.exe") == "alice");
  CHECK(truth.UserOf("pc02", "chrome.exe") == "bob");
  CHECK(truth.UserOf("pc01", "svchost.exe") == "SYSTEM");
  CHECK(truth.UserOf("pc02", "nouser.exe").empty());
  CHECK(truth.UserOf("pc03", "chrome.exe").empty());
  CHECK_THROWS_AS(OwnerTruth::Read(TempPath("no-such-owners.csv")), InputError);
}
