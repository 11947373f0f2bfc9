#include "models/payload/split-mix64.h"

namespace ntlab::payload {

uint64_t SplitMix64::Next() {
  // Reference constants from Steele, Lea & Flood, "Fast splittable pseudorandom number generators".
  uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

void SplitMix64::Fill(uint8_t* out, size_t n) {
  while (n >= 8) {
    uint64_t v = Next();
    // Explicit little-endian so the bytes are the same on every host, not just on x86.
    for (int i = 0; i < 8; ++i) out[i] = static_cast<uint8_t>(v >> (8 * i));
    out += 8;
    n -= 8;
  }
  if (n > 0) {
    uint64_t v = Next();
    for (size_t i = 0; i < n; ++i) out[i] = static_cast<uint8_t>(v >> (8 * i));
  }
}

void SplitMix64::Append(Bytes& out, size_t n) {
  size_t old = out.size();
  out.resize(old + n);
  Fill(out.data() + old, n);
}

uint64_t DeriveSeed(uint64_t seed, uint64_t salt) {
  SplitMix64 g(seed ^ (salt * 0xd1b54a32d192ed03ULL));
  return g.Next();
}

}  // namespace ntlab::payload
