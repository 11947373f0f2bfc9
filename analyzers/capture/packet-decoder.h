// Decodes one captured frame (Ethernet with optional VLAN tags and a PPPoE session header, Linux
// cooked SLL/SLL2, raw IP, BSD loopback) down to IPv4 or IPv6 TCP/UDP, walking IPv6's
// extension-header chain. Hand-written rather than libtins PDU parsing because this
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
  NotIp,            // ARP, LLDP …: neither IPv4 nor IPv6, skipped and counted
  NotTcpUdp,        // ICMP, ICMPv6, IGMP, ESP …: skipped and counted
  Fragment,         // an IPv4 or IPv6 fragment (more fragments, or an offset): for the reassemblers
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
/// header and sets `etherType` to its protocol (0x0800 IPv4, 0x86dd IPv6, 0x0806 ARP ...; 0 for a
/// raw or loopback frame that is neither). False when the frame is shorter than its link header or the
/// link type is not one PacketDecoder supports. The capture rewriter (replay/rewrite) walks frames
/// with it too.
bool FindNetworkHeader(int linkType, const std::uint8_t* frame, std::size_t captured, std::size_t& offset,
                       std::uint16_t& etherType);

constexpr std::size_t kIpv6HeaderBytes = 40;
/// A longer chain is an attack or garbage: real packets carry two or three extension headers.
constexpr std::size_t kMaxIpv6ExtensionHeaders = 8;

/// Where an IPv6 packet's extension-header chain (RFC 8200 §4) ends.
struct Ipv6Payload {
  std::uint8_t protocol = 0;        // the header after the chain: 6 TCP, 17 UDP, 58 ICMPv6, 59 none …
  std::size_t offset = 0;           // of that header, from the start of the IPv6 header
  /// Of the fragment header when the packet is a fragment (then `protocol` is the first header of
  /// the fragmentable part and `offset` where that part starts); 0 otherwise. An atomic fragment
  /// (offset 0, no more fragments, RFC 6946) is walked through as a whole packet.
  std::size_t fragment_header = 0;
};

/// Walks the extension headers (hop-by-hop, routing, destination options, authentication,
/// fragment) of the IPv6 packet at `ip`, whose first `size` bytes are present (at least 40), at
/// most kMaxIpv6ExtensionHeaders of them. False, with `problem` saying why, when a header runs
/// past `size` or the chain is longer.
bool FindIpv6Payload(const std::uint8_t* ip, std::size_t size, Ipv6Payload& payload, std::string& problem);

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
