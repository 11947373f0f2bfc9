// Stage D of the paper: statistical inference on the remote IP alone, per host. Every session a
// direct-evidence stage labelled counts one observation of (remote IP -> process); the stage
// answers only when the IP has at least `min_observations` and one process holds at least
// `min_share` of them, so an IP shared by several processes (a CDN, a proxy) is refused.
#pragma once

#include "analyzers/labeling/match-stage.h"
#include "analyzers/labeling/process-votes.h"

#include <unordered_map>
#include <vector>

namespace ntlab {

struct RemoteIpStatisticsConfig {
  std::uint32_t min_observations = 30;  // paper: at least 30
  double min_share = 0.85;              // paper: at least 85 %
  bool skip_shared_service_ports = false;  // ntlab: never learn from DNS/NTP sessions
};

class RemoteIpStatistics : public MatchStage {
 public:
  explicit RemoteIpStatistics(RemoteIpStatisticsConfig config = {}) : m_config(config) {}
  const char* Name() const override { return "D"; }
  std::optional<MatchResult> TryMatch(const MatchQuery& query) override;
  void Learn(const MatchQuery& query, const MatchResult& result, const char* stage) override;

  /// Distinct processes seen with this remote IP on this host (the wrong-label analysis uses it).
  std::size_t ProcessesOf(HostId host, IpAddress remote) const;

 private:
  RemoteIpStatisticsConfig m_config;
  std::vector<std::unordered_map<IpAddress, ProcessVotes>> m_byHost;
};

}  // namespace ntlab
