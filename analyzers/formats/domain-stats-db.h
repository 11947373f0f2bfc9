// stats.sqlite: paper 000's store — traffic per domain, per host, per process and per user in 1-second
// buckets, and a flows table — in SQLite, the embedded default (000 proposed Cassandra; a file
// that any sqlite3 client opens is what a testbed needs). Schema, indexes and retention are in
// docs/formats.md; kSchemaVersion changes with them.
//
// Buckets are summed in memory for the current second and written when packet time moves to a
// later second (paper 000 updates its store every second), as upserts that add to an existing
// bucket, so a second seen again (a second capture group, a late packet) adds up. Writes go in
// batched transactions; the file is built under a temporary name and renamed by Commit(), like
// every other output (CommitFile: part of the command's OutputTransaction).
#pragma once

#include "analyzers/formats/domain-files.h"

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <tuple>

struct sqlite3;
struct sqlite3_stmt;

namespace ntlab {

constexpr int kDomainStatsSchemaVersion = 3;  // 2: flows.http_host; 3: flows.user, user_seconds

enum class StatsView : std::uint8_t { Domain, Host, Process, User };
constexpr int kStatsViews = 4;

struct DomainStatsDbConfig {
  /// Seconds of buckets and flows kept behind the newest second; 0 keeps everything.
  std::int64_t retention_s = 0;
  std::size_t batch_statements = 20000;  // statements per transaction
};

class DomainStatsDb {
 public:
  /// Creates the schema in "<path>.tmp-<pid>"; throws InputError when it cannot.
  DomainStatsDb(std::string path, DomainStatsDbConfig config = {});
  ~DomainStatsDb();
  DomainStatsDb(const DomainStatsDb&) = delete;
  DomainStatsDb& operator=(const DomainStatsDb&) = delete;

  /// Adds to the bucket of `key` (a domain, "" for unlabelled traffic; a host address; a process)
  /// for epoch second `second`.
  void Add(StatsView view, const std::string& key, std::int64_t second, std::uint64_t bytes, std::uint64_t packets,
           std::uint64_t sessions);
  /// One finished flow (its process empty without the device view).
  void AddFlow(const DomainFlowRow& flow);
  /// Writes what is pending, applies the retention, closes and renames into place.
  void Commit();

 private:
  struct Amount {
    std::uint64_t bytes = 0, packets = 0, sessions = 0;
  };
  using BucketKey = std::tuple<StatsView, std::string, std::int64_t>;

  void CreateSchema();
  /// Finalizes the statements and closes the connection; SQLite's result.
  int Close();
  void Exec(const char* sql);
  sqlite3_stmt* Prepare(const char* sql);
  void Check(int rc, const char* what);
  void FlushBuckets();
  void Step(sqlite3_stmt* statement, const char* what);
  void ApplyRetention();

  std::string m_path;
  std::string m_tempPath;
  DomainStatsDbConfig m_config;
  sqlite3* m_db = nullptr;
  sqlite3_stmt* m_upsert[kStatsViews] = {};  // by StatsView
  sqlite3_stmt* m_insertFlow = nullptr;
  std::map<BucketKey, Amount, std::less<>> m_pending;  // std::less<>: found without a copy of the key
  std::int64_t m_pendingSecond = INT64_MIN;
  std::int64_t m_newestSecond = INT64_MIN;
  std::size_t m_statementsInTransaction = 0;
  bool m_committed = false;
};

}  // namespace ntlab
