#include "models/agents/host-clock.h"

#include <cmath>

namespace ntlab {

std::uint64_t MixBits(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

TimeUs HostClock::ToHost(TimeUs t) const {
  return t + offset_us + TimeUs(std::llround(drift_ppm * 1e-6 * double(t - origin_us)));
}

TimeUs HostClock::ToCapture(TimeUs h) const {
  return origin_us + TimeUs(std::llround(double(h - origin_us - offset_us) / (1 + drift_ppm * 1e-6)));
}

namespace {
// A uniform draw in [-1, 1] from the seed, the host and which quantity it is.
double SignedUnit(std::uint64_t seed, std::size_t hostIndex, std::uint64_t which) {
  std::uint64_t bits = MixBits(MixBits(seed ^ 0xC10C4ull) + hostIndex * 0x100000001B3ull + which);
  return double(bits >> 11) / double(1ull << 53) * 2 - 1;
}
}  // namespace

HostClock DrawHostClock(std::uint64_t seed, std::size_t hostIndex, TimeUs originUs, TimeUs maxOffsetUs,
                        double maxDriftPpm) {
  HostClock clock;
  clock.origin_us = originUs;
  if (maxOffsetUs > 0) clock.offset_us = TimeUs(std::llround(SignedUnit(seed, hostIndex, 1) * double(maxOffsetUs)));
  if (maxDriftPpm > 0) clock.drift_ppm = SignedUnit(seed, hostIndex, 2) * maxDriftPpm;
  return clock;
}

}  // namespace ntlab
