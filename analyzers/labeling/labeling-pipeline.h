// The whole offline labelling run behind `ntlab label`: captures -> sessions -> real-time engine
// (stages A, events, A2, B, C, D) -> post-processing (full_scan, sni) -> labels.csv (+ metrics.json),
// streaming so memory follows open sessions, not capture size.
#pragma once

#include <functional>

#include "analyzers/capture/pcap-packet-source.h"
#include "analyzers/labeling/direct-socket-match.h"
#include "analyzers/labeling/engine-variant.h"
#include "analyzers/labeling/event-match.h"
#include "analyzers/labeling/five-tuple-cache.h"
#include "analyzers/labeling/label-summary.h"
#include "analyzers/labeling/post-processor.h"
#include "analyzers/labeling/remote-endpoint-cache.h"
#include "analyzers/labeling/remote-ip-statistics.h"
#include "analyzers/labeling/rule-store-match.h"
#include "analyzers/labeling/wrong-label-analysis.h"
#include "analyzers/sessions/sessionizer.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ntlab {

/// How far a labeling run has got, for a progress display (packet time, never the wall clock).
struct LabelProgress {
  std::uint64_t packets = 0;
  TimeUs capture_ts = 0;     // time of the latest packet
};

struct LabelOptions {
  /// Which rules the stage configs below follow; set it with UseEngine, which changes them.
  LabelEngine engine_kind = LabelEngine::Paper;
  /// labels.csv gets the confidence columns (evidence, observations, purity) also from the paper
  /// engine (`--confidence`); the ntlab engine always writes them.
  bool write_confidence = false;
  std::vector<std::string> pcap_inputs;     // capture files and/or folders of rotated captures
  std::string socket_log;                   // snapshot or interval form (docs/formats.md)
  std::string socket_polls;                 // interval form's poll schedule; empty: <stem>-polls.csv beside it
  /// `--stream-socket-log`: read a snapshot-form log beside the capture (SocketIndex::OpenStreamed)
  /// instead of loading it, so memory follows open sockets; same labels.
  bool stream_socket_log = false;
  TimeUs socket_log_lookbehind = 5 * kUsPerSecond;  // SocketStreamOptions::lookbehind
  std::optional<std::string> events;        // ETW-like events.csv (`--events`); no `events` stage without it
  bool events_in_post = false;              // events as a post-processing stage (`events_post`), not the engine
  std::optional<std::string> truth;
  /// Grade against the owners in the captures' pcapng comments (comment-truth.h) instead of a
  /// truth file (`--truth-from-comments`); the capture is then read twice.
  bool truth_from_comments = false;
  /// `--hosts`: the monitored hosts, instead of the socket log's addresses choosing the host side of
  /// each session; sessions of no named host are neither written nor counted.
  std::vector<HostNetwork> hosts;
  std::string labels_out;
  std::optional<std::string> metrics_out;
  StageAConfig stage_a;
  EventMatchConfig stage_events;
  RuleStoreConfig stage_a2;
  FiveTupleCacheConfig stage_b;
  RemoteEndpointCacheConfig stage_c;
  RemoteIpStatisticsConfig stage_d;
  LabelerConfig engine;                     // defer_learnt: A2/B/C/D only after the session ended
  PostProcessConfig post;                   // full_scan + sni; batch by default, `streaming` for 30 s passes
  WrongLabelConfig wrong_labels;
  SessionizerConfig sessions;
  CaptureOptions capture;
  /// Called every `progress_every` packets (and not at all when empty).
  std::function<void(const LabelProgress&)> progress;
  std::uint64_t progress_every = 1u << 20;
};

/// Selects the engine: `Ntlab` turns on its rules in the stage configs (engine-variant.h) and
/// `defer_learnt`; `Paper` leaves every config as it is (the paper's rules, or what flags set).
void UseEngine(LabelOptions& options, LabelEngine engine);

/// The real-time engine's stages in priority order: A, events (if given), A2, B, C, D. Events
/// follow A: both are direct evidence, and the paper makes ETW auxiliary to the socket table;
/// they precede every learnt stage because a learnt answer is an inference.
std::vector<std::unique_ptr<MatchStage>> MakeEngineStages(const SocketIndex& index, const LabelOptions& options,
                                                          std::optional<EventMatch> events);

/// Throws InputError on unreadable input; outputs appear only when the whole run succeeded.
LabelSummary RunLabeling(const LabelOptions& options);

/// What a labelling run did with the socket log (bench, tests): intervals in the log, the most
/// held at once, and how often a streamed log was read again from the start.
struct SocketLogUse {
  std::size_t intervals = 0;
  std::size_t held_max = 0;
  std::size_t rewinds = 0;
};
LabelSummary RunLabeling(const LabelOptions& options, SocketLogUse* use);

}  // namespace ntlab
