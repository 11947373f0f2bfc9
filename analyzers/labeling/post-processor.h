// Post-processing of sessions the real-time engine left Unknown (paper: "re-run every 30 s"):
// the ETW-like events when they are given here rather than to the engine (`events_post`), the
// full socket-log scan (`full_scan`), then, ntlab engine only, a DNS lookup's resolver from the
// session that used its answer (`dns_use`, dns-use-match.h), then SNI matching (`sni`). Events and
// the socket log are loaded whole, so their answers are final at once. Each pass first shows
// dns_use what events and the full scan decided, so that those sessions are its evidence; the
// release order (labels.csv's row order) stays that of the held sessions.
//
// Batch mode holds the engine's Unknown sessions until the end of the capture and decides them
// then. Streaming mode runs a pass every `interval` of capture (packet) time. Both must give the
// same final labels, so a session is released only once nothing learnt later could change its
// label:
//  - a full_scan answer depends only on the socket log, which is loaded whole before the run:
//    final at once;
//  - a session with no full_scan answer, no SNI and (dns_use on) no DNS answer stays Unknown
//    whatever comes later: final;
//  - an SNI answer depends on the SNI table, which keeps learning until the end: sessions with an
//    SNI are held (their provisional answers are counted) and decided at the end.
// So streaming releases most sessions within one interval and holds only Unknown TLS sessions.
//
// dns_use is the exception, and deliberately causal: in streaming mode each pass answers an
// Unknown lookup from the sessions finished so far (as a real-time collector could); a lookup it
// cannot answer yet is held and tried again, at the end with the whole capture. Batch decides
// every lookup at the end. The two differ where a later session changes a lookup's consumer
// (a second process using the answer, a user finishing after the pass) or makes a resolver table
// impure after streaming already answered from it (tests/analyzers/labeling/dns-use-match-test.cc).
#pragma once

#include "analyzers/labeling/dns-use-match.h"
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
  DnsUseConfig dns_use;
};

struct PostProcessStats {
  std::uint64_t passes = 0;
  std::uint64_t held_max = 0;          // most sessions held at once (memory)
  std::uint64_t provisional_sni = 0;   // streaming: SNI answers given before the end
  std::uint64_t dns_use_early = 0;     // streaming: dns_use answers given before the end
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
  /// Hands a session with its final label on (and shows it to dns_use).
  void Release(const LabelledSession& labelled);
  /// The late stages (dns_use, sni) on what events and the full scan left; true: hold it.
  bool DecideLate(Held& held, bool final);
  /// Shows dns_use the pass's sessions that are its evidence, given the events' and full scan's
  /// answers (`early`, one per held session).
  void ShowPassToDnsUse(const std::vector<std::optional<LabelDecision>>& early, bool final);
  std::optional<LabelDecision> Decide(MatchStage& stage, const Held& held, const char* name = nullptr);

  PostProcessConfig m_config;
  Callback m_onFinal;
  FullSocketScan m_fullScan;
  SniMatch m_sni;
  DnsUseMatch m_dnsUse;
  std::unique_ptr<MatchStage> m_events;
  std::vector<Held> m_held;
  TimeUs m_nextPass = 0;
  bool m_timeStarted = false;
  PostProcessStats m_stats;
};

}  // namespace ntlab
