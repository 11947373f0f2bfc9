// TLS ClientHello parsing (TlsClientHello::Parse) and its reassembly from TCP segments
// (TlsClientHelloReassembler), analyzers/sessions. Input: a segmentation plan, then the client's
// byte stream:
//   u8 segments (1 + value % 16), u8 flags (bit 0: the SYN was seen; bit 1: deliver in reverse;
//   bit 2: duplicate every other segment, as retransmissions do), u32 initial sequence number,
//   u16 cut points, then the stream.
// Besides not crashing, the two must agree: once every byte has arrived, the reassembler's answer
// is Parse's answer on the whole stream, whatever the order of the segments, whenever it knows
// where the stream starts (the SYN was seen, or the first segment came first), and whenever both
// decided (a prefix may decide where the whole stream still waits for more).
#include "analyzers/sessions/tls-client-hello-reassembler.h"
#include "analyzers/sessions/tls-client-hello.h"
#include "tests/fuzz/fuzz-support.h"

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ntlab;
  fuzz::ByteReader in(data, size);
  const std::size_t count = 1 + in.Read<std::uint8_t>() % 16;
  const std::uint8_t flags = in.Read<std::uint8_t>();
  const std::uint32_t isn = in.Read<std::uint32_t>();
  std::vector<std::size_t> cuts;
  for (std::size_t i = 1; i < count; ++i) cuts.push_back(in.Read<std::uint16_t>());
  const std::vector<std::uint8_t> stream = in.Rest();

  const TlsClientHelloInfo whole = TlsClientHello::Parse(stream.data(), stream.size());
  if (whole.status != TlsParseStatus::Complete) NTLAB_FUZZ_CHECK(whole.server_name.empty());

  // Segments: the stream cut at the planned points (taken modulo its length, sorted).
  for (auto& cut : cuts) cut = stream.empty() ? 0 : cut % stream.size();
  cuts.push_back(0);
  cuts.push_back(stream.size());
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  std::vector<std::pair<std::size_t, std::size_t>> segments;
  for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
    segments.emplace_back(cuts[i], cuts[i + 1]);
    if ((flags & 4) && i % 2 == 1) segments.emplace_back(cuts[i], cuts[i + 1]);
  }
  if (flags & 2) std::reverse(segments.begin(), segments.end());

  // A limit above the stream, so the reassembler never gives up for size alone.
  TlsClientHelloReassembler reassembler(stream.size() + 1);
  if (flags & 1) reassembler.SetStreamStart(isn);
  TlsParseStatus status = TlsParseStatus::NeedMore;
  for (const auto& [begin, end] : segments) {
    // Each segment in a buffer of its own exact size: overreads show in ASan.
    const std::vector<std::uint8_t> bytes(stream.begin() + begin, stream.begin() + end);
    status = reassembler.Add(isn + static_cast<std::uint32_t>(begin), bytes.data(), bytes.size());
  }
  NTLAB_FUZZ_CHECK(status == reassembler.Status());
  // Without the SYN the first segment seen is taken for the stream start (documented): a later
  // segment arriving first can make it decide on a suffix. The answers must agree whenever the
  // start is known.
  if (stream.empty() || (!(flags & 1) && segments.front().first != 0)) return 0;
  // Decided early or at the end, the answer is the whole stream's: a complete ClientHello gives
  // the same name; a stream Parse calls not TLS is never taken for a ClientHello. (A prefix may
  // decide where the whole stream still waits for a record that never came.)
  if (status != TlsParseStatus::NeedMore && whole.status != TlsParseStatus::NeedMore)
    NTLAB_FUZZ_CHECK(status == whole.status);
  if (status == TlsParseStatus::Complete) NTLAB_FUZZ_CHECK(reassembler.ServerName() == whole.server_name);
  if (whole.status == TlsParseStatus::Complete) NTLAB_FUZZ_CHECK(status == TlsParseStatus::Complete);
  return 0;
}
