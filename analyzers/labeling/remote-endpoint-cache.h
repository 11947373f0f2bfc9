// Stage C of the paper: the earlier answer for the same remote IP + port (and proto), per host,
// for OUTBOUND sessions only. For an inbound session the remote port is the client's ephemeral
// port and says nothing about the local service, so the cache neither answers nor learns there.
// Learns from direct evidence only; the newest observation wins.
//
// The ntlab engine (RemoteEndpointCacheConfig) refuses a key on which more than one process has
// been seen, as stage D refuses an impure IP: the newest owner of a shared endpoint (a CDN front,
// the resolver) says nothing about the next session's; and it never learns from a shared service
// port (shared-service-ports.h).
#pragma once

#include "analyzers/labeling/match-stage.h"
#include "analyzers/labeling/process-votes.h"

#include <string>
#include <unordered_map>
#include <vector>

namespace ntlab {

struct RemoteEndpointCacheConfig {
  TimeUs max_age = 0;  // 0 = no limit (paper: none)
  bool refuse_shared = false;              // ntlab: no answer once two processes used the key
  bool skip_shared_service_ports = false;  // ntlab: never learn from DNS/NTP sessions
};

class RemoteEndpointCache : public MatchStage {
 public:
  explicit RemoteEndpointCache(RemoteEndpointCacheConfig config = {}) : m_config(config) {}
  const char* Name() const override { return "C"; }
  std::optional<MatchResult> TryMatch(const MatchQuery& query) override;
  void Learn(const MatchQuery& query, const MatchResult& result, const char* stage) override;

 private:
  struct Entry {
    std::string process;
    std::uint32_t pid = 0;
    TimeUs ts = 0;
    ProcessVotes votes;      // every direct observation of the key
  };
  static AddressKey Key(const SessionKey& k) {
    return {k.remote.ip, std::uint32_t(k.remote.port) << 8 | static_cast<std::uint8_t>(k.proto)};
  }
  RemoteEndpointCacheConfig m_config;
  std::vector<std::unordered_map<AddressKey, Entry, AddressKeyHash>> m_byHost;
};

}  // namespace ntlab
