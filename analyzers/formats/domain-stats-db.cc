#include "analyzers/formats/domain-stats-db.h"

#include <sqlite3.h>
#include <unistd.h>

#include <cstdio>

namespace ntlab {
namespace {

// Times are integer microseconds (TimeUs) and epoch seconds, as in every ntlab file; addresses are
// text, as flows.csv writes them. WITHOUT ROWID: the buckets are looked up by their key only.
constexpr const char* kSchema = R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE flows (
  flow_id INTEGER PRIMARY KEY, proto TEXT NOT NULL, host_ip TEXT NOT NULL, host_port INTEGER NOT NULL,
  remote_ip TEXT NOT NULL, remote_port INTEGER NOT NULL, direction TEXT NOT NULL,
  first_us INTEGER NOT NULL, last_us INTEGER NOT NULL, packets INTEGER NOT NULL, bytes INTEGER NOT NULL,
  domain TEXT NOT NULL, decision TEXT NOT NULL, sni TEXT NOT NULL, http_host TEXT NOT NULL, process TEXT NOT NULL,
  community_id TEXT NOT NULL, user TEXT NOT NULL);
CREATE INDEX flows_by_domain ON flows (domain, first_us);
CREATE INDEX flows_by_host ON flows (host_ip, first_us);
CREATE INDEX flows_by_process ON flows (process, first_us);
CREATE INDEX flows_by_user ON flows (user, first_us);
CREATE TABLE domain_seconds (domain TEXT NOT NULL, second INTEGER NOT NULL, bytes INTEGER NOT NULL,
  packets INTEGER NOT NULL, sessions INTEGER NOT NULL, PRIMARY KEY (domain, second)) WITHOUT ROWID;
CREATE TABLE host_seconds (host_ip TEXT NOT NULL, second INTEGER NOT NULL, bytes INTEGER NOT NULL,
  packets INTEGER NOT NULL, sessions INTEGER NOT NULL, PRIMARY KEY (host_ip, second)) WITHOUT ROWID;
CREATE TABLE process_seconds (process TEXT NOT NULL, second INTEGER NOT NULL, bytes INTEGER NOT NULL,
  packets INTEGER NOT NULL, sessions INTEGER NOT NULL, PRIMARY KEY (process, second)) WITHOUT ROWID;
CREATE TABLE user_seconds (user TEXT NOT NULL, second INTEGER NOT NULL, bytes INTEGER NOT NULL,
  packets INTEGER NOT NULL, sessions INTEGER NOT NULL, PRIMARY KEY (user, second)) WITHOUT ROWID;
CREATE INDEX domain_seconds_by_second ON domain_seconds (second);
CREATE INDEX host_seconds_by_second ON host_seconds (second);
CREATE INDEX process_seconds_by_second ON process_seconds (second);
CREATE INDEX user_seconds_by_second ON user_seconds (second);
)sql";

constexpr const char* kUpserts[kStatsViews] = {
    "INSERT INTO domain_seconds VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (domain, second) DO UPDATE SET "
    "bytes = bytes + excluded.bytes, packets = packets + excluded.packets, sessions = sessions + excluded.sessions",
    "INSERT INTO host_seconds VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (host_ip, second) DO UPDATE SET "
    "bytes = bytes + excluded.bytes, packets = packets + excluded.packets, sessions = sessions + excluded.sessions",
    "INSERT INTO process_seconds VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (process, second) DO UPDATE SET "
    "bytes = bytes + excluded.bytes, packets = packets + excluded.packets, sessions = sessions + excluded.sessions",
    "INSERT INTO user_seconds VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (user, second) DO UPDATE SET "
    "bytes = bytes + excluded.bytes, packets = packets + excluded.packets, sessions = sessions + excluded.sessions"};

constexpr const char* kInsertFlow =
    "INSERT INTO flows VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)";

void BindText(sqlite3_stmt* s, int index, const std::string& text) {
  sqlite3_bind_text(s, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

}  // namespace

DomainStatsDb::DomainStatsDb(std::string path, DomainStatsDbConfig config)
    : m_path(std::move(path)), m_tempPath(m_path + ".tmp-" + std::to_string(::getpid())), m_config(config) {
  std::remove(m_tempPath.c_str());  // a leftover of a crashed run with the same pid
  NoteTemporaryFile(m_tempPath);
  if (sqlite3_open_v2(m_tempPath.c_str(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    std::string reason = m_db ? sqlite3_errmsg(m_db) : "out of memory";
    sqlite3_close(m_db);
    m_db = nullptr;
    DiscardTemporaryFile(m_tempPath);
    throw InputError(m_path + ": cannot create the statistics database: " + reason);
  }
  try {
    CreateSchema();
  } catch (...) {
    Close();  // the destructor does not run for a constructor that throws
    DiscardTemporaryFile(m_tempPath);
    throw;
  }
}

void DomainStatsDb::CreateSchema() {
  // A temporary file renamed only when complete needs no journal: a crash leaves no half store.
  Exec("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;");
  Exec(kSchema);
  Exec(("INSERT INTO meta VALUES ('schema_version', '" + std::to_string(kDomainStatsSchemaVersion) +
        "'), ('bucket_seconds', '1'), ('retention_seconds', '" + std::to_string(m_config.retention_s) + "')")
           .c_str());
  for (int v = 0; v < kStatsViews; ++v) m_upsert[v] = Prepare(kUpserts[v]);
  m_insertFlow = Prepare(kInsertFlow);
  Exec("BEGIN");
}

DomainStatsDb::~DomainStatsDb() {
  Close();
  if (!m_committed) DiscardTemporaryFile(m_tempPath);
}

int DomainStatsDb::Close() {
  for (sqlite3_stmt*& s : m_upsert) {
    sqlite3_finalize(s);
    s = nullptr;
  }
  sqlite3_finalize(m_insertFlow);
  m_insertFlow = nullptr;
  const int rc = sqlite3_close(m_db);
  m_db = nullptr;
  return rc;
}

void DomainStatsDb::Check(int rc, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
    throw InputError(m_path + ": " + what + ": " + sqlite3_errmsg(m_db));
}

void DomainStatsDb::Exec(const char* sql) { Check(sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr), "writing"); }

sqlite3_stmt* DomainStatsDb::Prepare(const char* sql) {
  sqlite3_stmt* statement = nullptr;
  Check(sqlite3_prepare_v2(m_db, sql, -1, &statement, nullptr), "preparing a statement");
  return statement;
}

void DomainStatsDb::Step(sqlite3_stmt* statement, const char* what) {
  Check(sqlite3_step(statement), what);
  sqlite3_reset(statement);
  if (++m_statementsInTransaction >= m_config.batch_statements) {
    ApplyRetention();
    Exec("COMMIT; BEGIN");
    m_statementsInTransaction = 0;
  }
}

void DomainStatsDb::Add(StatsView view, const std::string& key, std::int64_t second, std::uint64_t bytes,
                        std::uint64_t packets, std::uint64_t sessions) {
  if (second > m_pendingSecond) {
    FlushBuckets();
    m_pendingSecond = second;
  }
  if (second > m_newestSecond) m_newestSecond = second;
  // Looked up by reference first: a key is new only once per second, and copying it into a
  // tuple on every packet was most of the writer's per-packet cost.
  auto it = m_pending.find(std::tuple<StatsView, const std::string&, std::int64_t>(view, key, second));
  if (it == m_pending.end()) it = m_pending.emplace(BucketKey{view, key, second}, Amount{}).first;
  Amount& a = it->second;
  a.bytes += bytes;
  a.packets += packets;
  a.sessions += sessions;
}

void DomainStatsDb::FlushBuckets() {
  for (const auto& [key, amount] : m_pending) {
    sqlite3_stmt* s = m_upsert[static_cast<int>(std::get<0>(key))];
    BindText(s, 1, std::get<1>(key));
    sqlite3_bind_int64(s, 2, std::get<2>(key));
    sqlite3_bind_int64(s, 3, static_cast<sqlite3_int64>(amount.bytes));
    sqlite3_bind_int64(s, 4, static_cast<sqlite3_int64>(amount.packets));
    sqlite3_bind_int64(s, 5, static_cast<sqlite3_int64>(amount.sessions));
    Step(s, "writing a bucket");
  }
  m_pending.clear();
}

void DomainStatsDb::AddFlow(const DomainFlowRow& f) {
  sqlite3_stmt* s = m_insertFlow;
  sqlite3_bind_int64(s, 1, static_cast<sqlite3_int64>(f.flow_id));
  BindText(s, 2, ToString(f.proto));
  BindText(s, 3, FormatIp(f.host.ip));
  sqlite3_bind_int(s, 4, f.host.port);
  BindText(s, 5, FormatIp(f.remote.ip));
  sqlite3_bind_int(s, 6, f.remote.port);
  BindText(s, 7, ToString(f.direction));
  sqlite3_bind_int64(s, 8, f.first_ts);
  sqlite3_bind_int64(s, 9, f.last_ts);
  sqlite3_bind_int64(s, 10, static_cast<sqlite3_int64>(f.packets));
  sqlite3_bind_int64(s, 11, static_cast<sqlite3_int64>(f.bytes));
  BindText(s, 12, f.domain);
  BindText(s, 13, f.decision);
  BindText(s, 14, f.sni);
  BindText(s, 15, f.http_host);
  BindText(s, 16, f.process);
  BindText(s, 17, f.community_id);
  BindText(s, 18, f.user);
  Step(s, "writing a flow");
}

// Retention is relative to the newest second seen, the capture's "now": rows older than the
// window go, so a long-running store stays bounded.
void DomainStatsDb::ApplyRetention() {
  if (m_config.retention_s <= 0 || m_newestSecond == INT64_MIN) return;
  const std::string cutoff = std::to_string(m_newestSecond - m_config.retention_s);
  for (const char* table : {"domain_seconds", "host_seconds", "process_seconds", "user_seconds"})
    Exec(("DELETE FROM " + std::string(table) + " WHERE second < " + cutoff).c_str());
  Exec(("DELETE FROM flows WHERE last_us < " + cutoff + "000000").c_str());
}

void DomainStatsDb::Commit() {
  FlushBuckets();
  ApplyRetention();
  Exec("COMMIT");
  if (Close() != SQLITE_OK) throw InputError(m_path + ": closing the statistics database failed");
  CommitFile(m_tempPath, m_path);
  m_committed = true;
}

}  // namespace ntlab
