// The Kraken files of paper 003 (docs/formats.md, docs/botnets.md):
// - kraken_truth.csv: the simulator's record of infections, written from KrakenBotApplication's
//   "Infected" trace;
// - kraken_hosts.csv: the detector's verdict and evidence per host;
// - kraken_timeseries.csv: packets per second of each flagged host (paper 003, Figs. 5-8).
// The report layer reads the last two back. Whole-file readers and writers: InputError naming file,
// line and column on bad input; atomic writes.
#pragma once

#include "analyzers/formats/basic-types.h"

#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace ntlab {

/// One infected host (kraken_truth.csv: host, host_ip, process).
struct KrakenTruthHost {
  std::string host;  // host name, as in truth.csv
  IpAddress ip;
  std::string process;  // the bot's image name
};

std::vector<KrakenTruthHost> ReadKrakenTruthCsv(const std::string& path);
void WriteKrakenTruthCsv(const std::string& path, const std::vector<KrakenTruthHost>& rows);

/// The detector's verdict on one host, with its evidence (one row of kraken_hosts.csv). Ratios are
/// written with 4 decimals, so a row read back holds them to that precision.
struct KrakenHostVerdict {
  IpAddress host;
  TimeUs first_ts = 0;
  TimeUs last_ts = 0;
  bool infected = false;
  int score = 0;
  // Evidence.
  bool cnc = false;
  bool dga = false;
  bool rhythm = false;
  bool smtp_test = false;
  bool spam = false;
  std::size_t cnc_packets = 0;
  std::set<std::uint8_t> cnc_types_seen;  // written "0x01 0x08"
  double cnc_gap_cv = -1;                 // -1: too few packets (written empty)
  std::size_t dyn_queries = 0;
  std::size_t dyn_names = 0;
  double random_label_share = 0;
  double mean_label_entropy = 0;
  double nxdomain_ratio = 0;
  double dns_gap_cv = -1;  // -1: too few queries (written empty)
  std::size_t smtp_sessions = 0;
  std::size_t smtp_servers = 0;
  std::size_t mx_queries = 0;
};

std::vector<KrakenHostVerdict> ReadKrakenHostsCsv(const std::string& path);
/// A share or coefficient as kraken_hosts.csv writes it (4 decimals), for reports drawn from it.
std::string FormatKrakenRatio(double v);
void WriteKrakenHostsCsv(const std::string& path, const std::vector<KrakenHostVerdict>& rows);

/// Packets per second of one flagged host (one row of kraken_timeseries.csv).
struct KrakenSecond {
  IpAddress host;
  std::int64_t second = 0;  // since the host's first packet
  std::int64_t ts = 0;      // epoch second
  std::uint32_t dns = 0, cnc447 = 0, herder = 0, spam = 0;
};

std::vector<KrakenSecond> ReadKrakenTimeSeriesCsv(const std::string& path);
void WriteKrakenTimeSeriesCsv(const std::string& path, const std::vector<KrakenSecond>& rows);

}  // namespace ntlab
