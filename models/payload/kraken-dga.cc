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

// v2 keeps r as an unsigned 32-bit value (the script masks with 0xFFFFFFFF).
uint32_t LcgV2(uint32_t r) { return 1103515245u * r + 12435u; }

uint32_t CropV2(uint32_t r) { return (r >> 8) & 0x7fff; }

constexpr int64_t kV2EpochSeconds = 1207000000;
constexpr int64_t kSecondsPerWeek = 604800;

int64_t V2Discards(int64_t unixSeconds, uint32_t domainNr) {
  // Python's // floors; dates before the epoch give fewer (possibly no) discards, as there.
  int64_t weeks = unixSeconds - kV2EpochSeconds;
  weeks = weeks >= 0 ? weeks / kSecondsPerWeek : -((-weeks + kSecondsPerWeek - 1) / kSecondsPerWeek);
  if (domainNr % 9 == 8) return 0;
  return weeks + 2 - (domainNr % 9 >= 6 ? 1 : 0);
}

}  // namespace

const std::vector<std::string>& KrakenDgaV2Zones(KrakenV2Zones zones) {
  static const std::vector<std::string> generic{"com", "net", "tv", "cc"};
  return zones == KrakenV2Zones::Generic ? generic : KrakenDgaZones();
}

std::string KrakenDgaV2Domain(uint32_t index, int64_t unixSeconds, KrakenSeedSet seeds, KrakenV2Zones zones) {
  const uint32_t domainNr = index / 2;
  const bool tempFile = index % 2 == 1;
  const uint32_t seedA = tempFile ? 24938314u : 24938315u;
  const uint32_t seedB = tempFile ? 1600000u : 1600001u;
  uint32_t r = 3u * domainNr + (seeds == KrakenSeedSet::A ? seedA : seedB);
  for (int64_t i = V2Discards(unixSeconds, domainNr); i > 0; --i) r = CropV2(LcgV2(r));
  uint32_t rands[3];
  for (auto& v : rands) {
    r = LcgV2(r);
    v = CropV2(r);
  }
  // Below 2^15 each, so the product and sum fit in 64 bits.
  int length = static_cast<int>((uint64_t{rands[0]} * rands[1] + rands[2]) % 6) + 7;
  std::string name;
  for (int i = 0; i < length; ++i) {
    r = LcgV2(r);
    name.push_back(static_cast<char>('a' + CropV2(r) % 26));
  }
  return name + "." + KrakenDgaV2Zones(zones)[domainNr % 4];
}

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
