// What a run of a scenario will cost, estimated from the scenario alone before anything is
// simulated: sessions, frames, capture bytes, socket-table rows, peak memory and wall time.
// Counts come from the scenario (hosts x processes x rates x duration, the workload catalog's
// session rate, the botnets' periods); the per-session and per-frame constants are calibrated on
// the shipped scenarios (docs/scenario-schema.md, "Resource estimate", lists the table and the
// error). `validate` prints it; `run` prints it and refuses a run past its limits unless
// --allow-large is given. No ns-3 here.
#pragma once

#include "scenarios/config/scenario-config.h"

#include <string>
#include <vector>

namespace ntlab {

struct ResourceEstimate {
  double sessions = 0;       // TCP connections, DNS lookups and UDP exchanges
  double frames = 0;         // frames on the mirror port
  double capture_bytes = 0;  // PCAP bytes written
  double socket_rows = 0;    // rows of socket-history.csv
  double memory_bytes = 0;   // peak RSS of `ntlab run`
  double wall_s = 0;         // simulation and analysis on one core of the calibration machine
};

/// Limits past which `ntlab run` refuses to start (and stops, for memory and disk, while running).
struct ResourceLimits {
  double memory_bytes = 8.0 * 1024 * 1024 * 1024;  // 8 GiB
  double capture_bytes = 50e9;                      // 50 GB
  double wall_s = 2 * 3600;                         // 2 h
};

/// How far an estimate may be off: the largest ratio (either way) between estimate and measurement
/// over the calibration scenarios, per figure (docs/scenario-schema.md).
struct EstimateError {
  double frames = 0, capture_bytes = 0, socket_rows = 0, memory = 0, wall = 0;
};
EstimateError CalibrationError();

ResourceEstimate EstimateResources(const ScenarioConfig& config);

/// One line per limit the estimate passes ("capture 73 GB > 50 GB"); empty when within all.
std::vector<std::string> ExceededLimits(const ResourceEstimate& estimate, const ResourceLimits& limits);

/// "estimate: ~1.2 k sessions, ~25 k frames, ~18 MB capture, ~1.3 k socket rows, ~120 MB memory,
/// ~3 s wall (calibrated within x1.5)".
std::string FormatEstimate(const ResourceEstimate& estimate);

/// "1.5 GB", "320 MB", "12 kB" (SI units, as du --si).
std::string FormatBytes(double bytes);

}  // namespace ntlab
