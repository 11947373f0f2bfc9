// Post-processing stage `sni`: TLS server name -> process, learnt per host from sessions that a
// direct-evidence stage (A, events) labelled, applied to Unknown TLS sessions with an SNI. A name
// used by several processes (a browser and an updater both fetching from one CDN name) is refused
// unless one process has at least `min_share` of the observations.
#pragma once

#include "analyzers/labeling/match-stage.h"
#include "analyzers/labeling/process-votes.h"

#include <string>
#include <unordered_map>
#include <vector>

namespace ntlab {

struct SniMatchConfig {
  /// The paper gives no thresholds. Two sessions, so that one mislabelled session cannot create
  /// an entry; 90 % because SNI answers cannot be checked against any socket.
  std::uint32_t min_observations = 2;
  double min_share = 0.9;
};

class SniMatch : public MatchStage {
 public:
  explicit SniMatch(SniMatchConfig config = {}) : m_config(config) {}
  const char* Name() const override { return "sni"; }
  std::optional<MatchResult> TryMatch(const MatchQuery& query) override;
  /// Adds one labelled session's (SNI, owner).
  void Observe(HostId host, const std::string& sni, std::uint32_t pid, const std::string& process, TimeUs ts);

 private:
  SniMatchConfig m_config;
  std::vector<std::unordered_map<std::string, ProcessVotes>> m_byHost;
};

}  // namespace ntlab
