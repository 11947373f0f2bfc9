// Paper 000's DNS conditions on a scenario (dns.sharing, dns.cache_min, dns.cached_at_start,
// dns.fixed_address_share, dns.truth; docs/domains.md): the checks of their keys and the one
// layout the loader and the simulator both use, the names of the web servers regrouped onto
// addresses by the sharing factor (a CDN serving many names from few addresses). No ns-3 here.
#pragma once

#include "scenarios/config/scenario-config.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ntlab {

/// One web server name and the server (index into config.servers) whose address answers it.
struct NamePlacement {
  std::string name;
  std::uint32_t server = 0;
};

/// Every name of the scenario's web servers, in the file's order, with the server that answers
/// it: its own server while dns.sharing is 0, else names i*sharing .. i*sharing+sharing-1 go to
/// the i-th web server, so each address serves `sharing` names (the last maybe fewer).
std::vector<NamePlacement> PlaceWebNames(const ScenarioConfig& config);

/// Throws InputError naming the dns.* (or nat.*) key when the conditions cannot be met by the scenario.
void CheckDnsConditions(const ScenarioConfig& config);

}  // namespace ntlab
