// Post-processing of sessions the real-time engine left Unknown (paper: "re-run every 30 s"):
// the ETW-like events when they are given here rather than to the engine (`events_post`), the
// full socket-log scan (`full_scan`), then SNI matching (`sni`). Events and the socket log are
// loaded whole, so their answers are final at once.
//
// Batch mode holds the engine's Unknown sessions until the end of the capture and decides them
// then. Streaming mode runs a pass every `interval` of capture (packet) time. Both must give the
// same final labels, so a session is released only once nothing learnt later could change its
// label:
//  - a full_scan answer depends only on the socket log, which is loaded whole before the run:
//    final at once;
//  - a session with no full_scan answer and no SNI stays Unknown whatever comes later: final;
//  - an SNI answer depends on the SNI table, which keeps learning until the end: sessions with an
//    SNI are held (their provisional answers are counted) and decided at the end.
// So streaming releases most sessions within one interval and holds only Unknown TLS sessions.
#pragma once

#include "analyzers/labeling/full-socket-scan.h"
#include "analyzers/labeling/labeler.h"
#include "analyzers/labeling/sni-match.h"

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace ntlab {

struct PostProcessConfig {
  bool enabled = true;
  bool streaming = false;
  TimeUs interval = 30 * kUsPerSecond;  // paper: every 30 s
  FullSocketScanConfig full_scan;
  SniMatchConfig sni;
};

struct PostProcessStats {
  std::uint64_t passes = 0;
  std::uint64_t held_max = 0;          // most sessions held at once (memory)
  std::uint64_t provisional_sni = 0;   // streaming: SNI answers given before the end
};

class PostProcessor {
 public:
  /// Receives every session exactly once, with its final label.
  using Callback = std::function<void(const LabelledSession&)>;
  /// `events` (may be null): the events stage, asked first, its answers labelled `events_post`.
  /// `tenancies`: the full scan's, folded while a streamed log was read (SocketIndex::OpenStreamed);
  /// without them the scan folds the loaded index's intervals.
  PostProcessor(const SocketIndex& index, PostProcessConfig config, Callback onFinal,
                std::unique_ptr<MatchStage> events = nullptr, std::optional<ScanTenancies> tenancies = std::nullopt);

  /// A session as the engine finished it (labelled, Unknown or unmonitored).
  void OnEngineFinished(const LabelledSession& labelled);
  /// Packet time of the capture; streaming mode runs a pass at every `interval` boundary.
  void OnPacketTime(TimeUs ts);
  /// A capture group (one host's files) ended; the next group's time starts over.
  void OnGroupFinished();
  /// End of the capture: decides every held session.
  void Finish();

  const PostProcessStats& Stats() const { return m_stats; }
  const FullSocketScan& FullScan() const { return m_fullScan; }

 private:
  struct Held {
    Session session;
    HostId host = kNoHost;
  };
  void Pass(bool final);
  std::optional<LabelDecision> Decide(MatchStage& stage, const Held& held, const char* name = nullptr);

  PostProcessConfig m_config;
  Callback m_onFinal;
  FullSocketScan m_fullScan;
  SniMatch m_sni;
  std::unique_ptr<MatchStage> m_events;
  std::vector<Held> m_held;
  TimeUs m_nextPass = 0;
  bool m_timeStarted = false;
  PostProcessStats m_stats;
};

}  // namespace ntlab
