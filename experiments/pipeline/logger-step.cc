#include "experiments/pipeline/logger-step.h"

#include "analyzers/formats/records.h"

#include <cmath>
#include <filesystem>

namespace ntlab {

LoggerStepResult EmulateLoggerStep(const ScenarioConfig& config, const std::string& simulation_dir,
                                   const std::string& out_dir) {
  SocketLoggerConfig logger;
  logger.interval_us = static_cast<TimeUs>(std::llround(config.poll_interval_s * 1e6));
  logger.start_us = config.start;
  logger.end_us = config.start + static_cast<TimeUs>(std::llround(config.duration_s * 1e6));
  logger.seed = config.seed;
  logger.cost = PollCostModel{config.logger.poll_cost_base_ms, config.logger.poll_cost_per_row_ms};
  std::vector<std::string> hostNames;
  for (const auto& h : config.hosts) hostNames.push_back(h.name);

  LoggerStepResult result;
  result.cost = logger.cost;
  const std::string logPath = out_dir + "/socketlog.csv";
  result.stats = EmulateSocketLogger(simulation_dir + "/socket-history.csv", hostNames, logger, logPath,
                                     PollRunPathFor(logPath));
  result.log_bytes = std::filesystem::file_size(logPath);
  return result;
}

}  // namespace ntlab
