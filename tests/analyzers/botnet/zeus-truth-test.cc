// The Zeus truth join: an episode takes the latest command its own C&C gave the bot.
#include "analyzers/botnet/zeus-truth.h"

#include <catch2/catch.hpp>

using namespace ntlab;

namespace {

ZeusEpisode EpisodeAt(const char* bot, const char* server, TimeUs first) {
  ZeusEpisode e;
  e.bot_ip = *ParseIpv4(bot);
  e.cnc_ip = *ParseIpv4(server);
  e.first_ts = first;
  return e;
}

}  // namespace

TEST_CASE("Zeus truth join credits a command only to episodes of its own C&C", "[analysis][botnet]") {
  const Ipv4 cnc = *ParseIpv4("198.51.100.7");
  std::vector<ZeusTruthEpisode> truth = {{10 * kUsPerSecond, *ParseIpv4("10.0.0.5"), 1, "cookie_theft", cnc},
                                         {50 * kUsPerSecond, *ParseIpv4("10.0.0.5"), 2, "os_shutdown", cnc}};
  // A report to the C&C, a benign *.php post to a web server from the same host after the same
  // command, and a report after the second command.
  std::vector<ZeusEpisode> episodes = {EpisodeAt("10.0.0.5", "198.51.100.7", 20 * kUsPerSecond),
                                       EpisodeAt("10.0.0.5", "203.0.113.9", 30 * kUsPerSecond),
                                       EpisodeAt("10.0.0.5", "198.51.100.7", 60 * kUsPerSecond)};
  CHECK(JoinZeusTruth(episodes, truth) == 2);
  CHECK(episodes[0].truth_behaviour == "cookie_theft");
  CHECK(episodes[1].truth_behaviour.empty());
  CHECK(episodes[2].truth_episode == 2);
  CHECK(episodes[2].truth_behaviour == "os_shutdown");
}

TEST_CASE("Zeus truth join without cnc_ip matches the bot's commands on any server", "[analysis][botnet]") {
  // A truth file written before cnc_ip existed: the old join, by bot and time only.
  std::vector<ZeusTruthEpisode> truth = {{10 * kUsPerSecond, *ParseIpv4("10.0.0.5"), 1, "cookie_theft", 0}};
  std::vector<ZeusEpisode> episodes = {EpisodeAt("10.0.0.5", "203.0.113.9", 30 * kUsPerSecond),
                                       EpisodeAt("10.0.0.6", "203.0.113.9", 30 * kUsPerSecond),
                                       EpisodeAt("10.0.0.5", "203.0.113.9", 5 * kUsPerSecond)};
  CHECK(JoinZeusTruth(episodes, truth) == 1);
  CHECK(episodes[0].truth_behaviour == "cookie_theft");
  CHECK(episodes[1].truth_behaviour.empty());
  CHECK(episodes[2].truth_behaviour.empty());
}
