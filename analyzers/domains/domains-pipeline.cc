#include "analyzers/domains/domains-pipeline.h"

#include "analyzers/capture/live-packet-source.h"
#include "analyzers/capture/pcap-packet-source.h"
#include "analyzers/domains/domain-flow-monitor.h"
#include "analyzers/domains/domain-label-summary.h"
#include "analyzers/domains/label-cross-check.h"
#include "analyzers/domains/user-view-grade.h"
#include "analyzers/formats/domain-stats-db.h"
#include "analyzers/formats/process-identity.h"
#include "analyzers/labeling/labeling-pipeline.h"

#include <map>
#include <optional>
#include <tuple>
#include <unordered_map>

namespace ntlab {
namespace {

// A session as both passes see it: the same Sessionizer on the same captures starts it with the
// same key at the same first packet.
using SessionStart = std::tuple<Proto, Endpoint, Endpoint, TimeUs>;

struct ProcessLabel {
  std::string process;
  std::string truth;
  std::string user;  // the labelled process's owner (socket log's user column); empty when not logged
  std::string truth_user;  // the truth process's owner (process-owners.csv); empty: not graded
};
using ProcessLabels = std::map<SessionStart, ProcessLabel>;

// Paper 001's engine over the same captures: labels.csv, read back keyed by session start.
ProcessLabels LabelProcesses(const DomainRunOptions& options, nlohmann::json& metrics) {
  LabelOptions label;
  UseEngine(label, options.label_engine);
  label.pcap_inputs = options.inputs;
  label.socket_log = options.socket_log;
  label.capture = options.capture;
  if (!options.label_truth.empty()) label.truth = options.label_truth;
  label.labels_out = options.out_dir + "/labels.csv";
  LabelSummary summary = RunLabeling(label);
  metrics["process_sessions"] = summary.sessions;
  metrics["process_matched"] = summary.matched;
  if (summary.has_truth) metrics["process_accuracy"] = summary.Accuracy() ? nlohmann::json(*summary.Accuracy()) : nullptr;
  // The owner a logger saw for the labelled PID on the session's host (logs without a user column:
  // none, and user_seconds stays empty).
  const ProcessIdentities owners = ProcessIdentities::Read(options.socket_log);
  std::optional<OwnerTruth> ownerTruth;
  if (!options.owner_truth.empty()) ownerTruth = OwnerTruth::Read(options.owner_truth);
  ProcessLabels labels;
  for (const LabelRow& row : ReadAll<LabelReader>(label.labels_out)) {
    ProcessLabel& l = labels[{row.proto, row.host, row.remote, row.first_ts}];
    l = {row.process, row.truth_process, "", ""};
    const std::optional<std::string> host = owners.HostOf(row.host.ip);
    if (!host) continue;
    if (owners.HasUserColumn() && row.pid)
      if (auto owner = owners.ByPid(*host, *row.pid)) l.user = owner->user;
    if (ownerTruth && !row.truth_process.empty()) l.truth_user = ownerTruth->UserOf(*host, row.truth_process);
  }
  return labels;
}

// Every output of the run, fed as the monitor reports.
class DomainOutputs : public DomainFlowObserver {
 public:
  DomainOutputs(const DomainRunOptions& options, DomainLabelSummary& summary, const ProcessLabels* processes,
                UserViewGrade* users = nullptr)
      : m_flows(options.out_dir + "/flows.csv"), m_summary(summary), m_processes(processes), m_users(users) {
    if (options.write_db)
      m_db.emplace(options.db_path.empty() ? options.out_dir + "/stats.sqlite" : options.db_path,
                   DomainStatsDbConfig{options.retention_s});
  }

  void OnLabelledPacket(const Session& session, const DomainLabel& label, const DecodedPacket& packet) override {
    if (!m_db) return;
    const std::int64_t second = packet.ts / kUsPerSecond;
    const std::uint64_t started = session.packets == 1 ? 1 : 0;
    m_db->Add(StatsView::Domain, label.domain, second, packet.ip_length, 1, started);
    // Formatting the address on every packet cost a tenth of the run: the few hosts keep theirs.
    auto host = m_hostTexts.find(session.key.host.ip);
    if (host == m_hostTexts.end()) host = m_hostTexts.emplace(session.key.host.ip, FormatIp(session.key.host.ip)).first;
    m_db->Add(StatsView::Host, host->second, second, packet.ip_length, 1, started);
    if (const ProcessLabel* process = ProcessOf(session)) {
      m_db->Add(StatsView::Process, process->process, second, packet.ip_length, 1, started);
      if (!process->user.empty()) m_db->Add(StatsView::User, process->user, second, packet.ip_length, 1, started);
    }
  }
  void OnFlowFinished(const DomainFlowRow& flow) override {
    DomainFlowRow row = flow;
    if (!m_db) ProcessOf(flow.flow_id, flow);  // without the per-packet path: looked up here
    auto open = m_open.find(flow.flow_id);
    if (open != m_open.end()) {
      row.process = open->second->process;
      row.user = open->second->user;
      if (m_users) m_users->Add(row.user, open->second->truth_user, row.bytes);
      m_open.erase(open);
    }
    m_flows.Write(row);
    if (m_db) m_db->AddFlow(row);
    m_summary.Add(row);
  }
  void Commit() {
    m_flows.Commit();
    if (m_db) m_db->Commit();
  }

