// The whole `ntlab domains` run: the same captures give the same bytes, twice.
#include "analyzers/domains/domains-pipeline.h"
#include "analyzers/formats/domain-files.h"

#include "tests/support/socket-log-users.h"

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include "tests/support/build-paths.h"

using namespace ntlab;
using test_support::OwnersCsv;
using test_support::SocketLogWithUsers;
namespace fs = std::filesystem;

namespace {

std::string ReadBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

nlohmann::json RunInto(const char* name) {
  fs::path out = fs::path(NTLAB_BINARY_DIR) / (std::string("test-domains-") + name);
  fs::remove_all(out);
  fs::create_directories(out);
  DomainRunOptions options;
  options.inputs = {std::string(NTLAB_SOURCE_DIR) + "/tests/regression/domains-cdn/capture.pcap"};
  options.truth = std::string(NTLAB_SOURCE_DIR) + "/tests/regression/domains-cdn/expected-domains.csv";
  options.out_dir = out.string();
  return RunDomainLabelling(options);
}

}  // namespace

TEST_CASE("domains pipeline: the same capture gives the same bytes", "[analysis][domains][pipeline]") {
  nlohmann::json first = RunInto("run1");
  nlohmann::json second = RunInto("run2");
  CHECK(first == second);
  const fs::path a = fs::path(NTLAB_BINARY_DIR) / "test-domains-run1";
  const fs::path b = fs::path(NTLAB_BINARY_DIR) / "test-domains-run2";
  for (const char* file : {"flows.csv", "metrics.json", "stats.sqlite"}) {
    INFO(file);
    CHECK(ReadBytes(a / file) == ReadBytes(b / file));
    CHECK_FALSE(ReadBytes(a / file).empty());
  }
  CHECK(first["label_accuracy"].get<double>() == Approx(6.0 / 7));
  CHECK(first["shared_ip_accuracy"] == 0.75);
  CHECK(first["address_only_shared_ip_accuracy"] == 0.5);
}

TEST_CASE("domains pipeline: with a socket log, flows carry their process and are cross-checked", "[analysis][domains][pipeline][crosscheck]") {
  const std::string sim = std::string(NTLAB_SOURCE_DIR) + "/tests/regression/sim-2host-60s";
  fs::path out = fs::path(NTLAB_BINARY_DIR) / "test-domains-device-view";
  fs::remove_all(out);
  fs::create_directories(out);
  DomainRunOptions options;
  options.inputs = {sim + "/pcap"};
  options.socket_log = sim + "/socketlog.csv";
  options.label_truth = sim + "/truth.csv";
  options.out_dir = out.string();
  nlohmann::json m = RunDomainLabelling(options);
  auto flows = ReadDomainFlowsCsv((out / "flows.csv").string());
  auto checks = ReadCrossCheckCsv((out / "crosscheck.csv").string());
  REQUIRE(checks.size() == flows.size());
  std::size_t withProcess = 0, unusual = 0;
  for (std::size_t i = 0; i < flows.size(); ++i) {
    CHECK(checks[i].flow_id == flows[i].flow_id);
    withProcess += !flows[i].process.empty() && flows[i].process != "Unknown";
    unusual += checks[i].verdict == "unusual";
  }
  CHECK(withProcess > flows.size() / 2);  // the engine labels most sessions of this run
  CHECK(m["process_accuracy"].get<double>() > 0.9);
  const nlohmann::json& c = m["cross_check"];
  CHECK(c["unusual"] == unusual);
  CHECK(c["usual"].get<std::uint64_t>() + c["unusual"].get<std::uint64_t>() + c["no_profile"].get<std::uint64_t>() +
            c["no_name"].get<std::uint64_t>() + c["no_process"].get<std::uint64_t>() == flows.size());
  CHECK(c.contains("flag_precision"));
  CHECK(c["wrong_labels_flagged"].get<std::uint64_t>() <= c["wrong_labels"].get<std::uint64_t>());
}

TEST_CASE("domains pipeline: a label truth without a socket log is refused", "[analysis][domains][pipeline]") {
  DomainRunOptions options;
  options.inputs = {std::string(NTLAB_SOURCE_DIR) + "/tests/regression/domains-cdn/capture.pcap"};
  options.label_truth = "truth.csv";
  options.out_dir = NTLAB_BINARY_DIR;
  CHECK_THROWS_AS(RunDomainLabelling(options), InputError);
}

namespace {

std::int64_t SqlInteger(const fs::path& db, const char* sql) {
  sqlite3* handle = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(handle, sql, -1, &s, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(s) == SQLITE_ROW);
  const std::int64_t value = sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  sqlite3_close(handle);
  return value;
}

}  // namespace

