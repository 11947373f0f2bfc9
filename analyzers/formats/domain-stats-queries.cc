#include "analyzers/formats/domain-stats-queries.h"

#include "analyzers/formats/basic-types.h"
#include "analyzers/formats/domain-stats-db.h"

#include <sqlite3.h>

#include <filesystem>
#include <functional>
#include <vector>

namespace ntlab {
namespace {

// The per-key tables of stats.sqlite and their key column. Table and column names come from this
// list only, never from the file, so composing them into SQL is safe.
struct KeyView {
  const char* name;
  const char* table;
  const char* column;
};
constexpr KeyView kKeyViews[] = {{"domain", "domain_seconds", "domain"},
                                 {"process", "process_seconds", "process"},
                                 {"user", "user_seconds", "user"},
                                 {"host", "host_seconds", "host_ip"}};

// --- The queries (docs/domains.md, "ntlab report") ---
constexpr const char* kSchemaVersion = "SELECT value FROM meta WHERE key = 'schema_version'";
constexpr const char* kHasTable = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?1";
constexpr const char* kFlowTotals =
    "SELECT COUNT(*), COALESCE(SUM(bytes), 0), COALESCE(SUM(packets), 0), MIN(first_us), MAX(last_us) FROM flows";
constexpr const char* kBucketSpan = "SELECT MIN(second), MAX(second) FROM domain_seconds";
// Per key, over the whole store: {table}/{column} substituted from kKeyViews.
constexpr const char* kTopKeys =
    "SELECT {column}, SUM(bytes), SUM(packets), SUM(sessions), COUNT(*) FROM {table} GROUP BY {column} "
    "ORDER BY 2 DESC, 1 LIMIT ?1";
// One key's traffic in bins of ?3 seconds from second ?2.
constexpr const char* kKeySeries =
    "SELECT (second - ?2) / ?3 AS bin, SUM(bytes), SUM(packets) FROM {table} WHERE {column} = ?1 "
    "GROUP BY bin ORDER BY bin";
// Real time per service: the last ?1 seconds up to the newest second of the store.
constexpr const char* kRecentDomains =
    "SELECT domain, SUM(bytes), SUM(packets), SUM(sessions) FROM domain_seconds "
    "WHERE second > (SELECT MAX(second) FROM domain_seconds) - ?1 GROUP BY domain ORDER BY 2 DESC, 1 LIMIT ?2";
// History per flow: the largest flows, every column of the flows table.
constexpr const char* kTopFlows = "SELECT * FROM flows ORDER BY bytes DESC, flow_id LIMIT ?1";

std::string Substitute(std::string sql, const KeyView& view) {
  for (const auto& [name, value] : {std::pair<std::string, std::string>{"{table}", view.table}, {"{column}", view.column}})
    for (std::size_t at; (at = sql.find(name)) != std::string::npos;) sql.replace(at, name.size(), value);
  return sql;
}

nlohmann::json ColumnValue(sqlite3_stmt* s, int column) {
  switch (sqlite3_column_type(s, column)) {
    case SQLITE_INTEGER: return sqlite3_column_int64(s, column);
    case SQLITE_FLOAT: return sqlite3_column_double(s, column);
    case SQLITE_NULL: return nullptr;
    default: {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s, column));
      return std::string(text ? text : "", static_cast<std::size_t>(sqlite3_column_bytes(s, column)));
    }
  }
}

class ReadOnlyDb {
 public:
  explicit ReadOnlyDb(const std::string& path) : m_path(path) {
    if (!std::filesystem::is_regular_file(path)) throw InputError(path + ": no statistics database (stats.sqlite) there");
    if (sqlite3_open_v2(path.c_str(), &m_db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
      std::string reason = m_db ? sqlite3_errmsg(m_db) : "out of memory";
      sqlite3_close(m_db);
      throw InputError(path + ": cannot open the statistics database: " + reason);
    }
  }
  ~ReadOnlyDb() { sqlite3_close(m_db); }
  ReadOnlyDb(const ReadOnlyDb&) = delete;
  ReadOnlyDb& operator=(const ReadOnlyDb&) = delete;

  using Binder = std::function<void(sqlite3_stmt*)>;
  /// Every row of `sql` as a JSON array of its columns' values.
  nlohmann::json Rows(const std::string& sql, const Binder& bind = {}) {
    return Each(sql, bind, [](sqlite3_stmt* s) {
      nlohmann::json row = nlohmann::json::array();
      for (int c = 0; c < sqlite3_column_count(s); ++c) row.push_back(ColumnValue(s, c));
      return row;
    });
  }
  /// Every row of `sql` as a JSON object keyed by column name.
  nlohmann::json Objects(const std::string& sql, const Binder& bind = {}) {
    return Each(sql, bind, [](sqlite3_stmt* s) {
      nlohmann::json row = nlohmann::json::object();
      for (int c = 0; c < sqlite3_column_count(s); ++c) row[sqlite3_column_name(s, c)] = ColumnValue(s, c);
      return row;
    });
  }

 private:
  nlohmann::json Each(const std::string& sql, const Binder& bind, const std::function<nlohmann::json(sqlite3_stmt*)>& row) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(m_db, sql.c_str(), -1, &s, nullptr) != SQLITE_OK)
      throw InputError(m_path + ": not a statistics database of a known schema: " + sqlite3_errmsg(m_db));
    if (bind) bind(s);
    nlohmann::json rows = nlohmann::json::array();
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) rows.push_back(row(s));
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) throw InputError(m_path + ": reading the statistics database: " + sqlite3_errmsg(m_db));
    return rows;
  }

  std::string m_path;
  sqlite3* m_db = nullptr;
};

