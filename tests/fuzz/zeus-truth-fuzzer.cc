// The Zeus C&C truth (zeus_episodes.csv): ReadZeusTruthCsv and WriteZeusTruthCsv
// (analyzers/formats/zeus-files.h). The input is the file. Besides not crashing, an accepted file
// reads back the same once written.
#include "analyzers/formats/zeus-files.h"
#include "tests/fuzz/csv-round-trip.h"
#include "tests/fuzz/fuzz-support.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ntlab;
  fuzz::ReadAndRoundTrip("zeus_episodes.csv", data, size, ReadZeusTruthCsv, WriteZeusTruthCsv);
  return 0;
}
