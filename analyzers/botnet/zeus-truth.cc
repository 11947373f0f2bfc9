#include "analyzers/botnet/zeus-truth.h"

#include <algorithm>
#include <tuple>

namespace ntlab {

std::size_t JoinZeusTruth(std::vector<ZeusEpisode>& episodes, std::vector<ZeusTruthEpisode> truth, TimeUs slack) {
  std::sort(truth.begin(), truth.end(), [](const ZeusTruthEpisode& a, const ZeusTruthEpisode& b) {
    return std::tie(a.bot_ip, a.ts) < std::tie(b.bot_ip, b.ts);
  });
  std::size_t joined = 0;
  for (auto& e : episodes) {
    // Latest command to this bot no later than the first report (plus slack for clock rounding).
    auto end = std::upper_bound(truth.begin(), truth.end(), std::make_pair(e.bot_ip, e.first_ts + slack),
                                [](const std::pair<Ipv4, TimeUs>& k, const ZeusTruthEpisode& t) {
                                  return std::tie(k.first, k.second) < std::tie(t.bot_ip, t.ts);
                                });
    if (end == truth.begin()) continue;
    const ZeusTruthEpisode& t = *(end - 1);
    if (t.bot_ip != e.bot_ip) continue;
    e.truth_episode = t.episode;
    e.truth_behaviour = t.behaviour;
    ++joined;
  }
  return joined;
}

}  // namespace ntlab
