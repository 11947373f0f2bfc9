// metrics.json of `ntlab block` (docs/blocking.md): per method and for the combination, the
// messenger sessions and bytes blocked, the messenger sessions leaked, the benign sessions wrongly
// blocked, and the sessions no method input could judge. A messenger session is one the MSNP /
// NateOn grammar recognised (analyzers/messengers), in both views; the views differ in the owner.
#pragma once

#include "analyzers/blocking/blocked-session.h"

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ntlab {

/// Each enabled method's decision for one session; a method the policy does not use is absent.
struct SessionDecisions {
  std::optional<MethodDecision> ip_table;
  std::optional<MethodDecision> process;
  std::optional<MethodDecision> process_packets;
  /// Blocked when any method blocks; else NotEvaluable when any method could not judge; else Passed.
  BlockVerdict Combined() const;
};

class BlockTally {
 public:
  /// `methods`: the policy's methods, so that each appears even with no session to count.
  explicit BlockTally(const std::vector<std::string>& methods);
  void Add(const BlockSession& session, const SessionDecisions& decisions);
  nlohmann::json ToJson() const;

 private:
  struct Counts {
    std::uint64_t messenger_sessions = 0, messenger_blocked = 0, messenger_leaked = 0, messenger_not_evaluable = 0;
    std::uint64_t messenger_bytes = 0, messenger_bytes_blocked = 0;
    std::uint64_t benign_sessions = 0, benign_wrongly_blocked = 0, benign_not_evaluable = 0;
    void Add(const BlockSession& session, BlockVerdict verdict);
    nlohmann::json ToJson() const;
  };
  std::map<std::string, Counts> m_byMethod;  // ip_table, process, process_packets, combination
};

}  // namespace ntlab
