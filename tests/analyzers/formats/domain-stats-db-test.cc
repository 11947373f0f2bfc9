// stats.sqlite, opened with sqlite3's own C API: its buckets and flows add up to flows.csv, its
// schema is the documented one, retention drops old rows, and nothing is left under a temporary
// name.
#include "analyzers/formats/domain-stats-db.h"

#include "analyzers/domains/domains-pipeline.h"

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <filesystem>
#include <map>
#include "tests/support/build-paths.h"

using namespace ntlab;
namespace fs = std::filesystem;

namespace {

const std::string kCapture = std::string(NTLAB_SOURCE_DIR) + "/tests/regression/sim-2host-60s/pcap";

fs::path FreshDir(const char* name) {
  fs::path dir = fs::path(NTLAB_BINARY_DIR) / (std::string("test-formats-") + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

class Db {
 public:
  explicit Db(const fs::path& path) { REQUIRE(sqlite3_open_v2(path.c_str(), &m_db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK); }
  ~Db() { sqlite3_close(m_db); }
  /// The first column of every row of `sql`, as 64-bit integers.
  std::vector<std::int64_t> Integers(const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    REQUIRE(sqlite3_prepare_v2(m_db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK);
    std::vector<std::int64_t> out;
    while (sqlite3_step(s) == SQLITE_ROW) out.push_back(sqlite3_column_int64(s, 0));
    sqlite3_finalize(s);
    return out;
  }
  std::int64_t Integer(const std::string& sql) { return Integers(sql).at(0); }

 private:
  sqlite3* m_db = nullptr;
};

struct Totals {
  std::int64_t bytes = 0, packets = 0, flows = 0;
};

std::map<std::string, Totals> ByDomain(const std::vector<DomainFlowRow>& flows) {
  std::map<std::string, Totals> t;
  for (const auto& f : flows) {
    t[f.domain].bytes += std::int64_t(f.bytes);
    t[f.domain].packets += std::int64_t(f.packets);
    t[f.domain].flows += 1;
  }
  return t;
}

}  // namespace

TEST_CASE("domain stats db: the buckets and the flows table add up to flows.csv", "[analysis][formats][domains][db]") {
  fs::path out = FreshDir("domains-db");
  DomainRunOptions options;
  options.inputs = {kCapture};
  options.out_dir = out.string();
  RunDomainLabelling(options);
  auto flows = ReadDomainFlowsCsv((out / "flows.csv").string());
  REQUIRE(flows.size() > 100);
  Db db(out / "stats.sqlite");
  CHECK(db.Integer("SELECT value FROM meta WHERE key = 'schema_version'") == kDomainStatsSchemaVersion);
  CHECK(db.Integer("SELECT COUNT(*) FROM flows") == std::int64_t(flows.size()));
  for (const auto& [domain, totals] : ByDomain(flows)) {
    INFO("domain '" << domain << "'");
    const std::string where = " WHERE domain = '" + domain + "'";
    CHECK(db.Integer("SELECT SUM(bytes) FROM domain_seconds" + where) == totals.bytes);
    CHECK(db.Integer("SELECT SUM(packets) FROM domain_seconds" + where) == totals.packets);
    CHECK(db.Integer("SELECT SUM(sessions) FROM domain_seconds" + where) == totals.flows);
    CHECK(db.Integer("SELECT SUM(bytes) FROM flows" + where) == totals.bytes);
  }
  std::int64_t bytes = 0;
  for (const auto& f : flows) bytes += std::int64_t(f.bytes);
  CHECK(db.Integer("SELECT SUM(bytes) FROM host_seconds") == bytes);
  CHECK(db.Integer("SELECT COUNT(DISTINCT host_ip) FROM host_seconds") == 2);
  CHECK(db.Integer("SELECT COUNT(*) FROM process_seconds") == 0);  // no socket log: no process labels
  // One row per key and second: the upserts added up instead of duplicating.
  CHECK(db.Integer("SELECT COUNT(*) FROM (SELECT domain, second FROM domain_seconds GROUP BY 1, 2 HAVING COUNT(*) > 1)") == 0);
  for (const auto& entry : fs::directory_iterator(out))
    CHECK(entry.path().filename().string().find(".tmp-") == std::string::npos);
}

TEST_CASE("domain stats db: retention keeps the newest seconds only", "[analysis][formats][domains][db]") {
  fs::path dir = FreshDir("domains-db-retention");
  const std::string path = (dir / "stats.sqlite").string();
  DomainStatsDb db(path, DomainStatsDbConfig{10, 3});  // 3 statements per transaction: several batches
  for (std::int64_t s = 1000; s < 1030; ++s) db.Add(StatsView::Domain, "a.example", s, 100, 1, 0);
  DomainFlowRow old, recent;
  old.flow_id = 1;
  old.last_ts = 1005 * kUsPerSecond;
  recent.flow_id = 2;
  recent.last_ts = 1025 * kUsPerSecond;
  db.AddFlow(old);
  db.AddFlow(recent);
  db.Commit();
  Db read(path);
  CHECK(read.Integers("SELECT second FROM domain_seconds ORDER BY second").front() == 1019);
  CHECK(read.Integer("SELECT COUNT(*) FROM domain_seconds") == 11);
  CHECK(read.Integers("SELECT flow_id FROM flows") == std::vector<std::int64_t>{2});
  CHECK(read.Integer("SELECT value FROM meta WHERE key = 'retention_seconds'") == 10);
}

TEST_CASE("domain stats db: a store never committed leaves nothing behind", "[analysis][formats][domains][db]") {
  fs::path dir = FreshDir("domains-db-abandoned");
  {
    DomainStatsDb db((dir / "stats.sqlite").string());
    db.Add(StatsView::Host, "10.0.0.11", 1000, 60, 1, 1);
  }
  CHECK(fs::is_empty(dir));
}

TEST_CASE("domain stats db: an unwritable path is an InputError naming it", "[analysis][formats][domains][db]") {
  const std::string path = std::string(NTLAB_BINARY_DIR) + "/no-such-folder/stats.sqlite";
  CHECK_THROWS_WITH(DomainStatsDb(path), Catch::Contains(path) && Catch::Contains("cannot create"));
}
