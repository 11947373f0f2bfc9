// The join that gives each analysed Zeus episode its true behaviour from the simulator's record of
// what the C&C commanded (zeus_episodes.csv, read and written in analyzers/formats/zeus-files.h):
// the latest command to the same bot from the same C&C (cnc_ip; any C&C when the truth file has
// no cnc_ip) at or before the episode's first report.
#pragma once

#include "analyzers/botnet/zeus-episode-builder.h"
#include "analyzers/formats/zeus-files.h"

#include <vector>

namespace ntlab {

/// Fills truth_episode/truth_behaviour; returns how many episodes found a command.
std::size_t JoinZeusTruth(std::vector<ZeusEpisode>& episodes, std::vector<ZeusTruthEpisode> truth,
                          TimeUs slack = kUsPerSecond);

}  // namespace ntlab
