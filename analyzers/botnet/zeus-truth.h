// The simulator's record of what the Zeus C&C commanded (zeus_episodes.csv, written from
// ZeusCncServerApplication's "Episode" trace), and the join that gives each analysed episode its
// true behaviour: the latest command to the same bot at or before the episode's first report.
#pragma once

#include "analyzers/botnet/zeus-episode-builder.h"

#include <string>
#include <vector>

namespace ntlab {

struct ZeusTruthEpisode {
  TimeUs ts = 0;            // when the C&C sent the command (packet-time epoch, as the captures)
  Ipv4 bot_ip = 0;
  std::uint32_t episode = 0;
  std::string behaviour;    // cookie_theft, homepage_set, os_shutdown
};

/// Columns ts, bot_ip, episode, behaviour (extra columns ignored). InputError on bad fields.
std::vector<ZeusTruthEpisode> ReadZeusTruthCsv(const std::string& path);
void WriteZeusTruthCsv(const std::string& path, const std::vector<ZeusTruthEpisode>& rows);

/// Fills truth_episode/truth_behaviour; returns how many episodes found a command.
std::size_t JoinZeusTruth(std::vector<ZeusEpisode>& episodes, std::vector<ZeusTruthEpisode> truth,
                          TimeUs slack = kUsPerSecond);

}  // namespace ntlab
