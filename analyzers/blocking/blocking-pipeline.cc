#include "analyzers/blocking/blocking-pipeline.h"

#include "analyzers/blocking/block-metrics.h"
#include "analyzers/blocking/ip-table-block.h"
#include "analyzers/blocking/process-block.h"
#include "analyzers/blocking/process-packet-block.h"
#include "analyzers/capture/pcap-packet-source.h"
#include "analyzers/formats/atomic-file.h"
#include "analyzers/formats/block-files.h"
#include "analyzers/formats/block-policy.h"
#include "analyzers/formats/records.h"
#include "analyzers/labeling/labeling-pipeline.h"
#include "analyzers/messengers/messenger-monitor.h"
#include "analyzers/sessions/session.h"

#include <map>
#include <tuple>

namespace ntlab {
namespace {

using SessionStart = std::tuple<Endpoint, Endpoint, TimeUs>;  // host, remote, first packet

// The protocol of each session the messenger grammar recognised, by where and when it began.
class ProtocolCollector : public MessengerSessionObserver {
 public:
  void OnMessengerSession(const MessengerSessionRow& row, const std::vector<Handoff>&) override {
    protocols[{row.host, row.remote, row.first_ts}] = row.protocol;
  }
  std::map<SessionStart, std::string> protocols;
};

// Every session without labels (no socket log): the methods that need an owner cannot judge them.
class SessionCollector : public SessionObserver {
 public:
  void OnSessionPacket(const Session&, const DecodedPacket&) override {}
  void OnSessionFinished(const Session& s) override {
    BlockSession session;
    session.id = sessions.size();
    CopySessionColumns(s, session);
    sessions.push_back(session);
  }
  std::vector<BlockSession> sessions;
};

std::vector<BlockSession> UnlabelledSessions(const std::vector<std::string>& inputs, const CaptureOptions& capture) {
  PcapPacketSource source(CapturePlan::FromInputs(inputs), capture);
  SessionCollector collector;
  Sessionizer sessionizer({}, collector);
  source.Run(sessionizer);
  sessionizer.OnGroupFinished();
  return std::move(collector.sessions);
}

SessionOwner Owner(const std::string& image, std::string knownFrom, std::optional<ProcessIdentity> identity) {
  return {image, std::move(identity), std::move(knownFrom)};
}

// The engine's label and the truth's owner of each session, with the socket log's identities.
BlockSession FromLabel(const LabelRow& row, std::uint64_t id, const ProcessIdentities& identities, bool withTruth) {
  BlockSession s;
  s.id = id;
  CopyRowSessionColumns(row, s);
  const std::string host = identities.HostOf(row.host.ip).value_or("");
  std::optional<ProcessIdentity> labelIdentity =
      row.pid ? identities.ByPid(host, *row.pid) : identities.ByImage(host, row.process);
  if (!labelIdentity && row.process != kUnknownProcess) labelIdentity = identities.ByImage(host, row.process);
  const std::string how = row.process == kUnknownProcess
                              ? std::string("no stage labelled it")
                              : "label, stage " + row.stage + (row.pid ? ", pid " + std::to_string(*row.pid) : "");
  s.label = Owner(row.process, how, labelIdentity);
  if (withTruth)
    s.truth = Owner(row.truth_process, row.truth_process.empty() ? "no truth row fits" : "truth",
                    identities.ByImage(host, row.truth_process));
  return s;
}

std::vector<BlockSession> LabelledSessions(const BlockRunOptions& options, const ProcessIdentities& identities) {
  LabelOptions label;
  label.pcap_inputs = options.inputs;
  label.socket_log = options.socket_log;
  label.capture = options.capture;
  if (!options.truth.empty()) label.truth = options.truth;
  label.labels_out = options.out_dir + "/labels.csv";
  RunLabeling(label);
  std::vector<BlockSession> sessions;
  for (const LabelRow& row : ReadAll<LabelReader>(label.labels_out))
    sessions.push_back(FromLabel(row, sessions.size(), identities, !options.truth.empty()));
  return sessions;
}

SessionDecisions Decide(const BlockPolicy& policy, const BlockSession& s, const std::optional<SessionOwner>& owner) {
  SessionDecisions d;
  if (policy.ip_table) d.ip_table = DecideIpTable(*policy.ip_table, s);
  if (policy.process) d.process = DecideProcessStart(*policy.process, owner);
  if (policy.process_packets) d.process_packets = DecideProcessPackets(*policy.process_packets, owner);
  return d;
}

// "ip_table;process", "-" when none; `verdict` selects blocked or not-evaluable methods.
std::string MethodsWith(const SessionDecisions& d, BlockVerdict verdict) {
  std::string out;
  const std::pair<const char*, const std::optional<MethodDecision>*> methods[] = {
      {"ip_table", &d.ip_table}, {"process", &d.process}, {"process_packets", &d.process_packets}};
  for (const auto& [name, decision] : methods)
    if (*decision && (*decision)->verdict == verdict) out += (out.empty() ? "" : ";") + std::string(name);
  return out.empty() ? "-" : out;
}

std::string Reasons(const SessionDecisions& d) {
  std::string out;
  const std::pair<const char*, const std::optional<MethodDecision>*> methods[] = {
      {"ip_table", &d.ip_table}, {"process", &d.process}, {"process_packets", &d.process_packets}};
  for (const auto& [name, decision] : methods)
    if (*decision) out += (out.empty() ? "" : " | ") + std::string(name) + ": " + (*decision)->reason;
  return out;
}

BlockSessionRow OutputRow(const BlockSession& s, const SessionDecisions& byLabel,
                          const std::optional<SessionDecisions>& byTruth) {
  BlockSessionRow row;
  row.session = s.id;
  CopyRowSessionColumns(s, row);
  row.protocol = s.protocol;
  if (s.label) row.process = s.label->image_name;
  if (s.truth) row.truth_process = s.truth->image_name;
  row.blocked_by = MethodsWith(byLabel, BlockVerdict::Blocked);
  row.not_evaluable = MethodsWith(byLabel, BlockVerdict::NotEvaluable);
  if (byTruth) row.blocked_by_truth = MethodsWith(*byTruth, BlockVerdict::Blocked);
  row.reason = Reasons(byLabel);
  return row;
}

std::vector<std::string> Methods(const BlockPolicy& policy) {
  std::vector<std::string> methods;
  if (policy.ip_table) methods.push_back("ip_table");
  if (policy.process) methods.push_back("process");
  if (policy.process_packets) methods.push_back("process_packets");
  return methods;
}

}  // namespace

nlohmann::json RunBlocking(const BlockRunOptions& options) {
  const BlockPolicy policy = ReadBlockPolicy(options.policy);  // a bad policy fails before the work
  if (!options.truth.empty() && options.socket_log.empty())
    throw InputError(options.truth + ": --truth needs --socket-log (the truth names owners by host name)");
  ProcessIdentities identities;
  if (!options.socket_log.empty()) identities = ProcessIdentities::Read(options.socket_log);
  std::vector<BlockSession> sessions =
      options.socket_log.empty() ? UnlabelledSessions(options.inputs, options.capture) : LabelledSessions(options, identities);

  ProtocolCollector protocols;
  MessengerMonitor monitor(protocols);
  PcapPacketSource source(CapturePlan::FromInputs(options.inputs), options.capture);
  source.Run(monitor);
  for (auto& s : sessions)
    if (auto it = protocols.protocols.find({s.host, s.remote, s.first_ts}); it != protocols.protocols.end())
      s.protocol = it->second;

  BlockTally byLabel(Methods(policy)), byTruth(Methods(policy));
  BlockSessionWriter writer(options.out_dir + "/sessions.csv");
  for (const auto& s : sessions) {
    const SessionDecisions labelDecisions = Decide(policy, s, s.label);
    std::optional<SessionDecisions> truthDecisions;
    if (s.truth) truthDecisions = Decide(policy, s, s.truth);
    byLabel.Add(s, labelDecisions);
    if (truthDecisions) byTruth.Add(s, *truthDecisions);
    writer.Write(OutputRow(s, labelDecisions, truthDecisions));
  }
  writer.Commit();

  nlohmann::json metrics = {{"sessions", sessions.size()},
                            {"socket_log", !options.socket_log.empty()},
                            {"identity_columns", identities.HasIdentityColumns()},
                            {"methods", Methods(policy)},
                            {"by_label", byLabel.ToJson()},
                            {"bad_packets", source.Stats().bad_packets.ToJson()}};
  if (!options.truth.empty()) metrics["by_truth"] = byTruth.ToJson();
  WriteFileAtomically(options.out_dir + "/metrics.json", metrics.dump(2) + "\n");
  return metrics;
}

}  // namespace ntlab
