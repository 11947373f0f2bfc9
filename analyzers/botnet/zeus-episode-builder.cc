#include "analyzers/botnet/zeus-episode-builder.h"

#include <algorithm>
#include <set>
#include <tuple>

namespace ntlab {

ZeusEpisodeBuilder::ZeusEpisodeBuilder(ZeusEpisodeConfig config) : m_config(std::move(config)) {}

bool ZeusEpisodeBuilder::IsPhp(const std::string& path) const {
  const std::string& suffix = m_config.php_suffix;
  return path.size() > suffix.size() &&
         path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0;
}

void ZeusEpisodeBuilder::Add(const HttpTransaction& t) {
  if (t.method.empty()) return;  // a response whose request is outside the capture
  std::string path = t.Path();
  std::size_t slash = path.rfind('/');
  std::string file = slash == std::string::npos ? path : path.substr(slash + 1);
  Item item;
  if (file == m_config.config_name && t.method == "GET") {
    item.kind = Item::Config;
  } else if (IsPhp(path) && t.method == "GET") {
    item.kind = Item::Poll;
  } else if (IsPhp(path) && t.method == "POST") {
    item.kind = Item::Report;
  } else {
    return;
  }
  item.bot = t.client.ip;
  item.server = t.server.ip;
  item.host = t.host;
  item.ts = t.request_ts;
  item.status = t.status;
  item.response_length = t.response_body_length;
  item.request_length = t.request_body_length;
  ++m_stats.transactions;
  m_items.push_back(std::move(item));
}

std::vector<ZeusEpisode> ZeusEpisodeBuilder::Finish() {
  // Transactions come out of the extractor in completion order, per stream: sort into time order
  // per pair before segmenting.
  std::stable_sort(m_items.begin(), m_items.end(), [](const Item& a, const Item& b) {
    return std::tie(a.bot, a.server, a.ts) < std::tie(b.bot, b.server, b.ts);
  });
  std::set<std::pair<IpAddress, IpAddress>> withConfig;
  std::set<std::pair<IpAddress, IpAddress>> pairs;
  for (const Item& item : m_items) {
    pairs.insert({item.bot, item.server});
    if (item.kind == Item::Config) withConfig.insert({item.bot, item.server});
  }
  if (m_config.require_config_bin) m_stats.dropped_pairs += pairs.size() - withConfig.size();

  // The last C&C transaction seen stands for the end of the capture. An episode ends at the
  // bot's next poll or after an idle gap; the last run of a pair has neither, so unless the
  // capture went on for longer than the idle gap after it, it may have been cut off.
  TimeUs lastSeen = 0;
  for (const Item& item : m_items) lastSeen = std::max(lastSeen, item.ts);

  std::vector<ZeusEpisode> out;
  std::vector<const Item*> run;
  auto close = [&](bool lastOfPair) {
    if (run.empty()) return;
    std::vector<const Item*> items;
    items.swap(run);
    if (items.size() < m_config.min_requests) return;
    if (m_config.drop_incomplete && lastOfPair && lastSeen - items.back()->ts <= m_config.idle_gap) {
      ++m_stats.dropped_incomplete;
      return;
    }
    ZeusEpisode e;
    e.bot_ip = items.front()->bot;
    e.cnc_ip = items.front()->server;
    e.cnc_host = items.front()->host;
    e.first_ts = items.front()->ts;
    e.last_ts = items.back()->ts;
    e.php_requests = items.size();
    double okSum = 0, postSum = 0;
    for (const Item* i : items) {
      postSum += double(i->request_length);
      if (i->status == 200) {
        ++e.ok_responses;
        okSum += double(i->response_length);
      }
    }
    if (e.ok_responses == 0) {
      ++m_stats.dropped_no_ok;
      return;
    }
    e.mean_ok_response_length = okSum / double(e.ok_responses);
    e.mean_post_body_length = postSum / double(items.size());
    e.mean_gap_s = items.size() > 1 ? double(e.last_ts - e.first_ts) / double(kUsPerSecond) /
                                          double(items.size() - 1)
                                    : 0.0;
    out.push_back(std::move(e));
  };
  for (std::size_t i = 0; i < m_items.size(); ++i) {
    const Item& item = m_items[i];
    bool newPair = i == 0 || item.bot != m_items[i - 1].bot || item.server != m_items[i - 1].server;
    if (newPair) close(true);
    if (m_config.require_config_bin && !withConfig.count({item.bot, item.server})) continue;
    if (item.kind == Item::Poll) {
      close(false);  // the next poll fetches the next command
    } else if (item.kind == Item::Report) {
      if (!run.empty() && item.ts - run.back()->ts > m_config.idle_gap) close(false);
      run.push_back(&item);
    }
  }
  close(true);
  m_stats.episodes = out.size();
  return out;
}

}  // namespace ntlab
