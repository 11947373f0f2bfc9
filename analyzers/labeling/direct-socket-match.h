// Stage A of the paper: look the session's local port up in the socket snapshot nearest the packet
// time, then in up to `backtrack` earlier snapshots (the socket may already be gone from the
// nearest poll when the packet is a late one).
//
// A socket matches when proto and local port are equal, its local address is the host's or the
// wildcard, and, if it has a remote endpoint, that equals the session's remote. Within one
// snapshot a socket with the exact remote wins over a LISTEN socket, which only matches inbound
// TCP sessions (the accepted connection normally has its own row with the listener's pid).
// Rows with pid 0 (TIME_WAIT, System Idle) never give a label.
#pragma once

#include "analyzers/labeling/match-stage.h"

namespace ntlab {

struct StageAConfig {
  unsigned backtrack = 10;
};

class DirectSocketMatch : public MatchStage {
 public:
  DirectSocketMatch(const SocketIndex& index, StageAConfig config) : m_index(index), m_config(config) {}
  const char* Name() const override { return "A"; }
  std::optional<MatchResult> TryMatch(const MatchQuery& query) override;

 private:
  const IndexedSocket* MatchIn(const MatchQuery& query, std::size_t snapshot) const;

  const SocketIndex& m_index;
  StageAConfig m_config;
};

}  // namespace ntlab
