// Groups a Zeus bot's HTTP transactions with its C&C into behaviour episodes and computes the
// features paper 002 clusters on. An episode is the run of *.php POSTs (reports) that follows a
// command: it ends at the bot's next *.php GET (the next poll) or after an idle gap. Per episode:
// the number of *.php requests and the mean body length of the C&C's 200 OK replies to them (the
// paper's two features), plus the mean POST body length and the mean gap between reports.
#pragma once

#include "analyzers/botnet/http-transaction-extractor.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ntlab {

struct ZeusEpisodeConfig {
  TimeUs idle_gap = 300 * kUsPerSecond;  // > the 1-min report timer, < the 20-min poll timer
  std::string php_suffix = ".php";
  std::string config_name = "config.bin";
  /// Keep only (bot, server) pairs where the bot fetched config.bin somewhere in the capture:
  /// Zeus's work cycle starts with it, and it keeps ordinary PHP sites out.
  bool require_config_bin = true;
  std::size_t min_requests = 1;
  /// Set aside episodes that may have been cut off by the end of the capture (see Finish()): a
  /// truncated episode has too few requests and would land in another behaviour's cluster.
  bool drop_incomplete = true;
};

struct ZeusEpisode {
  IpAddress bot_ip;
  IpAddress cnc_ip;
  std::string cnc_host;
  TimeUs first_ts = 0;                    // first report
  TimeUs last_ts = 0;                     // last report
  std::size_t php_requests = 0;           // *.php POSTs in the episode
  std::size_t ok_responses = 0;           // of which answered 200 OK
  double mean_ok_response_length = 0;     // mean body bytes of those 200 OK replies
  double mean_post_body_length = 0;
  double mean_gap_s = 0;                  // between consecutive reports; 0 for one report
  /// Filled by a truth join: the C&C's episode and behaviour ("" when unknown).
  std::uint32_t truth_episode = 0;
  std::string truth_behaviour;
};

struct ZeusEpisodeStats {
  std::uint64_t transactions = 0;        // *.php and config.bin transactions seen
  std::uint64_t episodes = 0;
  std::uint64_t dropped_no_ok = 0;       // episodes without any 200 OK reply (no response feature)
  std::uint64_t dropped_pairs = 0;       // (bot, server) pairs without config.bin
  std::uint64_t dropped_incomplete = 0;  // episodes possibly cut off by the end of the capture
};

class ZeusEpisodeBuilder {
 public:
  explicit ZeusEpisodeBuilder(ZeusEpisodeConfig config = {});
  /// Any transaction; those that are not *.php or config.bin are ignored.
  void Add(const HttpTransaction& transaction);
  /// Episodes of every pair, ordered by (bot, C&C, first_ts).
  std::vector<ZeusEpisode> Finish();
  const ZeusEpisodeStats& Stats() const { return m_stats; }

 private:
  struct Item {
    IpAddress bot;
    IpAddress server;
    std::string host;
    TimeUs ts = 0;
    enum Kind { Config, Poll, Report } kind = Report;
    int status = 0;
    std::uint64_t response_length = 0;
    std::uint64_t request_length = 0;
  };

  bool IsPhp(const std::string& path) const;

  ZeusEpisodeConfig m_config;
  std::vector<Item> m_items;
  ZeusEpisodeStats m_stats;
};

}  // namespace ntlab
