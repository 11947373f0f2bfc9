// A monitored host's own clock against the capture's (the mirror port): the two do not share a
// clock, so the host's logger and events stamp times `offset + drift x elapsed` away from the
// capture's. Each host draws its offset and drift from the scenario's bounds (logger.clock_offset,
// logger.clock_drift_ppm), deterministically from the seed and its position in the host list.
// Plain C++: used by the emulated SocketLogger and by the simulator's event recorder alike.
#pragma once

#include "analyzers/formats/basic-types.h"

#include <cstddef>
#include <cstdint>

namespace ntlab {

struct HostClock {
  TimeUs offset_us = 0;   // host clock minus capture clock at `origin_us`
  double drift_ppm = 0;   // how fast the host clock runs against the capture's, parts per million
  TimeUs origin_us = 0;   // capture time at which the offset holds (the run's start)

  bool Exact() const { return offset_us == 0 && drift_ppm == 0; }
  /// The host's reading at capture time `t`.
  TimeUs ToHost(TimeUs t) const;
  /// The capture time at which the host reads `h`.
  TimeUs ToCapture(TimeUs h) const;
};

/// Host `hostIndex`'s clock: offset uniform in [-maxOffsetUs, +maxOffsetUs] and drift uniform in
/// [-maxDriftPpm, +maxDriftPpm], drawn from `seed` (exact when both bounds are 0).
HostClock DrawHostClock(std::uint64_t seed, std::size_t hostIndex, TimeUs originUs, TimeUs maxOffsetUs,
                        double maxDriftPpm);

/// SplitMix64: a portable, well-mixed hash, so draws do not depend on the standard library.
std::uint64_t MixBits(std::uint64_t x);

}  // namespace ntlab
