// pcap and pcapng reading: PcapPacketSource (analyzers/capture) over one capture file, with
// libpcap's own file parsing underneath (pcap_fopen_offline reads both formats). The input is the
// file; it is written to a scratch file on tmpfs because the source, as `ntlab label` uses it,
// takes paths. An even-sized input is read with strict_captures (a cut last record is an error).
// Besides not crashing, every record is counted exactly once and every decoded packet's payload
// is readable to its end.
#include "analyzers/capture/capture-plan.h"
#include "analyzers/capture/pcap-packet-source.h"
#include "tests/fuzz/fuzz-support.h"

#include <cstdint>

namespace {

// Reads every payload byte (so AddressSanitizer sees a payload reaching past the record) and
// checks the group structure.
class CheckingSink : public ntlab::PacketSink {
 public:
  void OnPacket(const ntlab::DecodedPacket& packet) override {
    NTLAB_FUZZ_CHECK(packet.payload_length == 0 || packet.payload != nullptr);
    for (std::uint32_t i = 0; i < packet.payload_length; ++i) m_sum += packet.payload[i];
    NTLAB_FUZZ_CHECK(packet.ts >= -ntlab::fuzz::kMaxPacketTs && packet.ts <= ntlab::fuzz::kMaxPacketTs);
    ++packets;
  }
  void OnGroupFinished() override { ++groups; }
  std::uint64_t packets = 0;
  std::uint64_t groups = 0;

 private:
  std::uint64_t m_sum = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ntlab;
  const std::string path = fuzz::Scratch::Write("capture.pcap", data, size);
  CaptureOptions options;
  options.strict_captures = size % 2 == 0;
  PcapPacketSource source(CapturePlan::FromInputs({path}), options);
  CheckingSink sink;
  if (!fuzz::AcceptsOrRefuses([&] { source.Run(sink); })) return 0;
  const CaptureStats& s = source.Stats();
  NTLAB_FUZZ_CHECK(sink.groups == 1 && s.files == 1);
  NTLAB_FUZZ_CHECK(s.decoded + s.reassembly.reassembled >= sink.packets && s.decoded <= sink.packets);
  NTLAB_FUZZ_CHECK(s.records == s.decoded + s.not_ipv4 + s.not_tcp_udp + s.fragments + s.malformed);
  NTLAB_FUZZ_CHECK(s.truncated_files == s.warnings.size());
  return 0;
}
