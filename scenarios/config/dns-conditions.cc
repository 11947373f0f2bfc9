#include "scenarios/config/dns-conditions.h"

#include "analyzers/formats/basic-types.h"

namespace ntlab {

namespace {

std::vector<std::uint32_t> WebServers(const ScenarioConfig& config) {
  std::vector<std::uint32_t> web;
  for (std::uint32_t i = 0; i < config.servers.size(); ++i)
    if (config.servers[i].kind == ServerKind::Web) web.push_back(i);
  return web;
}

}  // namespace

std::vector<NamePlacement> PlaceWebNames(const ScenarioConfig& config) {
  std::vector<NamePlacement> placed;
  const std::vector<std::uint32_t> web = WebServers(config);
  for (std::uint32_t server : web)
    for (const auto& name : config.servers[server].domains) placed.push_back({name, server});
  if (config.dns.sharing == 0) return placed;
  for (std::size_t i = 0; i < placed.size(); ++i) placed[i].server = web[i / config.dns.sharing];
  return placed;
}

void CheckDnsConditions(const ScenarioConfig& config) {
  auto fail = [&](const std::string& key, const std::string& reason) {
    throw InputError(config.source + ": dns." + key + ": " + reason);
  };
  if (config.dns.fixed_address_share < 0 || config.dns.fixed_address_share > 1) fail("fixed_address_share", "must be 0..1");
  if (config.dns.cache_min_s < 0) fail("cache_min", "must be >= 0");
  if (config.nat.enabled) {
    for (const SegmentSpec* segment : {&config.lan, &config.internet}) {
      const std::uint32_t mask = ~std::uint32_t(0) << (32 - segment->prefix);
      if ((config.nat.public_address & mask) == (segment->network & mask))
        throw InputError(config.source + ": nat.public_address: inside " +
                         (segment == &config.lan ? "network.lan.subnet" : "network.internet.subnet"));
    }
  }
  if (config.dns.sharing == 0) return;
  const std::vector<std::uint32_t> web = WebServers(config);
  std::size_t names = 0;
  for (std::uint32_t server : web) names += config.servers[server].domains.size();
  const std::size_t needed = (names + config.dns.sharing - 1) / config.dns.sharing;
  if (needed > web.size())
    fail("sharing", std::to_string(names) + " names at " + std::to_string(config.dns.sharing) + " per address need " +
                        std::to_string(needed) + " web servers, the scenario has " + std::to_string(web.size()));
  // A name moved to another server must be reachable there the way its clients connect.
  for (std::uint32_t server : web)
    if (config.servers[server].http != config.servers[web.front()].http ||
        config.servers[server].tls != config.servers[web.front()].tls)
      fail("sharing", "every web server must listen on the same ports (http, tls) when names are regrouped");
}

}  // namespace ntlab