TEST_CASE("domains pipeline: a socket log with users fills flows.user and user_seconds", "[analysis][domains][pipeline][owners]") {
  fs::path out = fs::path(NTLAB_BINARY_DIR) / "test-domains-users";
  fs::remove_all(out);
  fs::create_directories(out);
  DomainRunOptions options;
  options.inputs = {std::string(NTLAB_SOURCE_DIR) + "/tests/regression/sim-2host-60s/pcap"};
  options.socket_log = SocketLogWithUsers(out);
  options.out_dir = out.string();
  RunDomainLabelling(options);
  const fs::path db = out / "stats.sqlite";
  CHECK(SqlInteger(db, "SELECT COUNT(DISTINCT user) FROM user_seconds") == 2);
  // Every labelled flow has its process's user; Unknown and resolver-less flows have none.
  CHECK(SqlInteger(db, "SELECT COUNT(*) FROM flows WHERE user != ''") > 0);
  CHECK(SqlInteger(db, "SELECT COUNT(*) FROM flows WHERE user = '' AND process NOT IN ('', 'Unknown')") == 0);
  CHECK(SqlInteger(db, "SELECT COUNT(*) FROM flows WHERE user != '' AND process IN ('', 'Unknown')") == 0);
  // The buckets add up to the flows they came from.
  CHECK(SqlInteger(db, "SELECT SUM(bytes) FROM user_seconds") ==
        SqlInteger(db, "SELECT SUM(bytes) FROM flows WHERE user != ''"));
  CHECK(SqlInteger(db, "SELECT SUM(sessions) FROM user_seconds") ==
        SqlInteger(db, "SELECT COUNT(*) FROM flows WHERE user != ''"));

  // Without a user column the table stays empty.
  fs::path plain = fs::path(NTLAB_BINARY_DIR) / "test-domains-no-users";
  fs::remove_all(plain);
  fs::create_directories(plain);
  options.socket_log = std::string(NTLAB_SOURCE_DIR) + "/tests/regression/sim-2host-60s/socketlog.csv";
  options.out_dir = plain.string();
  RunDomainLabelling(options);
  CHECK(SqlInteger(plain / "stats.sqlite", "SELECT COUNT(*) FROM user_seconds") == 0);
}

namespace {

nlohmann::json RunGradedUsers(const fs::path& out, const std::string& owners) {
  fs::remove_all(out);
  fs::create_directories(out);
  const std::string sim = std::string(NTLAB_SOURCE_DIR) + "/tests/regression/sim-2host-60s";
  DomainRunOptions options;
  options.inputs = {sim + "/pcap"};
  options.socket_log = SocketLogWithUsers(out);
  options.label_truth = sim + "/truth.csv";
  options.owner_truth = (out / "process-owners.csv").string();
  std::ofstream(options.owner_truth) << OwnersCsv(owners);
  options.out_dir = out.string();
  return RunDomainLabelling(options);
}

}  // namespace

TEST_CASE("domains pipeline: the per-user view is graded against the owners' truth", "[analysis][domains][pipeline][owners]") {
  // The owners SocketLogWithUsers gives each image's PID (svchost.exe on pc01 runs twice, as alice
  // and as bob, so the truth's one owner per image is wrong for one of them).
  const std::string owners = "pc01,chrome.exe,alice,,\npc01,svchost.exe,alice,,\npc02,Code.exe,alice,,\npc02,sshd.exe,bob,,\n";
  const fs::path out = fs::path(NTLAB_BINARY_DIR) / "test-domains-user-grade";
  const nlohmann::json m = RunGradedUsers(out, owners);
  REQUIRE(m["process_accuracy"] == 1.0);
  const std::vector<DomainFlowRow> flows = ReadDomainFlowsCsv((out / "flows.csv").string());
  std::uint64_t codeFlows = 0, codeBytes = 0, withUser = 0;
  for (const auto& f : flows) {
    if (!f.user.empty()) ++withUser;
    if (f.process != "Code.exe") continue;
    ++codeFlows;
    codeBytes += f.bytes;
    CHECK(f.user == "alice");
  }
  REQUIRE(codeFlows > 0);
  CHECK(withUser > 0);
  CHECK(m["user_flows_graded"].get<std::uint64_t>() > m["user_flows_right"].get<std::uint64_t>());
  CHECK(m["user_accuracy"].get<double>() > 0.5);
  CHECK(m["user_bytes"]["bob"]["truth_bytes"] > 0);

  // The truth says Code.exe runs as mallory: exactly its flows turn wrong, and its bytes move to
  // mallory on the truth's side only.
  const std::string moved = "pc01,chrome.exe,alice,,\npc01,svchost.exe,alice,,\npc02,Code.exe,mallory,,\npc02,sshd.exe,bob,,\n";
  const nlohmann::json w = RunGradedUsers(fs::path(NTLAB_BINARY_DIR) / "test-domains-user-grade-moved", moved);
  CHECK(w["user_flows_graded"] == m["user_flows_graded"]);
  CHECK(w["user_flows_right"].get<std::uint64_t>() == m["user_flows_right"].get<std::uint64_t>() - codeFlows);
  CHECK(w["user_bytes"]["mallory"]["truth_bytes"] == codeBytes);
  CHECK(w["user_bytes"]["mallory"]["bytes"] == 0);
  CHECK(w["user_bytes"]["alice"]["truth_bytes"].get<std::uint64_t>() ==
        m["user_bytes"]["alice"]["truth_bytes"].get<std::uint64_t>() - codeBytes);
}

TEST_CASE("domains pipeline: an owners' truth without a label truth is refused", "[analysis][domains][pipeline][owners]") {
  DomainRunOptions options;
  options.inputs = {std::string(NTLAB_SOURCE_DIR) + "/tests/regression/domains-cdn/capture.pcap"};
  options.socket_log = std::string(NTLAB_SOURCE_DIR) + "/tests/regression/sim-2host-60s/socketlog.csv";
  options.owner_truth = "process-owners.csv";
  options.out_dir = NTLAB_BINARY_DIR;
  CHECK_THROWS_AS(RunDomainLabelling(options), InputError);
}
