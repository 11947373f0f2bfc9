// The views of paper 000 read back from stats.sqlite (domain-stats-db.h), every SQL query of them
// in one place (domain-stats-queries.cc, listed in docs/domains.md): what `ntlab report` shows.
//
// - totals: flows, bytes, packets, the time span;
// - per key (domain, process, user, host): the top keys by bytes over the whole store, and their
//   traffic over time in at most `max_bins` equal bins (the page's charts stay small on a day-long
//   store);
// - real time per service: the last `recent_seconds` seconds before the newest one, per domain
//   (what 000's dashboard shows "now");
// - history per flow: the largest flows with their times, domain, process, SNI and decision.
//
// The database is opened read-only; a missing file, a file that is not SQLite or a schema this
// reader does not know is one InputError naming the file.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace ntlab {

struct DomainStatsQueryConfig {
  int top_keys = 20;         // rows of each per-key table
  int series_keys = 5;       // keys drawn over time
  int max_bins = 120;        // time bins of a chart
  int recent_seconds = 10;   // the real-time view's window
  int top_flows = 50;        // rows of the flow history
};

/// Every view of the store as JSON (documented with `ntlab report` in docs/domains.md):
/// {"schema_version", "totals", "views": {"domain"|"process"|"user"|"host": {"top": [...],
/// "series": {...}}}, "recent": [...], "flows": [...]}. A view the store does not hold (a user
/// table in a version-1 store) is present with empty lists.
nlohmann::json ReadDomainStatsViews(const std::string& path, const DomainStatsQueryConfig& config = {});

}  // namespace ntlab
