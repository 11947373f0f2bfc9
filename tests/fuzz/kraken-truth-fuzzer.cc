// The Kraken infection truth (kraken_truth.csv): ReadKrakenTruthCsv and WriteKrakenTruthCsv
// (analyzers/formats/kraken-files.h). The input is the file. Besides not crashing, an accepted
// file reads back the same once written.
#include "analyzers/formats/kraken-files.h"
#include "tests/fuzz/csv-round-trip.h"
#include "tests/fuzz/fuzz-support.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ntlab;
  const std::string path = fuzz::Scratch::Write("kraken_truth.csv", data, size);
  if (!fuzz::AcceptsOrRefuses([&] { ReadKrakenTruthCsv(path); })) return 0;
  fuzz::CheckRoundTrip("kraken_truth.csv", ReadKrakenTruthCsv, WriteKrakenTruthCsv);
  return 0;
}