ReadOnlyDb::Binder Ints(std::vector<std::int64_t> values) {
  return [values](sqlite3_stmt* s) {
    for (std::size_t i = 0; i < values.size(); ++i) sqlite3_bind_int64(s, static_cast<int>(i) + 1, values[i]);
  };
}

int SchemaVersion(ReadOnlyDb& db, const std::string& path) {
  nlohmann::json rows = db.Rows(kSchemaVersion);
  const std::string version = rows.empty() ? std::string() : rows[0][0].dump();
  for (int v = 1; v <= kDomainStatsSchemaVersion; ++v)
    if (version == "\"" + std::to_string(v) + "\"") return v;
  throw InputError(path + ": meta.schema_version " + (version.empty() ? "missing" : version) +
                   ": this ntlab reads versions 1 to " + std::to_string(kDomainStatsSchemaVersion));
}

nlohmann::json KeyViewJson(ReadOnlyDb& db, const KeyView& view, std::int64_t first, std::int64_t binWidth,
                           const DomainStatsQueryConfig& config) {
  nlohmann::json out{{"top", nlohmann::json::array()}, {"series", nlohmann::json::object()}};
  const std::string table = view.table;
  if (db.Rows(kHasTable, [&](sqlite3_stmt* s) { sqlite3_bind_text(s, 1, table.c_str(), -1, SQLITE_TRANSIENT); })[0][0] == 0)
    return out;
  out["top"] = db.Rows(Substitute(kTopKeys, view), Ints({config.top_keys}));
  for (std::size_t i = 0; i < out["top"].size() && static_cast<int>(i) < config.series_keys; ++i) {
    const std::string key = out["top"][i][0].get<std::string>();
    out["series"][key] = db.Rows(Substitute(kKeySeries, view), [&](sqlite3_stmt* s) {
      sqlite3_bind_text(s, 1, key.c_str(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
      sqlite3_bind_int64(s, 2, first);
      sqlite3_bind_int64(s, 3, binWidth);
    });
  }
  return out;
}

}  // namespace

nlohmann::json ReadDomainStatsViews(const std::string& path, const DomainStatsQueryConfig& config) {
  ReadOnlyDb db(path);
  nlohmann::json out;
  out["schema_version"] = SchemaVersion(db, path);
  const nlohmann::json totals = db.Rows(kFlowTotals)[0];
  const nlohmann::json span = db.Rows(kBucketSpan)[0];
  const std::int64_t first = span[0].is_null() ? 0 : span[0].get<std::int64_t>();
  const std::int64_t last = span[1].is_null() ? 0 : span[1].get<std::int64_t>();
  const std::int64_t seconds = span[0].is_null() ? 0 : last - first + 1;
  const std::int64_t binWidth = std::max<std::int64_t>(1, (seconds + config.max_bins - 1) / config.max_bins);
  out["totals"] = {{"flows", totals[0]},      {"bytes", totals[1]},     {"packets", totals[2]},
                   {"first_us", totals[3]},   {"last_us", totals[4]},   {"first_second", first},
                   {"seconds", seconds},      {"bin_seconds", binWidth}};
  for (const KeyView& view : kKeyViews) out["views"][view.name] = KeyViewJson(db, view, first, binWidth, config);
  out["recent_seconds"] = config.recent_seconds;
  out["recent"] = db.Rows(kRecentDomains, Ints({config.recent_seconds, config.top_keys}));
  out["flows"] = db.Objects(kTopFlows, Ints({config.top_flows}));
  return out;
}

}  // namespace ntlab
