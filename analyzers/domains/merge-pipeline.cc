#include "analyzers/domains/merge-pipeline.h"
#include "analyzers/formats/process-identity.h"

#include "analyzers/capture/capture-plan.h"
#include "analyzers/capture/pcap-packet-source.h"
#include "analyzers/domains/view-merge.h"
#include "analyzers/formats/atomic-file.h"
#include "analyzers/formats/domain-files.h"
#include "analyzers/formats/merge-files.h"
#include "analyzers/formats/records.h"

#include <map>
#include <tuple>

namespace ntlab {
namespace {

using FlowKey = std::tuple<Proto, Endpoint, Endpoint>;  // protocol, host side, remote

/// The first row per flow key: a key reused later (a port taken again) keeps its first owner.
template <typename Row, typename Value>
std::map<FlowKey, Value> FirstPerKey(const std::vector<Row>& rows, Value (*value)(const Row&)) {
  std::map<FlowKey, Value> byKey;
  for (const Row& row : rows) byKey.emplace(FlowKey{row.proto, row.host, row.remote}, value(row));
  return byKey;
}

using ProcessLabel = std::pair<std::string, std::optional<std::uint32_t>>;  // empty name: Unknown

ProcessLabel ProcessOf(const LabelRow& row) {
  if (row.process == "Unknown") return {"", std::nullopt};
  return {row.process, row.pid};
}
std::string DomainOf(const DomainFlowRow& row) { return row.domain; }
std::string TruthOf(const ExpectedDomainRow& row) { return row.domain; }

nlohmann::json Rate(std::uint64_t part, std::uint64_t whole) {
  return whole == 0 ? nlohmann::json() : nlohmann::json(double(part) / double(whole));
}

struct MergeTally {
  std::uint64_t merged = 0, matched = 0, colliding = 0, remoteAgrees = 0, withProcess = 0, withDomain = 0;
  std::uint64_t withUser = 0;
  std::uint64_t graded = 0, correct = 0;
};

// The owner a logger saw for the labelled PID on the host that has the flow's inside address.
std::string UserOf(const ProcessIdentities& owners, IpAddress hostIp, const std::optional<std::uint32_t>& pid) {
  if (!pid) return "";
  auto host = owners.HostOf(hostIp);
  if (!host) return "";
  auto owner = owners.ByPid(*host, *pid);
  return owner ? owner->user : "";
}

MergedFlowRow RecordOf(const MergedViewFlow& flow) {
  MergedFlowRow row;
  row.proto = flow.network.proto;
  row.public_side = flow.network.host;
  row.remote = flow.network.remote;
  row.first_ts = flow.first_ts;
  row.last_ts = flow.last_ts;
  row.packets = flow.packets;
  row.matched = flow.matched;
  row.colliding = flow.colliding;
  row.merged = flow.merged;
  if (flow.merged) row.host = flow.device.host;
  row.votes = flow.votes;
  return row;
}

}  // namespace

nlohmann::json RunViewMerge(const MergeRunOptions& options) {
  PcapPacketSource device(CapturePlan::FromInputs(options.device), options.capture);
  PcapPacketSource network(CapturePlan::FromInputs(options.network), options.capture);
  const ViewMergeResult result = MergeViews(device, network);
  const auto processes = options.labels.empty() ? std::map<FlowKey, ProcessLabel>{}
                                                : FirstPerKey(ReadAll<LabelReader>(options.labels), &ProcessOf);
  const auto domains = options.domains.empty() ? std::map<FlowKey, std::string>{}
                                               : FirstPerKey(ReadDomainFlowsCsv(options.domains), &DomainOf);
  const auto truth = options.truth.empty() ? std::map<FlowKey, std::string>{}
                                           : FirstPerKey(ReadExpectedDomainsCsv(options.truth), &TruthOf);
  const ProcessIdentities owners =
      options.socket_log.empty() ? ProcessIdentities{} : ProcessIdentities::Read(options.socket_log);
  MergedFlowWriter writer(options.out_dir + "/merged.csv");
  MergeTally t;
  for (const MergedViewFlow& flow : result.flows) {
    MergedFlowRow row = RecordOf(flow);
    auto domain = domains.find({flow.network.proto, flow.network.host, flow.network.remote});
    if (domain != domains.end()) row.domain = domain->second;
    t.matched += flow.matched;
    t.colliding += flow.colliding;
    if (flow.merged) {
      ++t.merged;
      // The NAT rewrites only the inside side: a merge that changes the remote end is wrong.
      if (flow.device.proto == flow.network.proto && flow.device.remote == flow.network.remote) ++t.remoteAgrees;
      const FlowKey deviceKey{flow.device.proto, flow.device.host, flow.device.remote};
      auto process = processes.find(deviceKey);
      if (process != processes.end()) std::tie(row.process, row.pid) = process->second;
      if (!row.process.empty()) ++t.withProcess;
      row.user = UserOf(owners, row.host.ip, row.pid);
      if (!row.user.empty()) ++t.withUser;
      if (!row.domain.empty()) ++t.withDomain;
      auto expected = truth.find(deviceKey);
      if (expected != truth.end() && !row.domain.empty()) {
        ++t.graded;
        if (row.domain == expected->second) ++t.correct;
      }
    }
    writer.Write(row);
  }
  writer.Commit();
  nlohmann::json m = {{"device_packets", result.device_packets},
                      {"device_flows", result.device_flows},
                      {"network_packets", result.network_packets},
                      {"network_flows", result.flows.size()},
                      {"merged_flows", t.merged},
                      {"merge_rate", Rate(t.merged, result.flows.size())},
                      {"matched_packets", t.matched},
                      {"packet_match_rate", Rate(t.matched, result.network_packets)},
                      {"colliding_packets", t.colliding},
                      {"fingerprint_collisions", result.fingerprint_collisions},
                      {"merged_remote_agrees", Rate(t.remoteAgrees, t.merged)},
                      {"merged_with_process", t.withProcess},
                      {"merged_with_user", t.withUser},
                      {"merged_with_domain", t.withDomain}};
  if (!options.truth.empty()) {
    m["merged_domains_graded"] = t.graded;
    m["merged_domain_accuracy"] = Rate(t.correct, t.graded);
  }
  WriteFileAtomically(options.out_dir + "/metrics.json", m.dump(2) + "\n");
  return m;
}

}  // namespace ntlab
