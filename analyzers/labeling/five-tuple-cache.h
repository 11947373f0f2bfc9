// Stage B of the paper: the earlier answer for the same 5-tuple. Covers a session whose socket
// has already left the table when its packets are matched again (a UDP flow split by an idle
// timeout, a TCP connection re-opened on the same tuple). Learns from direct evidence only; a
// newer observation of the tuple replaces the older one, so a reused tuple follows its new owner.
#pragma once

#include "analyzers/labeling/match-stage.h"

#include <string>
#include <unordered_map>

namespace ntlab {

struct FiveTupleCacheConfig {
  /// Answers older than this are not used (0 = no limit). The paper sets none; a 5-tuple is
  /// rarely reused by another process, and when it is, a newer direct match replaces the entry.
  TimeUs max_age = 0;
  /// ntlab: never learn from DNS/NTP sessions. Their remote is the one resolver or time server,
  /// so the tuple differs only in the ephemeral local port, which another process soon reuses
  /// (paper-001: 152 of 921 such B answers wrong).
  bool skip_shared_service_ports = false;
};

class FiveTupleCache : public MatchStage {
 public:
  explicit FiveTupleCache(FiveTupleCacheConfig config = {}) : m_config(config) {}
  const char* Name() const override { return "B"; }
  std::optional<MatchResult> TryMatch(const MatchQuery& query) override;
  void Learn(const MatchQuery& query, const MatchResult& result, const char* stage) override;
  std::size_t Size() const { return m_entries.size(); }

 private:
  struct Entry {
    std::string process;
    std::uint32_t pid = 0;
    TimeUs ts = 0;
    std::uint32_t observations = 0;  // direct observations of the tuple
    std::uint32_t owner_run = 0;     // of those, since `process` last took the tuple over
  };
  FiveTupleCacheConfig m_config;
  std::unordered_map<SessionKey, Entry, SessionKeyHash> m_entries;  // host ip is in the key
};

}  // namespace ntlab
