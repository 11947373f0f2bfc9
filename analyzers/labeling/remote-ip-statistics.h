// Stage D of the paper: statistical inference on the remote IP alone, per host. Every session a
// direct-evidence stage labelled counts one observation of (remote IP -> process); the stage
// answers only when the IP has at least `min_observations` and one process holds at least
// `min_share` of them, so an IP shared by several processes (a CDN, a proxy) is refused.
// The ntlab engine keys on the remote IP *and the service port* (`key_on_service_port`): one
// server that runs several services (a web server and a resolver on one address, the live lab's
// 10.77.0.1) has one owner per service, and its web client's votes must not answer its DNS
// lookups.
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
  bool key_on_service_port = false;        // ntlab: (remote IP, service port) instead of the IP
};

class RemoteIpStatistics : public MatchStage {
 public:
  explicit RemoteIpStatistics(RemoteIpStatisticsConfig config = {}) : m_config(config) {}
  const char* Name() const override { return "D"; }
  std::optional<MatchResult> TryMatch(const MatchQuery& query) override;
  void Learn(const MatchQuery& query, const MatchResult& result, const char* stage) override;

  /// Distinct processes seen on this host with the key `session` falls under.
  std::size_t ProcessesFor(HostId host, const Session& session) const;

 private:
  /// The vote key: the remote IP, with the service port when the config asks for it.
  AddressKey KeyOf(const Session& session) const;

  RemoteIpStatisticsConfig m_config;
  std::vector<std::unordered_map<AddressKey, ProcessVotes, AddressKeyHash>> m_byHost;
};

}  // namespace ntlab
