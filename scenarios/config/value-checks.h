// Checks for single scenario values that would otherwise reach ns-3 or an allocator unchecked:
// data rates in ns-3's DataRate grammar (parsed here, without ns-3, so that `validate` and the
// analysis-only build refuse what ns-3 would abort on), and the limits of counts. Text values keep
// the input text rule (analyzers/formats/text-rules.h). Ranges and their reasons: docs/scenario-schema.md.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ntlab {

/// Link rates a scenario may set. Below 1 kbps a full-size frame takes 12 s to send and ns-3's
/// rate arithmetic truncates fractions of a bit/s to 0 (a division by zero); above 100 Gbps a
/// frame's transmission time is below ns-3's nanosecond resolution.
constexpr double kMinRateBps = 1e3;
constexpr double kMaxRateBps = 100e9;

/// Counts a scenario may ask for (docs/scenario-schema.md). Beyond them a run is no longer a LAN
/// on one laptop; within them the resource estimate (scenario-estimate.h) says what a run costs.
constexpr std::size_t kMaxHosts = 1000;
constexpr std::size_t kMaxProcessesPerHost = 64;
constexpr std::size_t kMaxUsersPerHost = 64;
constexpr double kMaxSessionsPerDay = 1e8;  // ~800 times paper 001's office day

/// ns-3 3.37's DataRate text: digits with at most one '.', then one of its units (bps, b/s, Bps,
/// B/s, kbps, Kbps, kb/s, Kb/s, kBps, KBps, kB/s, KB/s, Kib/s, KiB/s, Mbps, Mb/s, MBps, MB/s,
/// Mib/s, MiB/s, Gbps, Gb/s, GBps, GB/s, Gib/s, GiB/s), or a whole number of bits/s. No sign, no
/// exponent, no space: what ns-3 would misread is refused. True and the rate in bits/s on success.
bool ParseDataRate(std::string_view text, double& bits_per_second);

}  // namespace ntlab
