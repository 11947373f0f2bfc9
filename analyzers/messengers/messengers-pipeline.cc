#include "analyzers/messengers/messengers-pipeline.h"

#include "analyzers/capture/pcap-packet-source.h"
#include "analyzers/formats/atomic-file.h"
#include "analyzers/messengers/ip-table-proposal.h"
#include "analyzers/messengers/messenger-monitor.h"
#include "analyzers/messengers/role-grading.h"
#include "analyzers/messengers/server-structure.h"

namespace ntlab {
namespace {

// sessions.csv as sessions end, and the graph fed with the same rows.
class MessengerOutputs : public MessengerSessionObserver {
 public:
  explicit MessengerOutputs(const std::string& outDir) : m_sessions(outDir + "/sessions.csv") {}
  void OnMessengerSession(const MessengerSessionRow& row, const std::vector<Handoff>& handoffs) override {
    m_sessions.Write(row);
    m_structure.Add(row, handoffs);
    ++m_roles[ToString(row.role)];
  }
  void Commit() { m_sessions.Commit(); }
  const ServerStructure& Structure() const { return m_structure; }
  const std::map<std::string, std::uint64_t>& Roles() const { return m_roles; }

 private:
  MessengerSessionWriter m_sessions;
  ServerStructure m_structure;
  std::map<std::string, std::uint64_t> m_roles;
};

nlohmann::json Relays(const StructureStats& stats) {
  nlohmann::json relays = nlohmann::json::array();
  for (const Endpoint& relay : stats.relays) relays.push_back(FormatIp(relay.ip) + ":" + std::to_string(relay.port));
  return relays;
}

nlohmann::json StructureJson(const std::vector<ServerRoleRow>& rows, const StructureStats& stats) {
  std::map<std::string, std::uint64_t> roles;
  for (const auto& r : rows) ++roles[ToString(r.role)];
  return {{"endpoints", rows.size()},
          {"endpoint_roles", roles},
          {"handoffs", stats.handoffs},
          {"handoffs_followed", stats.handoffs_followed},
          {"p2p_edges", stats.p2p_edges},
          {"relayed_sessions", stats.relayed_sessions},
          {"relays", Relays(stats)}};
}

}  // namespace

nlohmann::json RunMessengers(const MessengerRunOptions& options) {
  std::vector<MessengerRoleTruthRow> truth;
  if (!options.truth.empty()) truth = ReadMessengerRolesCsv(options.truth);  // bad truth fails before the work
  PcapPacketSource source(CapturePlan::FromInputs(options.inputs), options.capture);
  MessengerOutputs outputs(options.out_dir);
  MessengerMonitor monitor(outputs);
  source.Run(monitor);
  outputs.Commit();

  const std::vector<ServerRoleRow> structure = outputs.Structure().InferRoles();
  const std::vector<IpTableRow> table = ProposeIpTable(structure, options.prefix_length);
  WriteServerStructureCsv(options.out_dir + "/structure.csv", structure);
  WriteIpTableCsv(options.out_dir + "/ip-table.csv", table);

  const MessengerMonitorStats& stats = monitor.Stats();
  std::uint64_t recognised = 0;
  for (const auto& [protocol, count] : stats.recognised) recognised += count;
  nlohmann::json metrics = {{"tcp_sessions", stats.tcp_sessions},
                            {"sessions_with_payload", stats.sessions_with_payload},
                            {"messenger_sessions", recognised},
                            {"protocols", stats.recognised},
                            {"session_roles", outputs.Roles()},
                            {"not_recognised", stats.not_recognised},
                            {"stream_problems", stats.stream_problems},
                            {"structure", StructureJson(structure, outputs.Structure().Stats())},
                            {"ip_table_entries", table.size()},
                            {"peak_open_sessions", stats.peak_open_sessions},
                            {"bad_packets", source.Stats().bad_packets.ToJson()},
                            {"not_ipv4_packets", source.Stats().not_ipv4}};
  if (!options.truth.empty()) metrics["truth"] = GradeRoles(structure, truth, table);
  WriteFileAtomically(options.out_dir + "/metrics.json", metrics.dump(2) + "\n");
  return metrics;
}

}  // namespace ntlab
