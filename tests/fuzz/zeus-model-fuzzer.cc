// The Zeus behaviour model (model.json, read back by `ntlab zeus --model-in`): ReadZeusModelFile
// and WriteZeusModelFile (analyzers/formats/zeus-files.h), JSON through nlohmann::json. The input
// is the file. Besides not crashing, an accepted model has vectors of the feature count, and
// reads back the same once written.
#include "analyzers/formats/zeus-files.h"
#include "tests/fuzz/csv-round-trip.h"
#include "tests/fuzz/fuzz-support.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ntlab;
  const auto read = fuzz::ReadAndRoundTrip("model.json", data, size, ReadZeusModelFile, WriteZeusModelFile);
  if (!read) return 0;
  const ZeusModelFile& model = *read;
  NTLAB_FUZZ_CHECK(model.scale_center.size() == model.features.size());
  NTLAB_FUZZ_CHECK(model.scale_sd.size() == model.features.size());
  for (const auto& cluster : model.clusters) NTLAB_FUZZ_CHECK(cluster.center.size() == model.features.size());
  return 0;
}
