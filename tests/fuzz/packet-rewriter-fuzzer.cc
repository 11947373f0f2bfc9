// PacketRewriter (replay/rewrite/packet-rewriter.h): one frame of any supported link type rewritten
// in place with address, port and MAC maps. Input: one byte choosing the link type (its high bit:
// --fixcsum), then the frame (the packet-decoder corpus's format). Besides not crashing or
// reading past the frame, the rewriter's count must say exactly whether a byte changed, and a
// frame whose network layer was passed through must keep it.
#include "replay/rewrite/packet-rewriter.h"
#include "tests/fuzz/fuzz-support.h"

#include <pcap/dlt.h>

#include <array>
#include <cstdint>
#include <vector>

namespace {

constexpr std::array<int, 8> kLinkTypes = {DLT_EN10MB, DLT_LINUX_SLL, DLT_LINUX_SLL2, DLT_RAW,
                                           DLT_IPV4,   DLT_NULL,      DLT_LOOP,       DLT_PPP};

// Maps that swap: whatever the fuzzer writes, some frames match in each direction.
const ntlab::RewriteMaps& Maps() {
  static const ntlab::RewriteMaps maps = [] {
    ntlab::RewriteRules rules;
    rules.addresses = ntlab::ParseAddressRules("10.0.0.0/16:192.168.0.0/16,192.168.0.0/16:10.0.0.0/16", "--pnat");
    rules.destination_addresses = ntlab::ParseAddressRules("172.16.0.0/12:100.64.0.0/12", "--dstipmap");
    rules.ports = ntlab::ParsePortRules("80:8080,8080:80,53:0,0:53", "--portmap");
    rules.source_macs.push_back(
        {ntlab::ParseMac("02:00:00:00:00:01"), *ntlab::ParseMac("02:00:00:00:00:02"), "fuzz"});
    return ntlab::RewriteMaps::FromRules(rules);
  }();
  return maps;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ntlab;
  if (size < 1) return 0;
  const int linkType = kLinkTypes[(data[0] & 0x7f) % kLinkTypes.size()];
  const bool fixChecksums = (data[0] & 0x80) != 0;
  const std::vector<std::uint8_t> original(data + 1, data + size);
  std::vector<std::uint8_t> frame = original;  // exact size: overreads and overwrites show in ASan
  PacketRewriter rewriter(Maps(), linkType, fixChecksums);
  rewriter.Rewrite(frame.data(), frame.size(), frame.size() + (data[0] & 1));
  const RewriteCounts& counts = rewriter.Counts();
  NTLAB_FUZZ_CHECK(counts.packets == 1);
  NTLAB_FUZZ_CHECK((counts.changed == 1) == (frame != original));
  NTLAB_FUZZ_CHECK(counts.Passed() <= 1);
  if (counts.Passed() == 1 && linkType != DLT_EN10MB) NTLAB_FUZZ_CHECK(frame == original);
  return 0;
}
