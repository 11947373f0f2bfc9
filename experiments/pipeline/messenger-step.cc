#include "experiments/pipeline/messenger-step.h"

#include "analyzers/formats/messenger-client-files.h"
#include "analyzers/formats/messenger-files.h"
#include "analyzers/messengers/messengers-pipeline.h"

#include <filesystem>

namespace ntlab {
namespace {

nlohmann::json Share(std::uint64_t ok, std::uint64_t failed) {
  if (ok + failed == 0) return nullptr;  // nothing was tried: no rate, rather than a made-up one
  return double(ok) / double(ok + failed);
}

// The clients' outcomes, all together or for one messenger ("" = all).
nlohmann::json Outcomes(const std::vector<MessengerClientRow>& rows, const std::string& messenger) {
  std::uint64_t clients = 0, started = 0, loggedIn = 0, gaveUp = 0, attemptsFailed = 0;
  std::uint64_t chatsOk = 0, chatsFailed = 0, smallOk = 0, smallFailed = 0, largeOk = 0, largeFailed = 0;
  double giveUpSum = 0, loginSum = 0;
  for (const auto& r : rows) {
    if (!messenger.empty() && r.messenger != messenger) continue;
    ++clients;
    started += r.started;
    loggedIn += r.logged_in;
    if (r.logged_in) loginSum += r.login_s;
    if (r.gave_up_s >= 0) {
      ++gaveUp;
      giveUpSum += r.gave_up_s;
    }
    attemptsFailed += r.attempts_failed;
    chatsOk += r.chats_ok;
    chatsFailed += r.chats_failed;
    smallOk += r.small_files_ok;
    smallFailed += r.small_files_failed;
    largeOk += r.large_files_ok;
    largeFailed += r.large_files_failed;
  }
  return {{"clients", clients},
          {"started", started},
          {"logged_in", loggedIn},
          {"login_success", Share(loggedIn, clients - loggedIn)},
          {"login_s_mean", loggedIn ? nlohmann::json(loginSum / loggedIn) : nlohmann::json(nullptr)},
          {"attempts_failed", attemptsFailed},
          {"chats_ok", chatsOk},
          {"chats_failed", chatsFailed},
          {"chat_success", Share(chatsOk, chatsFailed)},
          {"small_files_ok", smallOk},
          {"small_files_failed", smallFailed},
          {"large_files_ok", largeOk},
          {"large_files_failed", largeFailed},
          {"file_success", Share(smallOk + largeOk, smallFailed + largeFailed)},
          {"gave_up", gaveUp},
          {"give_up_s_mean", gaveUp ? nlohmann::json(giveUpSum / gaveUp) : nlohmann::json(nullptr)}};
}

// What the filters dropped, messenger traffic apart from benign traffic.
nlohmann::json Drops(const std::vector<MessengerEnforcementRow>& rows) {
  nlohmann::json drops;
  for (const char* side : {"messenger", "benign"})
    drops[side] = {{"connections", 0}, {"packets", 0}, {"bytes", 0}};
  for (const auto& r : rows) {
    nlohmann::json& side = drops[r.messenger ? "messenger" : "benign"];
    side["connections"] = side["connections"].get<std::uint64_t>() + r.connections;
    side["packets"] = side["packets"].get<std::uint64_t>() + r.packets;
    side["bytes"] = side["bytes"].get<std::uint64_t>() + r.bytes;
  }
  return drops;
}

// The share of the day's messenger server endpoints (the truth, P2P peers aside) that an IP table
// made earlier still covers: how stale it has gone.
nlohmann::json TableCoverage(const std::string& table_path, const std::string& roles_path) {
  const std::vector<IpTableRow> table = ReadIpTableCsv(table_path);
  std::uint64_t servers = 0, covered = 0;
  for (const auto& row : ReadMessengerRolesCsv(roles_path)) {
    if (row.role == MessengerRole::P2pPeer) continue;
    ++servers;
    for (const auto& entry : table) {
      const Ipv4 mask = entry.prefix_length == 32 ? 0xffffffffu : ~(0xffffffffu >> entry.prefix_length);
      if (row.endpoint.ip.IsV4() && (row.endpoint.ip.V4() & mask) == entry.network) {
        ++covered;
        break;
      }
    }
  }
  return {{"table", std::filesystem::path(table_path).filename().string()}, {"entries", table.size()},
          {"server_endpoints", servers}, {"covered", covered}, {"coverage", Share(covered, servers - covered)}};
}

}  // namespace

MessengerStepResult MessengerStep(const ScenarioConfig& config, const std::string& simulation_dir,
                                  const std::string& out_dir) {
  const std::vector<MessengerClientRow> clients = ReadMessengerClientsCsv(simulation_dir + "/messenger_clients.csv");
  MessengerStepResult result;
  nlohmann::json& m = result.metrics;
  m = Outcomes(clients, "");
  m["by_messenger"] = {{"msn", Outcomes(clients, "msn")},
                       {"nateon", Outcomes(clients, "nateon")},
                       {"buddybuddy", Outcomes(clients, "buddybuddy")}};
  m["dropped"] = Drops(ReadMessengerEnforcementCsv(simulation_dir + "/messenger_enforcement.csv"));
  m["policy"] = config.messengers.policy.empty() ? std::string("none")
                                                 : std::filesystem::path(config.messengers.policy).stem().string();

  MessengerRunOptions recovery;
  recovery.inputs = {simulation_dir + "/pcap"};
  recovery.out_dir = out_dir + "/messengers";
  recovery.truth = simulation_dir + "/messenger-roles.csv";
  std::filesystem::create_directories(recovery.out_dir);
  const nlohmann::json seen = RunMessengers(recovery);
  // A messenger session the capture shows speaking its protocol got through the policy.
  m["sessions_leaked"] = seen.at("messenger_sessions");
  m["sessions_leaked_by_protocol"] = seen.at("protocols");
  m["relayed_sessions_recognised"] = seen.at("structure").at("relayed_sessions");
  m["structure"] = seen.contains("truth") ? seen.at("truth") : nlohmann::json(nullptr);
  m["day"] = config.messengers.day;
  if (!config.messengers.score_table.empty())
    m["table"] = TableCoverage(config.messengers.score_table, simulation_dir + "/messenger-roles.csv");
  return result;
}

}  // namespace ntlab
