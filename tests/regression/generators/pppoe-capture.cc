#include "tests/regression/generators/pppoe-capture.h"

#include <pcap/pcap.h>

#include <memory>
#include <stdexcept>
#include <vector>

namespace ntlab::regression {
namespace {

using Bytes = std::vector<std::uint8_t>;
using Pcap = std::unique_ptr<pcap_t, void (*)(pcap_t*)>;

constexpr std::uint16_t kSessionId = 0x0102;

// `frame` (Ethernet, IPv4) with a PPPoE session header and, when `vlan`, an 802.1Q tag.
Bytes Wrap(const std::uint8_t* frame, std::size_t size, bool vlan, std::uint16_t ppp = 0x0021) {
  Bytes out(frame, frame + 12);
  if (vlan) out.insert(out.end(), {0x81, 0x00, 0x00, 0x07});
  const std::size_t length = size - 14 + 2;  // PPP protocol + the IP datagram (RFC 2516 LENGTH)
  out.insert(out.end(), {0x88, 0x64, 0x11, 0x00, std::uint8_t(kSessionId >> 8), std::uint8_t(kSessionId & 0xff),
                         std::uint8_t(length >> 8), std::uint8_t(length & 0xff), std::uint8_t(ppp >> 8),
                         std::uint8_t(ppp & 0xff)});
  out.insert(out.end(), frame + 14, frame + size);
  return out;
}

void Dump(pcap_dumper_t* dumper, const pcap_pkthdr& original, const Bytes& frame) {
  pcap_pkthdr header = original;
  header.caplen = header.len = static_cast<bpf_u_int32>(frame.size());
  pcap_dump(reinterpret_cast<u_char*>(dumper), &header, frame.data());
}

}  // namespace

void WritePppoeCapture(const std::filesystem::path& ethernet, const std::filesystem::path& out) {
  char error[PCAP_ERRBUF_SIZE] = {};
  Pcap in(pcap_open_offline(ethernet.c_str(), error), &pcap_close);
  if (!in) throw std::runtime_error(ethernet.string() + ": " + error);
  if (pcap_datalink(in.get()) != DLT_EN10MB) throw std::runtime_error(ethernet.string() + ": not Ethernet");
  Pcap dead(pcap_open_dead(DLT_EN10MB, 65535), &pcap_close);
  pcap_dumper_t* dumper = pcap_dump_open(dead.get(), out.c_str());
  if (!dumper) throw std::runtime_error(out.string() + ": cannot write: " + pcap_geterr(dead.get()));
  pcap_pkthdr* header = nullptr;
  const u_char* data = nullptr;
  std::size_t ipv4 = 0;
  bool first = true;
  while (pcap_next_ex(in.get(), &header, &data) == 1) {
    if (first) {  // LCP echo request (code 9, id 1, length 8, magic number) before the first frame
      const Bytes lcp = {0x02, 0, 0, 0, 0, 1, 0x02, 0, 0, 0, 0, 2, 0x08, 0x00, 0x09, 0x01, 0x00, 0x08, 0x12, 0x34, 0x56, 0x78};
      Dump(dumper, *header, Wrap(lcp.data(), lcp.size(), false, 0xc021));
      first = false;
    }
    const bool isIpv4 = header->caplen >= 14 && data[12] == 0x08 && data[13] == 0x00;
    if (isIpv4) Dump(dumper, *header, Wrap(data, header->caplen, ipv4++ % 2 == 1));
    else Dump(dumper, *header, Bytes(data, data + header->caplen));
  }
  pcap_dump_close(dumper);
}

}  // namespace ntlab::regression