 private:
  // The session's process label, looked up once at its first packet.
  const ProcessLabel* ProcessOf(const Session& s) { return ProcessOf(s.id, s.key.proto, s.key.host, s.key.remote, s.first_ts); }
  const ProcessLabel* ProcessOf(std::uint64_t id, const DomainFlowRow& f) {
    return ProcessOf(id, f.proto, f.host, f.remote, f.first_ts);
  }
  const ProcessLabel* ProcessOf(std::uint64_t id, Proto proto, const Endpoint& host, const Endpoint& remote, TimeUs first) {
    if (!m_processes) return nullptr;
    auto open = m_open.find(id);
    if (open != m_open.end()) return open->second;
    auto found = m_processes->find({proto, host, remote, first});
    if (found == m_processes->end()) return nullptr;
    return m_open.emplace(id, &found->second).first->second;
  }

  DomainFlowWriter m_flows;
  std::optional<DomainStatsDb> m_db;
  DomainLabelSummary& m_summary;
  const ProcessLabels* m_processes;
  UserViewGrade* m_users;  // null: the per-user view is not graded
  std::unordered_map<std::uint64_t, const ProcessLabel*> m_open;  // open sessions' labels, by session id
  std::unordered_map<IpAddress, std::string> m_hostTexts;
};

// The cross-check needs every flow's process and name before judging any (the profile), so it
// reads flows.csv back: one pass to learn, one to judge.
nlohmann::json CrossCheck(const DomainRunOptions& options, const ProcessLabels& labels) {
  const std::vector<DomainFlowRow> flows = ReadDomainFlowsCsv(options.out_dir + "/flows.csv");
  LabelCrossCheck check;
  for (const auto& f : flows) check.Learn(f);
  CrossCheckWriter out(options.out_dir + "/crosscheck.csv");
  for (const auto& f : flows) {
    auto label = labels.find({f.proto, f.host, f.remote, f.first_ts});
    out.Write(check.Check(f, label == labels.end() ? std::string() : label->second.truth));
  }
  out.Commit();
  return check.Summary();
}

}  // namespace

nlohmann::json RunDomainLabelling(const DomainRunOptions& options) {
  if (!options.label_truth.empty() && options.socket_log.empty())
    throw InputError(options.label_truth + ": --label-truth needs --socket-log (it grades process labels)");
  if (!options.owner_truth.empty() && options.label_truth.empty())
    throw InputError(options.owner_truth + ": --owner-truth needs --label-truth (a flow's true user is its true process's owner)");
  nlohmann::json device;
  std::optional<ProcessLabels> processes;
  if (!options.socket_log.empty()) processes = LabelProcesses(options, device);
  DomainLabelSummary summary;
  if (!options.truth.empty()) summary.SetTruth(ReadExpectedDomainsCsv(options.truth));
  PcapPacketSource source(CapturePlan::FromInputs(options.inputs), options.capture);
  UserViewGrade users;
  DomainOutputs outputs(options, summary, processes ? &*processes : nullptr,
                        options.owner_truth.empty() ? nullptr : &users);
  DomainFlowMonitor monitor(outputs, SessionizerConfig{}, options.labeller);
  source.Run(monitor);  // ends every group's sessions
  outputs.Commit();
  nlohmann::json metrics = summary.ToJson(monitor.Stats(), source.Stats().bad_packets);
  metrics["not_ipv4_packets"] = source.Stats().not_ipv4;
  if (processes) {
    metrics.update(device);
    metrics["cross_check"] = CrossCheck(options, *processes);
    if (!options.owner_truth.empty()) metrics.update(users.ToJson());
  }
  WriteFileAtomically(options.out_dir + "/metrics.json", metrics.dump(2) + "\n");
  return metrics;
}

nlohmann::json RunDomainMonitor(const DomainRunOptions& options, const LiveCaptureConfig& capture) {
  if (!options.socket_log.empty() || !options.truth.empty())
    throw InputError("monitor: --socket-log and --truth need a whole capture; run ntlab domains on a saved one");
  LivePacketSource source(capture);
  DomainLabelSummary summary;
  DomainOutputs outputs(options, summary, nullptr);
  DomainFlowMonitor monitor(outputs, SessionizerConfig{}, options.labeller);
  source.Run(monitor);  // until the duration, the packet limit or a signal; ends every session
  outputs.Commit();
  nlohmann::json metrics = summary.ToJson(monitor.Stats(), BadPacketCounts{});
  const LiveCaptureStats& s = source.Stats();
  metrics["capture"] = {{"iface", capture.iface},           {"frames", s.frames},
                        {"decoded", s.decoded},             {"skipped", s.skipped},
                        {"kernel_received", s.kernel_received}, {"kernel_dropped", s.kernel_dropped},
                        {"interface_dropped", s.interface_dropped}, {"seconds", s.seconds}};
  WriteFileAtomically(options.out_dir + "/metrics.json", metrics.dump(2) + "\n");
  return metrics;
}

}  // namespace ntlab
