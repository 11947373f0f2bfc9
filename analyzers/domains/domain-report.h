// `ntlab report DIR`: paper 000's web view of a run or an experiment, one self-contained HTML page
// (inline CSS, the data as inline JSON, an inline script that draws the tables and SVG charts; no
// network access, no external file) from every stats.sqlite in DIR and the metrics.json beside it:
// traffic per domain, process, user and host over time, the real-time per-service view and the
// history of the largest flows (queries: analyzers/formats/domain-stats-queries.h).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace ntlab {

struct ReportRun {
  std::string name;      // the database's folder, relative to DIR ("." for DIR itself)
  nlohmann::json views;  // ReadDomainStatsViews
  nlohmann::json metrics;  // metrics.json beside the database; null when there is none
};

/// The databases a report of `dir` shows: DIR/stats.sqlite, else every stats.sqlite below DIR (an
/// experiment's runs), sorted by path. Throws InputError when there is none.
std::vector<std::string> FindStatsDatabases(const std::string& dir);

/// The page, byte-for-byte the same for the same runs.
std::string RenderDomainReport(const std::vector<ReportRun>& runs, const std::string& title);

struct ReportResult {
  std::string page_path;
  std::size_t runs = 0;
};

/// Reads every database of `dir` and writes `out` (default DIR/report.html) atomically.
ReportResult WriteDomainReport(const std::string& dir, const std::string& out = {});

}  // namespace ntlab
