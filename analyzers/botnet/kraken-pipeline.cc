#include "analyzers/botnet/kraken-pipeline.h"

#include "analyzers/botnet/kraken-detector.h"
#include "analyzers/botnet/kraken-truth.h"
#include "analyzers/capture/pcap-packet-source.h"
#include "analyzers/formats/records.h"

#include <fstream>

namespace ntlab {

nlohmann::json RunKrakenDetection(const KrakenRunOptions& options) {
  KrakenDetector detector;
  PcapPacketSource source(CapturePlan::FromInputs(options.inputs));
  source.Run(detector);
  KrakenDetection detection = detector.Finish();
  detection.bad_packets = source.Stats().bad_packets;

  std::optional<KrakenGrade> hosts, flows;
  if (!options.kraken_truth.empty()) {
    std::vector<KrakenTruthHost> truth = ReadKrakenTruthCsv(options.kraken_truth);
    hosts = GradeKrakenHosts(detection, truth);
    if (!options.socket_truth.empty()) {
      flows = GradeKrakenFlows(detection, truth, ReadAll<TruthReader>(options.socket_truth));
    }
  }
  WriteKrakenOutputs(options.out_dir, detection, hosts, flows);
  std::ifstream in(options.out_dir + "/kraken_metrics.json");
  return nlohmann::json::parse(in);
}

}  // namespace ntlab
