// HTTP/1.x transaction extraction (HttpTransactionExtractor, analyzers/botnet), what the Zeus
// analysis reads from TCP streams. Input: a packet stream (fuzz-support.h PacketStream).
// Besides not crashing: every transaction is delivered once and counted, none comes back without
// a request or a response, and a complete response has a status.
#include "analyzers/botnet/http-transaction-extractor.h"
#include "tests/fuzz/fuzz-support.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ntlab;
  std::uint64_t delivered = 0;
  HttpExtractorConfig config;
  config.max_header_bytes = 2048;        // small, so the limits are reachable with small inputs
  config.max_out_of_order_bytes = 4096;
  HttpTransactionExtractor extractor(
      [&](const HttpTransaction& t) {
        ++delivered;
        NTLAB_FUZZ_CHECK(!t.method.empty() || t.status != 0);
        NTLAB_FUZZ_CHECK(t.status == 0 || (t.status >= 200 && t.status <= 999));
        NTLAB_FUZZ_CHECK(!t.response_complete || t.status != 0);
        NTLAB_FUZZ_CHECK(t.Path().size() <= t.uri.size());
      },
      config);
  fuzz::PacketStream stream(data, size);
  DecodedPacket packet;
  while (stream.Next(packet)) extractor.OnPacket(packet);
  extractor.OnGroupFinished();
  NTLAB_FUZZ_CHECK(extractor.Stats().transactions == delivered);
  return 0;
}
