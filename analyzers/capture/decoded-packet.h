// One IPv4 or IPv6 TCP/UDP packet as the analyzers need it: addresses, ports, flags, sizes and a view of
// the payload. Small and allocation-free so the per-packet path stays cheap.
#pragma once

#include "analyzers/formats/basic-types.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ntlab {

struct PacketOrigin;  // analyzers/capture/bad-packets.h

/// TCP header flag bits (RFC 793 / 3168 positions).
namespace TcpFlag {
constexpr std::uint8_t kFin = 0x01;
constexpr std::uint8_t kSyn = 0x02;
constexpr std::uint8_t kRst = 0x04;
constexpr std::uint8_t kPsh = 0x08;
constexpr std::uint8_t kAck = 0x10;
}  // namespace TcpFlag

struct DecodedPacket {
  TimeUs ts = 0;                         // from the capture record header, never the wall clock
  Proto proto = Proto::Tcp;
  Endpoint src;
  Endpoint dst;
  std::uint8_t tcp_flags = 0;            // 0 for UDP
  std::uint32_t tcp_seq = 0;
  std::uint32_t tcp_ack = 0;             // 0 for UDP
  std::uint16_t ip_id = 0;               // IPv4 identification (0 for IPv6): kept by NAT, so the view merge hashes it
  std::uint16_t ip_length = 0;           // IPv4 total length, IPv6 40 + payload length: the session byte count
  std::uint32_t wire_length = 0;         // original frame length from the record header
  /// Transport payload inside the capture buffer; valid only during the callback. Shorter than
  /// the real payload when the capture snap length cut the packet.
  const std::uint8_t* payload = nullptr;
  std::uint32_t payload_length = 0;
  /// The monitored host this capture belongs to (from the file name); unspecified when unknown.
  IpAddress host_hint;
  /// File, packet number and bad-packet tally (ReportBadPacket); null on synthetic feeds.
  const PacketOrigin* origin = nullptr;
  /// The record's pcapng comments (opt_comment), only when the source reads them
  /// (CaptureOptions::read_comments); null otherwise.
  const std::vector<std::string>* comments = nullptr;

  bool HasFlag(std::uint8_t flag) const { return (tcp_flags & flag) != 0; }
};

}  // namespace ntlab
