#include "experiments/pipeline/logger-step.h"

#include "analyzers/formats/records.h"
#include "analyzers/formats/messenger-client-files.h"
#include "scenarios/config/process-owners.h"

#include <map>
#include <optional>

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

  const ProcessOwners owners = ProcessOwners::FromScenario(config);
  if (owners.Enabled()) {
    // Two clients renamed alike on one host share an image but not a window: the simulator's
    // record of each client's PID tells them apart.
    std::map<std::pair<std::string, std::uint32_t>, MessengerClientRow> clients;
    if (config.messengers.enabled)
      for (auto& c : ReadMessengerClientsCsv(simulation_dir + "/messenger_clients.csv"))
        if (c.pid != 0) clients[{c.host, c.pid}] = c;
    logger.owner = [owners, clients](const std::string& host, std::uint32_t pid, const std::string& image) {
      SocketOwnerColumns owner = owners.Of(host, image);
      auto client = clients.find({host, pid});
      if (client != clients.end()) {
        owner.window_class = client->second.window_class;
        owner.control_text = client->second.control_text;
      }
      return owner;
    };
    std::vector<ProcessOwnerRow> truth;
    for (const auto& [key, owner] : owners.Listed()) truth.push_back({key.first, key.second, owner});
    WriteProcessOwnersCsv(out_dir + "/process-owners.csv", truth);
  }

  // Issue 10's realism; with none of it the perfect sampler writes the log.
  logger.realism.clock_offset_max_us = static_cast<TimeUs>(std::llround(config.logger.clock_offset_s * 1e6));
  logger.realism.clock_drift_max_ppm = config.logger.clock_drift_ppm;
  logger.realism.poll_jitter_us = static_cast<TimeUs>(std::llround(config.logger.poll_jitter_s * 1e6));
  logger.realism.late_polls = config.logger.late_polls;
  std::optional<PidNameTimeline> names;
  if (config.logger.name_at_poll) {
    // Without pid-history.csv no PID changed hands while one of its sockets was visible
    // (workload.pid_release: sockets_closed), so every lookup gives the opening name.
    const std::string pidHistory = simulation_dir + "/pid-history.csv";
    names.emplace(std::filesystem::exists(pidHistory) ? ReadPidHistoryCsv(pidHistory) : std::vector<PidHistoryRow>{});
    logger.realism.names = &*names;
  }

  LoggerStepResult result;
  result.cost = logger.cost;
  const std::string logPath = out_dir + "/socketlog.csv";
  result.stats = EmulateSocketLogger(simulation_dir + "/socket-history.csv", hostNames, logger, logPath,
                                     PollRunPathFor(logPath));
  result.log_bytes = std::filesystem::file_size(logPath);
  return result;
}

}  // namespace ntlab
