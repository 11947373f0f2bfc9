#include "analyzers/blocking/block-metrics.h"

namespace ntlab {
namespace {

// A share with nothing to divide by is null, as in every other metrics.json.
nlohmann::json Rate(std::uint64_t part, std::uint64_t whole) {
  if (whole == 0) return nullptr;
  return double(part) / double(whole);
}

}  // namespace

BlockVerdict SessionDecisions::Combined() const {
  bool notEvaluable = false;
  for (const auto* decision : {&ip_table, &process, &process_packets}) {
    if (!*decision) continue;
    if ((*decision)->verdict == BlockVerdict::Blocked) return BlockVerdict::Blocked;
    if ((*decision)->verdict == BlockVerdict::NotEvaluable) notEvaluable = true;
  }
  return notEvaluable ? BlockVerdict::NotEvaluable : BlockVerdict::Passed;
}

void BlockTally::Counts::Add(const BlockSession& session, BlockVerdict verdict) {
  if (session.IsMessenger()) {
    ++messenger_sessions;
    messenger_bytes += session.bytes;
    if (verdict == BlockVerdict::Blocked) {
      ++messenger_blocked;
      messenger_bytes_blocked += session.bytes;
    }
    if (verdict == BlockVerdict::Passed) ++messenger_leaked;
    if (verdict == BlockVerdict::NotEvaluable) ++messenger_not_evaluable;
    return;
  }
  ++benign_sessions;
  if (verdict == BlockVerdict::Blocked) ++benign_wrongly_blocked;
  if (verdict == BlockVerdict::NotEvaluable) ++benign_not_evaluable;
}

nlohmann::json BlockTally::Counts::ToJson() const {
  return {{"messenger_sessions", messenger_sessions},
          {"messenger_sessions_blocked", messenger_blocked},
          {"messenger_sessions_leaked", messenger_leaked},
          {"messenger_sessions_not_evaluable", messenger_not_evaluable},
          {"messenger_bytes", messenger_bytes},
          {"messenger_bytes_blocked", messenger_bytes_blocked},
          {"messenger_block_rate", Rate(messenger_blocked, messenger_sessions)},
          {"benign_sessions", benign_sessions},
          {"benign_sessions_wrongly_blocked", benign_wrongly_blocked},
          {"benign_sessions_not_evaluable", benign_not_evaluable}};
}

BlockTally::BlockTally(const std::vector<std::string>& methods) {
  for (const auto& method : methods) m_byMethod[method];
  m_byMethod["combination"];
}

void BlockTally::Add(const BlockSession& session, const SessionDecisions& decisions) {
  if (decisions.ip_table) m_byMethod["ip_table"].Add(session, decisions.ip_table->verdict);
  if (decisions.process) m_byMethod["process"].Add(session, decisions.process->verdict);
  if (decisions.process_packets) m_byMethod["process_packets"].Add(session, decisions.process_packets->verdict);
  m_byMethod["combination"].Add(session, decisions.Combined());
}

nlohmann::json BlockTally::ToJson() const {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [method, counts] : m_byMethod) out[method] = counts.ToJson();
  return out;
}

}  // namespace ntlab
