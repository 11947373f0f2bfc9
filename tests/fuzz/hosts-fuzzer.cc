// The simulated host list (hosts.csv): HostReader and HostWriter (analyzers/formats/records.h).
// The input is hosts.csv. Besides not crashing, an accepted file reads back the same once written.
#include "analyzers/formats/records.h"
#include "tests/fuzz/csv-round-trip.h"
#include "tests/fuzz/fuzz-support.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ntlab;
  fuzz::ReadAndRoundTrip(
      "hosts.csv", data, size, [](const std::string& p) { return ReadAll<HostReader>(p); },
      [](const std::string& p, const std::vector<HostRow>& r) { WriteAll<HostWriter>(p, r); });
  return 0;
}
