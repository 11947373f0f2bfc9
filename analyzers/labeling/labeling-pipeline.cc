#include "analyzers/labeling/labeling-pipeline.h"

#include "analyzers/formats/atomic-file.h"
#include "analyzers/labeling/truth-join.h"
#include "analyzers/sessions/community-id.h"

namespace ntlab {

LabelSummary RunLabeling(const LabelOptions& options) {
  SocketIndex index = SocketIndex::Load(options.socket_log);
  std::optional<TruthJoin> truth;
  if (options.truth) truth = TruthJoin::Load(*options.truth, index);
  PcapPacketSource source(CapturePlan::FromInputs(options.pcap_inputs), options.capture);

  LabelSummary summary;
  summary.has_truth = truth.has_value();
  std::vector<std::unique_ptr<MatchStage>> stages;
  stages.push_back(std::make_unique<DirectSocketMatch>(index, options.stage_a));
  for (const auto& stage : stages) summary.stages[stage->Name()];  // report stages that decided nothing

  LabelWriter writer(options.labels_out);
  LabelRow row;
  Labeler labeler(index, std::move(stages), [&](const LabelledSession& labelled) {
    const Session& s = labelled.session;
    const TruthRow* truthRow = truth ? truth->Find(s) : nullptr;
    summary.Count(labelled.host != kNoHost, labelled.decision, truthRow ? &truthRow->process : nullptr);
    row.proto = s.key.proto;
    row.host = s.key.host;
    row.remote = s.key.remote;
    row.direction = s.direction;
    row.first_ts = s.first_ts;
    row.last_ts = s.last_ts;
    row.packets = s.packets;
    row.bytes = s.bytes;
    if (labelled.decision) {
      row.process = labelled.decision->process;
      row.pid = labelled.decision->pid;
      row.stage = labelled.decision->stage;
    } else {
      row.process = kUnknownProcess;
      row.pid.reset();
      row.stage.clear();
    }
    row.truth_process = truthRow ? truthRow->process : std::string();
    row.community_id = CommunityId::Compute(s.key.proto, s.key.host, s.key.remote);
    writer.Write(row);
  });
  Sessionizer sessionizer(options.sessions, labeler);
  sessionizer.SetKnownHosts(index.AllHostIps());
  source.Run(sessionizer);
  sessionizer.OnGroupFinished();
  summary.capture = source.Stats();

  writer.Commit();
  if (options.metrics_out) WriteFileAtomically(*options.metrics_out, summary.ToJson().dump(2) + "\n");
  return summary;
}

}  // namespace ntlab
