#include "tests/regression/generators/cooked-capture.h"

#include <pcap/pcap.h>

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <vector>

namespace ntlab::regression {
namespace {

constexpr std::size_t kEthernetHeader = 14;
constexpr std::uint16_t kArphrdEther = 1;
constexpr std::uint8_t kToUs = 0, kOutgoing = 4;  // packet types of linux/if_packet.h

// Sent by the host: an IPv4 packet from its address (anything else, ARP say, counts as received).
bool SentByHost(const std::uint8_t* frame, Ipv4 hostIp) {
  if (frame[12] != 0x08 || frame[13] != 0x00) return false;
  const std::uint8_t* ip = frame + kEthernetHeader + 12;
  return (Ipv4(ip[0]) << 24 | Ipv4(ip[1]) << 16 | Ipv4(ip[2]) << 8 | ip[3]) == hostIp;
}

// The cooked header for one frame: direction, link type, the sender's MAC, the ethertype.
std::vector<std::uint8_t> CookedHeaderFor(const std::uint8_t* frame, bool outgoing, CookedHeader kind) {
  const std::uint8_t* sourceMac = frame + 6;
  const std::uint8_t* etherType = frame + 12;
  std::uint8_t type = outgoing ? kOutgoing : kToUs;
  std::vector<std::uint8_t> h;
  if (kind == CookedHeader::Sll) {
    h = {0, type, 0, kArphrdEther, 0, 6};
    h.insert(h.end(), sourceMac, sourceMac + 6);
    h.insert(h.end(), {0, 0, etherType[0], etherType[1]});
  } else {
    h = {etherType[0], etherType[1], 0, 0, 0, 0, 0, 2 /* interface index */, 0, kArphrdEther, type, 6};
    h.insert(h.end(), sourceMac, sourceMac + 6);
    h.insert(h.end(), {0, 0});
  }
  return h;
}

}  // namespace

void WriteCookedCapture(const std::filesystem::path& ethernet, Ipv4 hostIp, CookedHeader kind,
                        const std::filesystem::path& out) {
  char error[PCAP_ERRBUF_SIZE];
  std::unique_ptr<pcap_t, void (*)(pcap_t*)> in(pcap_open_offline(ethernet.c_str(), error), pcap_close);
  if (!in) throw std::runtime_error(ethernet.string() + ": " + error);
  if (pcap_datalink(in.get()) != DLT_EN10MB) throw std::runtime_error(ethernet.string() + ": not an Ethernet capture");
  std::unique_ptr<pcap_t, void (*)(pcap_t*)> dead(
      pcap_open_dead(kind == CookedHeader::Sll ? DLT_LINUX_SLL : DLT_LINUX_SLL2, 65535), pcap_close);
  pcap_dumper_t* dumper = pcap_dump_open(dead.get(), out.c_str());
  if (!dumper) throw std::runtime_error(out.string() + ": " + pcap_geterr(dead.get()));
  pcap_pkthdr* header = nullptr;
  const u_char* frame = nullptr;
  while (pcap_next_ex(in.get(), &header, &frame) == 1) {
    if (header->caplen < kEthernetHeader + 20) continue;  // too short to hold an IPv4 header
    std::vector<std::uint8_t> cooked = CookedHeaderFor(frame, SentByHost(frame, hostIp), kind);
    const std::size_t cookedHeader = cooked.size();
    cooked.insert(cooked.end(), frame + kEthernetHeader, frame + header->caplen);
    pcap_pkthdr outHeader = *header;
    outHeader.caplen = std::uint32_t(cooked.size());
    outHeader.len = std::uint32_t(header->len - kEthernetHeader + cookedHeader);
    pcap_dump(reinterpret_cast<u_char*>(dumper), &outHeader, cooked.data());
  }
  pcap_dump_close(dumper);
}

}  // namespace ntlab::regression
