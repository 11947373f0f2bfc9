// The Kraken infection truth (kraken_truth.csv): ReadKrakenTruthCsv and WriteKrakenTruthCsv
// (analyzers/formats/kraken-files.h). The input is the file. Besides not crashing, an accepted
// file reads back the same once written.
#include "analyzers/formats/kraken-files.h"
#include "tests/fuzz/csv-round-trip.h"
#include "tests/fuzz/fuzz-support.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ntlab;
  fuzz::ReadAndRoundTrip("kraken_truth.csv", data, size, ReadKrakenTruthCsv, WriteKrakenTruthCsv);
  return 0;
}
