// The whole domain labelling run behind `ntlab domains` (paper 000's network layer on files):
// captures -> DomainFlowMonitor -> flows.csv, stats.sqlite and metrics.json, graded against
// expected-domains.csv when one is given. Streaming: flows are written as their sessions end.
//
// With a socket log (the device view), paper 001's engine first labels every session with its
// process (labels.csv, graded against truth.csv when given); the domain pass then carries the
// process into flows.csv and stats.sqlite's process_seconds, and the cross-check
// (label-cross-check.h) judges each labelled session against its process's profile
// (crosscheck.csv, metrics.json "cross_check"). When the log has a user column, each flow also
// carries its process's owner (flows.csv, user_seconds), graded against process-owners.csv
// (user-view-grade.h) when that and truth.csv are given.
#pragma once

#include "analyzers/capture/capture-options.h"
#include "analyzers/capture/live-packet-source.h"
#include "analyzers/domains/domain-labeller.h"
#include "analyzers/labeling/engine-variant.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace ntlab {

struct DomainRunOptions {
  std::vector<std::string> inputs;  // capture files or folders
  std::string out_dir;              // flows.csv, metrics.json (the folder must exist)
  std::string db_path;              // empty: <out_dir>/stats.sqlite
  std::string truth;                // expected-domains.csv; empty: no grading
  std::int64_t retention_s = 0;     // stats.sqlite retention; 0 keeps everything
  bool write_db = true;             // false: no stats.sqlite (ntlab_bench measures the writer's cost)
  std::string socket_log;           // the device view: process labels (empty: none)
  std::string label_truth;          // truth.csv: grades the process labels and the cross-check
  std::string owner_truth;          // process-owners.csv: with label_truth, grades the per-user view
  LabelEngine label_engine = LabelEngine::Ntlab;  // which of 001's engines labels the processes
  DomainLabellerConfig labeller;
  CaptureOptions capture;           // --strict-captures (also for the labelling of --socket-log)
};

/// Returns the content of metrics.json.
nlohmann::json RunDomainLabelling(const DomainRunOptions& options);

/// `ntlab monitor`: the same labelling on a live interface (no socket log, no truth: both need
/// the whole capture). flows.csv rows are written as flows end and the statistics every second,
/// into files renamed into place when the capture stops; metrics.json adds "capture" with the
/// kernel's drop counters.
nlohmann::json RunDomainMonitor(const DomainRunOptions& options, const LiveCaptureConfig& capture);

}  // namespace ntlab
