#include "models/payload/kraken-dga.h"

namespace ntlab::payload {

namespace {

// The reference is Python with ctypes.c_int: every product is wrapped to a signed 32-bit value.
int32_t WrapInt32(int64_t v) { return static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(v))); }

int32_t Lcg(int32_t r) { return WrapInt32(int64_t{1103515245} * r + 12435); }

// Python's (r // 256) % 32768 floors for negative r: an arithmetic shift and a mask do the same.
uint32_t Crop(int32_t r) { return static_cast<uint32_t>((r >> 8) & 0x7fff); }

std::string Generate(int64_t domainNr, bool tempFile, KrakenSeedSet seeds) {
  const int64_t ex = seeds == KrakenSeedSet::A ? -0x0FCFBF88 : -0x1FCFBF87;
  const int64_t nex = seeds == KrakenSeedSet::A ? 0x8924541 : 0x7924542;
  int32_t r;
  if (tempFile) {
    // int(c_int(...).value / 9.0): float division truncated toward zero, like C++ integer division.
    int64_t x = WrapInt32(domainNr * (domainNr + 7) * (domainNr + 12)) / 9;
    int64_t y = domainNr * (domainNr + 1);
    r = WrapInt32(x + y + ex);
  } else {
    int64_t x = WrapInt32((domainNr + 2) * (domainNr + 7) * domainNr) / 9;
    int64_t y = (domainNr * 3 + 1) * domainNr;
    r = WrapInt32(x + y + nex);
  }
  uint32_t rands[3];
  for (auto& v : rands) {
    r = Lcg(r);
    v = Crop(r);
  }
  // The rands are below 2^15, so the product fits; Python's % is non-negative, as here.
  int64_t mixed = int64_t{rands[0]} * rands[1] - rands[2];
  int length = static_cast<int>(((mixed % 6) + 6) % 6) + 6;
  std::string name;
  for (int i = 0; i < length; ++i) {
    r = Lcg(r);
    name.push_back(static_cast<char>('a' + Crop(r) % 26));
  }
  return name + "." + KrakenDgaZones()[static_cast<size_t>(domainNr % 4)];
}

}  // namespace

const std::vector<std::string>& KrakenDgaZones() {
  static const std::vector<std::string> zones{"dyndns.org", "yi.org", "dynserv.com", "mooo.com"};
  return zones;
}

std::string KrakenDgaDomain(uint32_t index, KrakenSeedSet seeds) {
  // get_domains() calls dga(i * 2, ...) for temp_file 0 then 1, so list entry 2i + t is domain
  // number i + 1,000,015 with variant t.
  return Generate(int64_t{index / 2} + 1000015, (index % 2) == 1, seeds);
}

std::vector<std::string> KrakenDgaDomains(uint32_t count, KrakenSeedSet seeds) {
  std::vector<std::string> out;
  out.reserve(count);
  for (uint32_t i = 0; i < count; ++i) out.push_back(KrakenDgaDomain(i, seeds));
  return out;
}

}  // namespace ntlab::payload
