#include "analyzers/domains/domains-pipeline.h"

#include "analyzers/capture/pcap-packet-source.h"
#include "analyzers/domains/domain-flow-monitor.h"
#include "analyzers/domains/domain-label-summary.h"
#include "analyzers/formats/domain-stats-db.h"

#include <unordered_map>

namespace ntlab {
namespace {

// Every output of the run, fed as the monitor reports.
class DomainOutputs : public DomainFlowObserver {
 public:
  DomainOutputs(const DomainRunOptions& options, DomainLabelSummary& summary)
      : m_flows(options.out_dir + "/flows.csv"),
        m_db(options.db_path.empty() ? options.out_dir + "/stats.sqlite" : options.db_path,
             DomainStatsDbConfig{options.retention_s}),
        m_summary(summary) {}

  void OnLabelledPacket(const Session& session, const DomainLabel& label, const DecodedPacket& packet) override {
    const std::int64_t second = packet.ts / kUsPerSecond;
    const std::uint64_t started = session.packets == 1 ? 1 : 0;
    m_db.Add(StatsView::Domain, label.domain, second, packet.ip_length, 1, started);
    // Formatting the address on every packet cost a tenth of the run: the few hosts keep theirs.
    auto host = m_hostTexts.find(session.key.host.ip);
    if (host == m_hostTexts.end()) host = m_hostTexts.emplace(session.key.host.ip, FormatIpv4(session.key.host.ip)).first;
    m_db.Add(StatsView::Host, host->second, second, packet.ip_length, 1, started);
    // StatsView::Process stays empty until the device view (processes) is joined in.
  }
  void OnFlowFinished(const DomainFlowRow& flow) override {
    m_flows.Write(flow);
    m_db.AddFlow(flow, std::string());
    m_summary.Add(flow);
  }
  void Commit() {
    m_flows.Commit();
    m_db.Commit();
  }

 private:
  DomainFlowWriter m_flows;
  DomainStatsDb m_db;
  DomainLabelSummary& m_summary;
  std::unordered_map<Ipv4, std::string> m_hostTexts;
};

}  // namespace

nlohmann::json RunDomainLabelling(const DomainRunOptions& options) {
  DomainLabelSummary summary;
  if (!options.truth.empty()) summary.SetTruth(ReadExpectedDomainsCsv(options.truth));
  PcapPacketSource source(CapturePlan::FromInputs(options.inputs));
  DomainOutputs outputs(options, summary);
  DomainFlowMonitor monitor(outputs, SessionizerConfig{}, options.labeller);
  source.Run(monitor);  // ends every group's sessions
  outputs.Commit();
  nlohmann::json metrics = summary.ToJson(monitor.Stats(), source.Stats().bad_packets);
  metrics["not_ipv4_packets"] = source.Stats().not_ipv4;
  WriteFileAtomically(options.out_dir + "/metrics.json", metrics.dump(2) + "\n");
  return metrics;
}

}  // namespace ntlab
