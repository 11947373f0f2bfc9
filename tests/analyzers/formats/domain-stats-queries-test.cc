// The views read back from stats.sqlite: each agrees with a plain SQL sum over the store, the
// charts' bins add up to the table's totals, and a file that is not a store is one InputError.
#include "analyzers/formats/domain-stats-queries.h"

#include "analyzers/domains/domains-pipeline.h"
#include "analyzers/formats/domain-stats-db.h"
#include "tests/support/text-files.h"

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <filesystem>
#include "tests/support/build-paths.h"

using namespace ntlab;
using namespace ntlab::test_support;
namespace fs = std::filesystem;

namespace {

const std::string kSim = std::string(NTLAB_SOURCE_DIR) + "/tests/regression/sim-2host-60s";

fs::path Store(const std::string& name, bool withSocketLog) {
  fs::path dir = fs::path(TempPath(name));
  fs::remove_all(dir);
  fs::create_directories(dir);
  DomainRunOptions options;
  options.inputs = {kSim + "/pcap"};
  options.out_dir = dir.string();
  if (withSocketLog) options.socket_log = kSim + "/socketlog.csv";
  RunDomainLabelling(options);
  return dir / "stats.sqlite";
}

std::int64_t SumOf(const nlohmann::json& rows, std::size_t column) {
  std::int64_t sum = 0;
  for (const auto& r : rows) sum += r[column].get<std::int64_t>();
  return sum;
}

}  // namespace

TEST_CASE("domain stats queries: totals, top keys and series agree with the store", "[analysis][formats][domains][report]") {
  const fs::path db = Store("store", true);
  nlohmann::json v = ReadDomainStatsViews(db.string(), DomainStatsQueryConfig{20, 5, 7, 10, 50});
  CHECK(v["schema_version"] == kDomainStatsSchemaVersion);
  const auto& totals = v["totals"];
  CHECK(totals["seconds"].get<std::int64_t>() >= 60);
  CHECK(totals["bin_seconds"].get<std::int64_t>() * 7 >= totals["seconds"].get<std::int64_t>());  // 7 bins cover it
  for (const char* view : {"domain", "host", "process"}) {
    INFO(view);
    const auto& top = v["views"][view]["top"];
    REQUIRE_FALSE(top.empty());
    CHECK(top.size() <= 20);
    // Nothing is cut at this size: the per-key bytes add up to every byte of the flows.
    if (top.size() < 20) CHECK(SumOf(top, 1) == totals["bytes"].get<std::int64_t>());
    for (std::size_t i = 1; i < top.size(); ++i) CHECK(top[i - 1][1] >= top[i][1]);
    const auto& series = v["views"][view]["series"];
    CHECK(series.size() == std::min<std::size_t>(5, top.size()));
    for (std::size_t i = 0; i < series.size(); ++i) {
      const auto& points = series[top[i][0].get<std::string>()];
      CHECK(SumOf(points, 1) == top[i][1].get<std::int64_t>());
      for (const auto& p : points) CHECK(p[0].get<std::int64_t>() < 7);
    }
  }
  CHECK(v["views"]["user"]["top"].empty());  // no user column in this socket log
  CHECK(v["flows"].size() == 50);
  CHECK(v["flows"][0]["bytes"] >= v["flows"][1]["bytes"]);
  CHECK(v["flows"][0].contains("http_host"));
  CHECK_FALSE(v["recent"].empty());
  CHECK(SumOf(v["recent"], 1) <= totals["bytes"].get<std::int64_t>());
}

TEST_CASE("domain stats queries: a missing file, not SQLite, or an unknown schema is an InputError", "[analysis][formats][domains][report]") {
  const std::string missing = TempPath("missing.sqlite");
  fs::remove(missing);
  CHECK_THAT(InputErrorOf([&] { ReadDomainStatsViews(missing); }), Catch::Contains("no statistics database"));
  const std::string text = TempPath("text.sqlite");
  WriteText(text, std::string(200, 'x'));
  CHECK_THAT(InputErrorOf([&] { ReadDomainStatsViews(text); }), Catch::Contains(text));
  const std::string future = TempPath("future.sqlite");
  fs::remove(future);
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(future.c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, "CREATE TABLE meta (key TEXT, value TEXT); INSERT INTO meta VALUES ('schema_version', '99')",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
  CHECK_THAT(InputErrorOf([&] { ReadDomainStatsViews(future); }), Catch::Contains("schema_version \"99\""));
}
