// The grading of a KrakenDetection against the simulator's record of Kraken infections
// (kraken_truth.csv, read and written in analyzers/formats/kraken-files.h), and the detector's
// output files.
//
// Host truth: the hosts listed. Flow truth: a session is the bot's when its host is listed and
// the socket truth (truth.csv) has a row of that host with the bot's process, the same protocol
// and local port, whose life [open_ts, close_ts] overlaps the session (with slack). The bot
// sends its own DNS queries, so every flow of the infection - DGA and MX lookups included -
// belongs to its process; sessions of other hosts are all negatives.
#pragma once

#include "analyzers/botnet/kraken-detector.h"
#include "analyzers/formats/kraken-files.h"
#include "analyzers/formats/records.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace ntlab {

struct KrakenGrade {
  std::size_t tp = 0, fp = 0, fn = 0, tn = 0;
  std::optional<double> precision;  // none when nothing was flagged
  std::optional<double> recall;     // none when there is nothing to find
};

KrakenGrade GradeKrakenHosts(const KrakenDetection& detection, const std::vector<KrakenTruthHost>& truth);
/// Sets every flow's `truth` and grades the flags.
KrakenGrade GradeKrakenFlows(KrakenDetection& detection, const std::vector<KrakenTruthHost>& truth,
                             const std::vector<TruthRow>& sockets, TimeUs slack = kUsPerSecond);

/// The counts and grades of kraken_metrics.json (hosts, hosts_flagged, flows, flows_flagged,
/// host_grade, flow_grade, host/flow precision and recall, bad_packets).
nlohmann::json KrakenMetricsJson(const KrakenDetection& detection, const std::optional<KrakenGrade>& hosts,
                                 const std::optional<KrakenGrade>& flows);

/// Writes kraken_hosts.csv, kraken_flows.csv, kraken_timeseries.csv and kraken_metrics.json
/// into `dir` (created if missing). Grades may be absent (no truth). A non-null `ablations` goes
/// into kraken_metrics.json as "ablations".
void WriteKrakenOutputs(const std::string& dir, const KrakenDetection& detection,
                        const std::optional<KrakenGrade>& hosts, const std::optional<KrakenGrade>& flows,
                        const nlohmann::json& ablations = nullptr);

}  // namespace ntlab
