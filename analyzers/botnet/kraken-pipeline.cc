#include "analyzers/botnet/kraken-pipeline.h"

#include "analyzers/botnet/kraken-detector.h"
#include "analyzers/botnet/kraken-truth.h"
#include "analyzers/capture/pcap-packet-source.h"
#include "analyzers/formats/records.h"

#include <fstream>

namespace ntlab {

namespace {

struct KrakenTruth {
  std::vector<KrakenTruthHost> hosts;
  std::vector<TruthRow> sockets;
  bool flows = false;
};

nlohmann::json AblationJson(const KrakenDetector& detector, const KrakenTruth& truth) {
  nlohmann::json out = nlohmann::json::object();
  for (KrakenEvidence removed : AllKrakenEvidence()) {
    std::set<KrakenEvidence> set = detector.Config().removed;
    set.insert(removed);
    KrakenDetection d = detector.Decide(set);
    std::optional<KrakenGrade> hosts = GradeKrakenHosts(d, truth.hosts), flows;
    if (truth.flows) flows = GradeKrakenFlows(d, truth.hosts, truth.sockets);
    out[std::string("no_") + ToString(removed)] = KrakenMetricsJson(d, hosts, flows);
  }
  return out;
}

}  // namespace

nlohmann::json RunKrakenDetection(const KrakenRunOptions& options) {
  KrakenDetectorConfig config;
  config.removed = ParseKrakenEvidence(options.without, "--without");
  KrakenDetector detector(config);
  PcapPacketSource source(CapturePlan::FromInputs(options.inputs), options.capture);
  source.Run(detector);
  KrakenDetection detection = detector.Finish();
  detection.bad_packets = source.Stats().bad_packets;

  std::optional<KrakenGrade> hosts, flows;
  KrakenTruth truth;
  if (!options.kraken_truth.empty()) {
    truth.hosts = ReadKrakenTruthCsv(options.kraken_truth);
    hosts = GradeKrakenHosts(detection, truth.hosts);
    if (!options.socket_truth.empty()) {
      truth.sockets = ReadAll<TruthReader>(options.socket_truth);
      truth.flows = true;
      flows = GradeKrakenFlows(detection, truth.hosts, truth.sockets);
    }
  }
  nlohmann::json ablations;  // null: not asked for, or no truth to grade them against
  if (options.ablations && !options.kraken_truth.empty()) ablations = AblationJson(detector, truth);
  WriteKrakenOutputs(options.out_dir, detection, hosts, flows, ablations);
  std::ifstream in(options.out_dir + "/kraken_metrics.json");
  return nlohmann::json::parse(in);
}

}  // namespace ntlab
