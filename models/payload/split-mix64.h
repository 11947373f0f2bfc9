#ifndef NTLAB_TRAFFIC_GEN_PAYLOAD_SPLIT_MIX64_H
#define NTLAB_TRAFFIC_GEN_PAYLOAD_SPLIT_MIX64_H

// Deterministic pseudo-random bytes for payload builders.
//
// Payload content must be reproducible from the run seed alone (no global RNG, no wall clock), so
// every builder takes an explicit 64-bit seed and expands it with SplitMix64: tiny state, fast, and
// good enough to make "encrypted" bytes look uniformly random to a dissector. It is NOT
// cryptographic; nothing in ntlab needs it to be.

#include "models/payload/bytes.h"

#include <cstddef>
#include <cstdint>

namespace ntlab::payload {

class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : m_state(seed) {}

  uint64_t Next();
  // Uniform in [0, bound) (bound > 0); the modulo bias is irrelevant for filler content.
  uint64_t Below(uint64_t bound) { return Next() % bound; }
  void Fill(uint8_t* out, size_t n);
  void Append(Bytes& out, size_t n);

 private:
  uint64_t m_state;
};

// Derives an independent seed for a sub-stream (e.g. "random" vs "session id" of one message), so
// changing the length of one field does not shift the bytes of another.
uint64_t DeriveSeed(uint64_t seed, uint64_t salt);

}  // namespace ntlab::payload

#endif
