// One capture record, decoded the same way whatever read it (a capture file or a live interface):
// TCP/UDP packets go to the sink, what is skipped is counted by reason in CaptureStats, bad packets
// are reported to the record's origin, and IPv4/IPv6 fragments are reassembled (bounded memory)
// and handed on as one packet each. Sharing it is what lets every command print the same
// skipped-packet line (DescribeSkippedPackets) for files and for live captures.
#pragma once

#include "analyzers/capture/bad-packets.h"
#include "analyzers/capture/ipv4-reassembler.h"
#include "analyzers/capture/ipv6-reassembler.h"
#include "analyzers/capture/packet-decoder.h"
#include "analyzers/capture/packet-source.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace ntlab {

struct CaptureStats {
  std::uint64_t files = 0;
  std::uint64_t records = 0;         // every record read
  std::uint64_t decoded = 0;         // IPv4 and IPv6 TCP/UDP handed to the sink
  std::uint64_t not_ipv4 = 0;        // neither IPv4 nor IPv6 (ARP, LLDP …); the name predates IPv6
  std::uint64_t not_tcp_udp = 0;
  std::uint64_t fragments = 0;          // IPv4 and IPv6 fragment records (held for reassembly)
  std::uint64_t ipv4_fragments = 0;     // the IPv4 ones (and IPv6 below): a fragment the snap length cut
  std::uint64_t ipv6_fragments = 0;     //   is counted here but never reaches the reassembler
  ReassemblyStats reassembly;           // IPv4 datagrams made of them (decoded as one packet each) or dropped
  ReassemblyStats reassembly6;          // the same for IPv6
  std::uint64_t malformed = 0;         // the decoder's bad packets (also in bad_packets)
  std::uint64_t truncated_files = 0;  // files whose last record was cut short (warnings say where)
  std::vector<std::string> warnings;
  BadPacketCounts bad_packets;         // every analyzer's, by reason
};

/// What the reader skipped, by reason, and what became of fragments, as the one line every command
/// that reads captures prints when a source has run (a warning on stderr):
///   1500 records read; skipped: not IP 10, not TCP/UDP 2, bad 3, cut-short last record 1; IPv4 fragments 4: 2 datagrams
///   reassembled, 0 expired, 0 dropped at the memory bound, 0 over 65535 bytes
/// Empty when nothing was skipped, no file was cut short and no fragment was seen.
std::string DescribeSkippedPackets(const CaptureStats& stats);
/// metrics.json's `reassembly`: per family (`ipv4`, `ipv6`) `fragments`, `reassembled`, `expired`,
/// `dropped_memory_bound`, `dropped_oversize` (docs/formats.md).
nlohmann::json ReassemblyCountsJson(const CaptureStats& stats);

class RecordDecoder {
 public:
  /// Counts into `stats` and reports into `badPackets`; both outlive this decoder.
  RecordDecoder(CaptureStats& stats, BadPackets& badPackets) : m_stats(stats), m_badPackets(badPackets) {}

  /// `packet` carries the record's time, wire length, host hint and origin; the decoder fills the rest.
  void Handle(const PacketDecoder& decoder, int linkType, const std::uint8_t* data, std::uint32_t captured,
              DecodedPacket& packet, PacketSink& sink);
  /// Drops the fragments still waiting (a datagram never spans two captures) and copies the
  /// reassemblers' counts into the stats.
  void Flush();

 private:
  void AddFragment(int linkType, const std::uint8_t* frame, std::size_t captured, DecodedPacket& packet,
                   PacketSink& sink);

  CaptureStats& m_stats;
  BadPackets& m_badPackets;
  Ipv4Reassembler m_reassembler;
  Ipv6Reassembler m_reassembler6;
  std::vector<std::uint8_t> m_datagram;  // the last reassembled datagram, while the sink reads it
};

}  // namespace ntlab
