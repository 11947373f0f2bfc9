// The socket log as `ntlab label` loads it (SocketIndex::Load, analyzers/labeling, over the
// readers of analyzers/formats/records.h): either form, told apart by the header. The input is
// socketlog.csv; an interval-form log finds its poll schedule beside it, a fixed one here (two
// hosts, 1200 polls each; the polls harness fuzzes that file). The loaded index is then probed
// as the labelling stages use it (socket-index-probe.h).
#include "analyzers/labeling/socket-index.h"
#include "tests/fuzz/fuzz-support.h"
#include "tests/fuzz/socket-index-probe.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ntlab;
  static const std::string polls = fuzz::Scratch::Write(
      "socketlog-polls.csv",
      "host,first_ts,interval_us,polls\npc01,1741597230.000905,50000,1200\npc02,1741597230.047975,50000,1200\n");
  const std::string path = fuzz::Scratch::Write("socketlog.csv", data, size);
  fuzz::AcceptsOrRefuses([&] { fuzz::ProbeIndex(SocketIndex::Load(path)); });
  (void)polls;
  return 0;
}
