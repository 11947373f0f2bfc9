// The emulate-the-logger step: paper 001's SocketLogger polls the socket-table history the
// simulation recorded (models/agents/socket-logger.h) at the scenario's poll interval, and writes
// the run's socketlog.csv and socketlog-polls.csv.
#pragma once

#include "models/agents/socket-logger.h"
#include "scenarios/config/scenario-config.h"

#include <cstdint>
#include <string>

namespace ntlab {

struct LoggerStepResult {
  SocketLoggerStats stats;
  PollCostModel cost;              // the scenario's logger cost model
  std::uint64_t log_bytes = 0;     // size of the socketlog.csv written
};

/// Reads <simulation_dir>/socket-history.csv; writes <out_dir>/socketlog.csv and socketlog-polls.csv,
/// and, when the scenario has users or messengers, the owner columns and <out_dir>/process-owners.csv.
LoggerStepResult EmulateLoggerStep(const ScenarioConfig& config, const std::string& simulation_dir,
                                   const std::string& out_dir);

}  // namespace ntlab
