// Stage A of the paper: look the session's local port up in the socket snapshot nearest the packet
// time, then in up to `backtrack` earlier snapshots (the socket may already be gone from the
// nearest poll when the packet is a late one).
//
// A socket matches when proto and local port are equal, its local address is the host's or the
// wildcard, and, if it has a remote endpoint, that equals the session's remote. Within one
// snapshot a socket with the exact remote wins over a LISTEN socket, which only matches inbound
// TCP sessions (the accepted connection normally has its own row with the listener's pid).
// Rows with pid 0 (TIME_WAIT, System Idle) never give a label.
//
// The ntlab engine adds two limits (StageAConfig), both from the port-reuse and logger-outage
// traps, where the paper's rule takes a row that no longer describes the port:
//  - `max_row_age`: a row from a snapshot further than this from the packet is not used;
//  - `newer_event_wins`: a row from a snapshot taken before an event window that names another
//    owner for the session (the port changed hands after that poll) is not used; the events
//    stage, next in the engine's order, then names the owner;
//  - `refuse_nameless`: a row whose process name is empty (the logger found the PID's process
//    gone when it looked the name up, logger.name_lookup: at_poll) is not used; an earlier
//    snapshot, taken while the process still ran, may name it.
#pragma once

#include "analyzers/labeling/event-match.h"
#include "analyzers/labeling/match-stage.h"

namespace ntlab {

struct StageAConfig {
  unsigned backtrack = 10;
  /// ntlab: 5 s. The slowest polling interval the sweep recommends from is 5 s, so at every
  /// swept interval the nearest poll (at most half an interval away) and the one before it stay
  /// in reach; a snapshot from before a logger outage (trap-inbound-listen: 30 s) does not, and
  /// the full socket-log scan, which also sees the polls after the gap, decides instead. 0 = no
  /// limit (the paper).
  TimeUs max_row_age = 0;
  bool newer_event_wins = false;
  bool refuse_nameless = false;  // ntlab: true (the paper labels with the empty name)
};

class DirectSocketMatch : public MatchStage {
 public:
  /// `events` (may be null) is consulted only with `newer_event_wins`; it must outlive the stage.
  DirectSocketMatch(const SocketIndex& index, StageAConfig config, const EventMatch* events = nullptr)
      : m_index(index), m_config(config), m_events(events) {}
  const char* Name() const override { return "A"; }
  std::optional<MatchResult> TryMatch(const MatchQuery& query) override;

 private:
  const IndexedSocket* MatchIn(const MatchQuery& query, std::size_t snapshot) const;
  bool TooOld(const MatchQuery& query, std::size_t snapshot) const;
  bool NewerEventNamesOther(const MatchQuery& query, std::size_t snapshot, const IndexedSocket& row) const;

  const SocketIndex& m_index;
  StageAConfig m_config;
  const EventMatch* m_events;
};

}  // namespace ntlab
