#include "analyzers/botnet/zeus-truth.h"

#include <algorithm>
#include <tuple>

namespace ntlab {
namespace {

using TruthKey = std::tuple<IpAddress, IpAddress, TimeUs>;  // bot, C&C (0: unknown), time

TruthKey KeyOf(const ZeusTruthEpisode& t) { return {t.bot_ip, t.cnc_ip, t.ts}; }

// The latest command to `bot` from `cnc` at or before `until`; null when there is none.
const ZeusTruthEpisode* LatestCommand(const std::vector<ZeusTruthEpisode>& sorted, IpAddress bot, IpAddress cnc, TimeUs until) {
  auto end = std::upper_bound(sorted.begin(), sorted.end(), TruthKey{bot, cnc, until},
                              [](const TruthKey& k, const ZeusTruthEpisode& t) { return k < KeyOf(t); });
  if (end == sorted.begin()) return nullptr;
  const ZeusTruthEpisode& t = *(end - 1);
  return t.bot_ip == bot && t.cnc_ip == cnc ? &t : nullptr;
}

}  // namespace

std::size_t JoinZeusTruth(std::vector<ZeusEpisode>& episodes, std::vector<ZeusTruthEpisode> truth, TimeUs slack) {
  std::sort(truth.begin(), truth.end(),
            [](const ZeusTruthEpisode& a, const ZeusTruthEpisode& b) { return KeyOf(a) < KeyOf(b); });
  std::size_t joined = 0;
  for (auto& e : episodes) {
    // Slack covers clock rounding. A command from the episode's own server first; a command of
    // unknown server (a truth file without cnc_ip) otherwise. A command from another server never
    // labels the episode: benign *.php posts on a bot's host are not the bot's command.
    const ZeusTruthEpisode* t = LatestCommand(truth, e.bot_ip, e.cnc_ip, e.first_ts + slack);
    if (t == nullptr) t = LatestCommand(truth, e.bot_ip, 0, e.first_ts + slack);
    if (t == nullptr) continue;
    e.truth_episode = t->episode;
    e.truth_behaviour = t->behaviour;
    ++joined;
  }
  return joined;
}

}  // namespace ntlab
