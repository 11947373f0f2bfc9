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

// Kraken's second DGA (DGA v2, from April 2008), as reverse-engineered by J. Bader:
// github.com/baderj/domain_generation_algorithms, kraken/v2/dga_v2.py. Unlike v1 it depends on
// the date: the LCG state r = 3 * domain number + seed is cropped to 15 bits and stepped once per
// week since 1,207,000,000 s (31 March 2008), plus two, before the name is drawn (one step fewer
// for domain numbers 6 and 7 mod 9, none for 8 mod 9). Labels are 7-12 lowercase letters. A
// sample uses one of two zone sets: generic TLDs (com, net, tv, cc; the script's default) or the
// four dynamic-DNS zones of v1.
enum class KrakenV2Zones { Generic, DynamicDns };

/// The zones of one v2 zone set, in the DGA's order (tlds[domain_nr % 4]).
const std::vector<std::string>& KrakenDgaV2Zones(KrakenV2Zones zones);

/// Name number `index` of the v2 list for the date `unixSeconds` (index 2i, 2i + 1 = domain
/// number i without and with the temp-file seed, as dga_v2.py's get_domains prints them). The
/// date counts in whole weeks: every time within one week gives the same list.
std::string KrakenDgaV2Domain(uint32_t index, int64_t unixSeconds, KrakenSeedSet seeds = KrakenSeedSet::A,
                              KrakenV2Zones zones = KrakenV2Zones::Generic);

}  // namespace ntlab::payload

#endif
