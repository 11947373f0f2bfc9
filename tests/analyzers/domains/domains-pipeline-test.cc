// The whole `ntlab domains` run: the same captures give the same bytes, twice.
#include "analyzers/domains/domains-pipeline.h"
#include "analyzers/formats/domain-files.h"

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace ntlab;
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

// sim-2host-60s's socket log with a user column, as a logger on a host with two users would write
// it: even thousands of PIDs run as alice, the others as bob.
std::string SocketLogWithUsers(const fs::path& dir) {
  const std::string sim = std::string(NTLAB_SOURCE_DIR) + "/tests/regression/sim-2host-60s";
  std::ifstream in(sim + "/socketlog.csv");
  std::ofstream out(dir / "socketlog.csv");
  std::string line;
  std::getline(in, line);
  out << line << ",user\n";
  while (std::getline(in, line)) {
    const std::string beforeProcess = line.substr(0, line.rfind(','));  // no quoted fields in this log
    const unsigned long value = std::stoul(beforeProcess.substr(beforeProcess.rfind(',') + 1));
    out << line << ',' << (value == 0 ? "" : (value / 1000) % 2 == 0 ? "alice" : "bob") << '\n';
  }
  fs::copy_file(sim + "/socketlog-polls.csv", dir / "socketlog-polls.csv", fs::copy_options::overwrite_existing);
  return (dir / "socketlog.csv").string();
}

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
