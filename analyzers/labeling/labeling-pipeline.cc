#include "analyzers/labeling/labeling-pipeline.h"

#include "analyzers/formats/atomic-file.h"
#include "analyzers/labeling/sni-cross-check.h"
#include "analyzers/formats/host-networks.h"
#include "analyzers/labeling/comment-truth.h"
#include "analyzers/labeling/truth-join.h"
#include "analyzers/sessions/community-id.h"

namespace ntlab {
namespace {

// Feeds the sessionizer and tells the post-processor how far capture time has got.
class PipelineSink : public PacketSink {
 public:
  PipelineSink(Sessionizer& sessionizer, PostProcessor& post, const LabelOptions& options)
      : m_sessionizer(sessionizer), m_post(post), m_options(options) {}
  void OnPacket(const DecodedPacket& packet) override {
    m_sessionizer.OnPacket(packet);
    m_post.OnPacketTime(packet.ts);
    if (++m_progress.packets % m_options.progress_every == 0 && m_options.progress) {
      m_progress.capture_ts = packet.ts;
      m_options.progress(m_progress);
    }
  }
  void OnGroupFinished() override {
    m_sessionizer.OnGroupFinished();
    m_post.OnGroupFinished();
  }

 private:
  Sessionizer& m_sessionizer;
  PostProcessor& m_post;
  const LabelOptions& m_options;
  LabelProgress m_progress;
};

/// The labels.csv row of a finished session (all but the cross-check's column).
void FillLabelRow(LabelRow& row, const LabelledSession& labelled, const TruthRow* truthRow) {
  const Session& s = labelled.session;
  CopySessionColumns(s, row);
  if (labelled.decision) {
    row.process = labelled.decision->process;
    row.pid = labelled.decision->pid;
    row.stage = labelled.decision->stage;
    row.evidence = labelled.decision->evidence;
    row.observations = labelled.decision->observations;
    row.purity = labelled.decision->purity;
  } else {
    row.process = kUnknownProcess;
    row.pid.reset();
    row.stage.clear();
    row.evidence.clear();
    row.observations.reset();
    row.purity.reset();
  }
  row.truth_process = truthRow ? truthRow->process : std::string();
  row.community_id = CommunityId::Compute(s.key.proto, s.key.host, s.key.remote);
}

}  // namespace

void UseEngine(LabelOptions& options, LabelEngine engine) {
  options.engine_kind = engine;
  if (engine == LabelEngine::Paper) return;
  options.stage_a.max_row_age = 5 * kUsPerSecond;  // why 5 s: StageAConfig
  options.stage_a.newer_event_wins = true;
  options.stage_a.refuse_nameless = true;
  options.stage_a2.refuse_shared = true;
  options.stage_a2.skip_shared_service_ports = true;
  options.stage_c.refuse_shared = true;
  options.stage_c.skip_shared_service_ports = true;
  options.stage_b.skip_shared_service_ports = true;
  options.stage_d.skip_shared_service_ports = true;
  options.stage_d.key_on_service_port = true;
  options.post.full_scan.remote_aware = true;
  options.post.full_scan.all_dates_on_ephemeral = false;
  // An Unknown DNS lookup's resolver from the session that used its answer (dns-use-match.h).
  options.post.dns_use.enabled = true;
  // A learnt answer on the first packet is given before a later poll could show the owner
  // (labeler.h); the ntlab engine asks the learnt stages only once direct evidence failed.
  options.engine.defer_learnt = true;
}

std::vector<std::unique_ptr<MatchStage>> MakeEngineStages(const SocketIndex& index, const LabelOptions& options,
                                                          std::optional<EventMatch> events) {
  std::vector<std::unique_ptr<MatchStage>> stages;
  std::unique_ptr<EventMatch> eventStage;
  if (events) eventStage = std::make_unique<EventMatch>(std::move(*events));
  stages.push_back(std::make_unique<DirectSocketMatch>(index, options.stage_a, eventStage.get()));
  if (eventStage) stages.push_back(std::move(eventStage));
  stages.push_back(std::make_unique<RuleStoreMatch>(options.stage_a2));
  stages.push_back(std::make_unique<FiveTupleCache>(options.stage_b));
  stages.push_back(std::make_unique<RemoteEndpointCache>(options.stage_c));
  stages.push_back(std::make_unique<RemoteIpStatistics>(options.stage_d));
  return stages;
}

namespace {

// The socket log's addresses choose the host side, unless the user named the hosts (`--hosts`).
std::unordered_set<IpAddress> KnownHosts(const LabelOptions& options, const SocketIndex& index) {
  return options.hosts.empty() ? index.AllHostIps() : std::unordered_set<IpAddress>{};
}

}  // namespace

namespace {

// Loaded whole, or streamed with the full scan's tenancies folded in its first pass.
SocketIndex OpenSocketLog(const LabelOptions& options, std::optional<ScanTenancies>& tenancies) {
  if (!options.stream_socket_log) return SocketIndex::Load(options.socket_log, {}, options.socket_polls);
  tenancies.emplace();
  SocketStreamOptions stream;
  stream.lookbehind = options.socket_log_lookbehind;
  stream.polls_back = options.stage_a.backtrack;
  stream.segment_gap = options.post.full_scan.tenancy_gap;
  stream.segments = [&](const SocketIndex& schedule, HostId host, const SocketInterval* group, std::size_t size) {
    tenancies->AddSegment(schedule, host, group, size, options.post.full_scan);
  };
  return SocketIndex::OpenStreamed(options.socket_log, {}, std::move(stream));
}

}  // namespace

LabelSummary RunLabeling(const LabelOptions& options) { return RunLabeling(options, nullptr); }

LabelSummary RunLabeling(const LabelOptions& options, SocketLogUse* use) {
  std::optional<ScanTenancies> tenancies;
  SocketIndex index = OpenSocketLog(options, tenancies);
  std::optional<TruthJoin> truth;
  std::optional<CommentTruthStats> commentTruth;
  if (options.truth) truth = TruthJoin::Load(*options.truth, index);
  if (options.truth_from_comments) {
    // The same known hosts and session rules as the labelling pass below, so each row fits its session.
    CommentTruth fromComments = ExtractCommentTruth(options.pcap_inputs, CommentTruthOptions{KnownHosts(options, index),
                                                    options.hosts, options.sessions, options.capture});
    truth = TruthJoin::FromRows(std::move(fromComments.rows), index);
    commentTruth = std::move(fromComments.stats);
  }
  std::optional<EventMatch> events;
  if (options.events) events = EventMatch::Load(*options.events, index, options.stage_events);
  PcapPacketSource source(CapturePlan::FromInputs(options.pcap_inputs), options.capture);

  LabelSummary summary;
  summary.has_truth = truth.has_value();
  summary.engine = ToString(options.engine_kind);

  LabelWriter writer(options.labels_out, options.write_confidence || options.engine_kind == LabelEngine::Ntlab);
  LabelRow row;
  std::unique_ptr<WrongLabelAnalysis> wrong;
  std::unique_ptr<MatchStage> postEvents;
  if (events && options.events_in_post) {
    postEvents = std::make_unique<EventMatch>(std::move(*events));
    events.reset();
  }
  SniCrossCheck sniCheck;
  PostProcessor post(index, options.post, [&](const LabelledSession& labelled) {
    const Session& s = labelled.session;
    if (!options.hosts.empty() && !InHostNetworks(options.hosts, s.key.host.ip)) return;
    const TruthRow* truthRow = truth ? truth->Find(s) : nullptr;
    bool monitored = labelled.host != kNoHost;
    std::optional<bool> sniConflict = sniCheck.Check(labelled.host, s.sni, labelled.decision);
    if (labelled.decision) sniCheck.Observe(labelled.host, s.sni, *labelled.decision, s.first_ts);
    summary.Count(monitored, labelled.decision, truthRow ? &truthRow->process : nullptr, sniConflict);
    if (monitored && truthRow) wrong->Observe(labelled, truthRow->process);
    FillLabelRow(row, labelled, truthRow);
    row.sni_conflict = sniConflict;
    writer.Write(row);
  }, std::move(postEvents), std::move(tenancies));
  wrong = std::make_unique<WrongLabelAnalysis>(post.FullScan(), options.wrong_labels);

  Labeler labeler(index, MakeEngineStages(index, options, std::move(events)),
                  [&](const LabelledSession& labelled) { post.OnEngineFinished(labelled); }, options.engine);
  Sessionizer sessionizer(options.sessions, labeler);
  sessionizer.SetKnownHosts(KnownHosts(options, index));
  sessionizer.SetHostNetworks(options.hosts);
  PipelineSink sink(sessionizer, post, options);
  source.Run(sink);
  sink.OnGroupFinished();
  post.Finish();
  summary.capture = source.Stats();
  if (truth) summary.wrong_labels = wrong->Top();
  summary.comment_truth = std::move(commentTruth);
  if (use) *use = SocketLogUse{index.SocketCount(), index.IntervalsHeldMax(), index.Rewinds()};

  writer.Commit();
  if (options.metrics_out) WriteFileAtomically(*options.metrics_out, summary.ToJson().dump(2) + "\n");
  return summary;
}

}  // namespace ntlab
