// Decodes one captured frame (Ethernet with optional VLAN tags and a PPPoE session header, Linux
// cooked SLL/SLL2, raw IP, BSD loopback) down to IPv4 TCP/UDP. Hand-written rather than libtins PDU parsing because this
// runs once per packet and must not allocate.
#pragma once

#include "analyzers/capture/bad-packets.h"
#include "analyzers/capture/decoded-packet.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace ntlab {

enum class DecodeResult : std::uint8_t {
  Ok,
  NotIpv4,          // ARP, IPv6, LLDP …: skipped and counted
  NotTcpUdp,        // ICMP, IGMP …: skipped and counted
  Fragment,         // an IPv4 fragment (more fragments, or an offset): for Ipv4Reassembler
  Malformed,        // headers cut short or inconsistent
  UnsupportedLink,  // a pcap link type this decoder does not know
};

const char* ToString(DecodeResult result);

/// Why a frame was Malformed: the reason it is counted under and what was wrong with it.
struct DecodeProblem {
  BadPacketReason reason = BadPacketReason::LinkHeader;
  std::string detail;  // "header length 12 bytes, below the minimum 20"
};

/// Skips the link header of a frame of `linkType` (pcap DLT_*): moves `offset` to the network
/// header and sets `etherType` to its protocol (0x0800 IPv4, 0x0806 ARP ...; 0 for a raw or
/// loopback frame that is not IPv4). False when the frame is shorter than its link header or the
/// link type is not one PacketDecoder supports. The capture rewriter (replay/rewrite) walks frames
/// with it too.
bool FindNetworkHeader(int linkType, const std::uint8_t* frame, std::size_t captured, std::size_t& offset,
                       std::uint16_t& etherType);

class PacketDecoder {
 public:
  /// `linkType` is the pcap DLT_* value of the capture.
  explicit PacketDecoder(int linkType) : m_linkType(linkType) {}
  static bool SupportsLinkType(int linkType);

  /// Fills the address, port, flag, length and payload fields of `packet` (ts, wire_length,
  /// host_hint and origin are the caller's). On Malformed, `problem` (when given) says why.
  DecodeResult Decode(const std::uint8_t* frame, std::size_t captured, DecodedPacket& packet,
                      DecodeProblem* problem = nullptr) const;

 private:
  int m_linkType;
};

}  // namespace ntlab
