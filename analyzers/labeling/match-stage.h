// One way of finding the process behind a session. The Labeler asks its stages in priority order
// and the first answer wins, so the paper's later stages (A2 rule store, B 5-tuple cache, C remote
// ip+port cache, D remote-ip statistics, ETW events) slot in as further MatchStage classes.
#pragma once

#include "analyzers/labeling/socket-index.h"
#include "analyzers/sessions/session.h"

#include <array>
#include <cstdint>
#include <cstring>
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
  /// Packet time of the newest evidence behind a learnt answer (A2 rule, caches); 0 when the
  /// stage saw the owner directly. Lets the wrong-label analysis spot stale rules.
  TimeUs evidence_ts = 0;
  /// The label's confidence (labels.csv `evidence`, `observations`, `purity`, docs/formats.md):
  /// what kind of evidence decided it (a string literal), how many observations stood behind
  /// the answer, and the share of them that named the answered process.
  const char* evidence = "";
  std::uint32_t observations = 1;
  double purity = 1.0;
};

/// Every stage name, in the order metrics.json lists them: engine (real-time) stages first, then
/// post-processing. The engine's priority order is set in labeling-pipeline.cc.
inline constexpr std::array<const char*, 10> kStageNames = {"A",         "A2",        "B",       "C",  "D", "events",
                                                            "events_post", "full_scan", "dns_use", "sni"};

/// Stages whose answers are direct OS evidence (a socket row or an ETW event naming the owner).
/// Only these feed the learning stages: learning from inferred answers would let one wrong
/// inference confirm itself through the caches.
inline bool IsDirectEvidence(const char* stage) {
  return std::strcmp(stage, "A") == 0 || std::strcmp(stage, "events") == 0;
}

/// Post-processing stages run on sessions the real-time engine left Unknown. `events_post` is the
/// events stage when the events are given to post-processing instead of the engine (the paper's
/// ETW collector feeds the central log store that the full scan reads).
inline bool IsPostProcessingStage(std::string_view stage) {
  return stage == "full_scan" || stage == "sni" || stage == "events_post" || stage == "dns_use";
}

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
