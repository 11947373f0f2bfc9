#include "analyzers/botnet/zeus-truth.h"

#include "analyzers/formats/csv-io.h"

#include <algorithm>
#include <tuple>

namespace ntlab {

std::vector<ZeusTruthEpisode> ReadZeusTruthCsv(const std::string& path) {
  CsvRowReader<4> reader(path, {"ts", "bot_ip", "episode", "behaviour"});
  CsvRowReader<4>::Row row;
  std::vector<ZeusTruthEpisode> out;
  while (reader.Next(row)) {
    ZeusTruthEpisode t;
    auto ts = ParseTs(row[0]);
    if (!ts) reader.Fail(0, "'" + row[0] + "' is not a timestamp");
    auto ip = ParseIpv4(row[1]);
    if (!ip) reader.Fail(1, "'" + row[1] + "' is not an IPv4 address");
    auto episode = ParseUnsigned(row[2]);
    if (!episode || *episode > 0xffffffffULL) reader.Fail(2, "'" + row[2] + "' is not an episode id");
    if (row[3].empty()) reader.Fail(3, "empty behaviour");
    t.ts = *ts;
    t.bot_ip = *ip;
    t.episode = static_cast<std::uint32_t>(*episode);
    t.behaviour = row[3];
    out.push_back(std::move(t));
  }
  return out;
}

void WriteZeusTruthCsv(const std::string& path, const std::vector<ZeusTruthEpisode>& rows) {
  CsvWriter w(path, {"ts", "bot_ip", "episode", "behaviour"});
  for (const auto& t : rows) w.Row(FormatTs(t.ts), FormatIpv4(t.bot_ip), std::to_string(t.episode), t.behaviour);
  w.Commit();
}

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
