#ifndef NTLAB_TRAFFIC_GEN_PAYLOAD_KRAKEN_DGA_H
#define NTLAB_TRAFFIC_GEN_PAYLOAD_KRAKEN_DGA_H

// Kraken's first domain generation algorithm (DGA v1, 2007-2008), as reverse-engineered by
// J. Bader: github.com/baderj/domain_generation_algorithms, kraken/v1/dga_v1.py (PROTOCOLS §1.2).
// Time-independent: a sample always walks the same list. Each domain number (from 1,000,015)
// yields two names, one per seed-formula variant; the label is 6-11 lowercase letters drawn from
// a 32-bit LCG (r = 1103515245 r + 12435, keeping (r >> 8) mod 32768), the zone cycles through
// dyndns.org, yi.org, dynserv.com, mooo.com. A pure function, so generators and tests agree.

#include <cstdint>
#include <string>
#include <vector>

namespace ntlab::payload {

enum class KrakenSeedSet { A, B };

/// The four dynamic-DNS zones in the DGA's order (tlds[domain_nr % 4]).
const std::vector<std::string>& KrakenDgaZones();

/// Name number `index` of the list as the reference script prints it (index 0, 1 = domain
/// number 1,000,015 without and with the temp-file variant, 2, 3 = 1,000,016 ...).
std::string KrakenDgaDomain(uint32_t index, KrakenSeedSet seeds = KrakenSeedSet::A);

/// The first `count` names, in list order.
std::vector<std::string> KrakenDgaDomains(uint32_t count, KrakenSeedSet seeds = KrakenSeedSet::A);

}  // namespace ntlab::payload

#endif
