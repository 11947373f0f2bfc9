// PacketDecoder (analyzers/capture/packet-decoder.h): one captured frame of any supported link type
// down to IPv4 TCP/UDP. Input: one byte choosing the link type, then the frame. Besides not
// crashing, a decoded packet's payload must lie inside the captured bytes and agree with the
// IPv4 header's lengths.
#include "analyzers/capture/packet-decoder.h"
#include "tests/fuzz/fuzz-support.h"

#include <pcap/dlt.h>

#include <array>
#include <cstdint>
#include <vector>

namespace {

// Every link type the decoder supports, and one it does not.
constexpr std::array<int, 8> kLinkTypes = {DLT_EN10MB, DLT_LINUX_SLL, DLT_LINUX_SLL2, DLT_RAW,
                                           DLT_IPV4,   DLT_NULL,      DLT_LOOP,       DLT_PPP};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ntlab;
  if (size < 1) return 0;
  const int linkType = kLinkTypes[data[0] % kLinkTypes.size()];
  const std::vector<std::uint8_t> frame(data + 1, data + size);  // exact size: overreads show in ASan
  PacketDecoder decoder(linkType);
  DecodedPacket packet;
  const DecodeResult result = decoder.Decode(frame.data(), frame.size(), packet);
  NTLAB_FUZZ_CHECK(PacketDecoder::SupportsLinkType(linkType) || result == DecodeResult::UnsupportedLink);
  NTLAB_FUZZ_CHECK(ToString(result)[0] != '?');
  if (result != DecodeResult::Ok) return 0;
  const std::uint8_t* begin = frame.data();
  const std::uint8_t* end = begin + frame.size();
  NTLAB_FUZZ_CHECK(packet.proto == Proto::Tcp || packet.proto == Proto::Udp);
  NTLAB_FUZZ_CHECK(packet.payload >= begin && packet.payload <= end);
  NTLAB_FUZZ_CHECK(packet.payload_length <= std::size_t(end - packet.payload));
  // The transport header sits between the IPv4 header (>= 20 bytes) and the payload, and the
  // payload never reaches past the IPv4 total length.
  const std::size_t headers = std::size_t(packet.payload - begin);
  NTLAB_FUZZ_CHECK(headers >= 20 + (packet.proto == Proto::Tcp ? 20 : 8));
  NTLAB_FUZZ_CHECK(packet.payload_length + 28 <= packet.ip_length);
  unsigned sum = 0;  // reads every payload byte
  for (std::uint32_t i = 0; i < packet.payload_length; ++i) sum += packet.payload[i];
  NTLAB_FUZZ_CHECK(sum <= 255u * packet.payload_length);
  return 0;
}
