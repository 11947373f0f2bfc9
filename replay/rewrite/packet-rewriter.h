// Rewrites one captured frame in place: MACs (Ethernet), IPv4 source and destination addresses,
// TCP/UDP ports, the sender and target addresses of ARP (with the both-ways address map, as
// tcprewrite --pnat does), and the checksums these cover (replay/rewrite/checksums.h). A frame
// whose network layer the rewriter does not understand is passed on unchanged there and counted
// by reason; it is never an error (one odd packet must not stop a replay).
//
// Fragments: every fragment's addresses are rewritten (the datagram must reassemble); the ports
// and the transport checksum live in the first fragment and are updated there for the whole
// datagram's change. A first fragment too short to show them is passed through unchanged.
#pragma once

#include "replay/rewrite/rewrite-maps.h"

#include <nlohmann/json.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace ntlab {

/// Why a frame's network layer was left as it was.
enum class PassReason : std::uint8_t {
  LinkHeader,            // shorter than its link header
  NotIpv4,               // IPv6, LLDP, ... (ARP is rewritten, not passed)
  Ipv4Header,            // version, header length or total length impossible, or not captured
  TransportNotCaptured,  // TCP/UDP header cut off before the ports or checksum that must change
};
constexpr std::size_t kPassReasons = static_cast<std::size_t>(PassReason::TransportNotCaptured) + 1;
const char* Key(PassReason reason);

struct RewriteCounts {
  std::uint64_t packets = 0;
  std::uint64_t mapped = 0;   // a rule changed an address, port or MAC
  std::uint64_t changed = 0;  // at least one byte differs from the input (a rule or --fixcsum)
  std::array<std::uint64_t, kPassReasons> passed{};

  std::uint64_t Passed() const;
  /// {"packets", "mapped", "changed", "unchanged", "passed_through": {"total", "by_reason": {...}}}
  nlohmann::json ToJson() const;
  /// "not_ipv4 3, ipv4_header 1" (reasons with a count), or "none".
  std::string DescribePassed() const;
};

class PacketRewriter {
 public:
  /// `linkType` is the capture's pcap DLT_*; `fixChecksums` recomputes every IPv4 header checksum
  /// and every unfragmented, wholly captured TCP/UDP checksum (tcprewrite --fixcsum).
  PacketRewriter(const RewriteMaps& maps, int linkType, bool fixChecksums);

  /// Rewrites the frame (`captured` bytes of a `wireLength` frame) in place.
  void Rewrite(std::uint8_t* frame, std::size_t captured, std::size_t wireLength);
  const RewriteCounts& Counts() const { return m_counts; }

 private:
  bool RewriteMacs(std::uint8_t* frame, std::size_t captured) const;
  bool RewriteArp(std::uint8_t* arp, std::size_t available) const;
  enum class Ipv4Outcome : std::uint8_t { Passed, Unmapped, Mapped };
  /// Applies the address and port rules; a frame whose IPv4 layer had to be left alone is counted.
  Ipv4Outcome RewriteIpv4(std::uint8_t* ip, std::size_t available);
  bool MapPorts(std::uint8_t* segment, std::uint8_t protocol) const;
  bool FixChecksums(std::uint8_t* ip, std::size_t available, bool wholeFrame) const;
  void Pass(PassReason reason) { ++m_counts.passed[static_cast<std::size_t>(reason)]; }

  const RewriteMaps& m_maps;
  int m_linkType;
  bool m_fixChecksums;
  RewriteCounts m_counts;
};

}  // namespace ntlab
