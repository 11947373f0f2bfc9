// Decodes one captured frame (Ethernet with optional VLAN tags, Linux cooked SLL/SLL2, raw IP,
// BSD loopback) down to IPv4 TCP/UDP. Hand-written rather than libtins PDU parsing because this
// runs once per packet and must not allocate.
#pragma once

#include "analyzers/capture/decoded-packet.h"

#include <cstddef>
#include <cstdint>

namespace ntlab {

enum class DecodeResult : std::uint8_t {
  Ok,
  NotIpv4,          // ARP, IPv6, LLDP …: skipped and counted
  NotTcpUdp,        // ICMP, IGMP …: skipped and counted
  Fragment,         // non-first IPv4 fragments carry no ports
  Malformed,        // headers cut short or inconsistent
  UnsupportedLink,  // a pcap link type this decoder does not know
};

const char* ToString(DecodeResult result);

class PacketDecoder {
 public:
  /// `linkType` is the pcap DLT_* value of the capture.
  explicit PacketDecoder(int linkType) : m_linkType(linkType) {}
  static bool SupportsLinkType(int linkType);

  /// Fills the address, port, flag, length and payload fields of `packet` (ts, wire_length and
  /// host_hint are the caller's).
  DecodeResult Decode(const std::uint8_t* frame, std::size_t captured, DecodedPacket& packet) const;

 private:
  int m_linkType;
};

}  // namespace ntlab
