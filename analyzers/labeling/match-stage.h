// One way of finding the process behind a session. The Labeler asks its stages in priority order
// and the first answer wins, so the paper's later stages (A2 rule store, B 5-tuple cache, C remote
// ip+port cache, D remote-ip statistics, ETW events) slot in as further MatchStage classes.
#pragma once

#include "analyzers/labeling/socket-index.h"
#include "analyzers/sessions/session.h"

#include <cstdint>
#include <optional>
#include <string_view>

namespace ntlab {

struct MatchQuery {
  const Session& session;      // key (host side already decided), direction, counters so far
  TimeUs ts;                   // time of the packet being matched
  HostId host;                 // the monitored host in the socket index
  std::size_t snapshot;        // that host's snapshot nearest to ts (SocketIndex::npos if none)
};

struct MatchResult {
  std::uint32_t pid = 0;
  std::string_view process;    // owned by the stage or its index; copy it to keep it
};

class MatchStage {
 public:
  virtual ~MatchStage() = default;
  /// Short name written to the labels' `stage` column ("A", "B" …).
  virtual const char* Name() const = 0;
  virtual std::optional<MatchResult> TryMatch(const MatchQuery& query) = 0;
  /// Told about every decision (by any stage), so learning stages can build their caches.
  virtual void Learn(const MatchQuery& /*query*/, const MatchResult& /*result*/, const char* /*stage*/) {}
};

}  // namespace ntlab
