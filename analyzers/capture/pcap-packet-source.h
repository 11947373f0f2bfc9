// Reads the files of a CapturePlan with libpcap (pcap_fopen_offline, which opens pcap and pcapng
// alike) and decodes each record to a DecodedPacket.
//
// Error policy: a missing file, a file that is not a capture, an unsupported link type or a read
// error mid-file is an InputError naming the file. A capture whose LAST record is cut short (a
// crashed or still-running capture, a rotated file copied while being written) keeps every
// complete record before it: the cut is reported in a warning (file, record number, bytes
// missing) and counted in CaptureStats. With CaptureOptions::strict_captures (the `--strict-captures`
// flag of every capture-reading command, carried in its options) it is an InputError instead.
//
// A bad packet is never an error: the decoder's and every analyzer's bad packets are reported to
// the source's BadPackets (analyzers/capture/bad-packets.h) through each packet's origin, named in
// warnings, summed up in one warning when the source has run, and counted in CaptureStats. A
// record whose time lies beyond what ntlab's files hold (kMaxTimeSeconds either side of the epoch)
// or whose microseconds are not 0-999999 is such a bad packet (record_time).
#pragma once

#include "analyzers/capture/bad-packets.h"
#include "analyzers/capture/capture-options.h"
#include "analyzers/capture/capture-plan.h"
#include "analyzers/capture/ipv4-reassembler.h"
#include "analyzers/capture/packet-decoder.h"
#include "analyzers/capture/ipv6-reassembler.h"
#include "analyzers/capture/packet-source.h"

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

class PcapPacketSource : public PacketSource {
 public:
  explicit PcapPacketSource(CapturePlan plan, CaptureOptions options = {});
  void Run(PacketSink& sink) override;
  const CaptureStats& Stats() const { return m_stats; }

 private:
  void ReadFile(const std::string& path, const IpAddress& hostHint, PacketSink& sink);
  void ReadPcapngFile(const std::string& path, const IpAddress& hostHint, PacketSink& sink);
  void HandleRecord(const PacketDecoder& decoder, int linkType, const std::uint8_t* data, std::uint32_t captured,
                    DecodedPacket& packet, PacketSink& sink);
  void AddFragment(int linkType, const std::uint8_t* frame, std::size_t captured, DecodedPacket& packet,
                   PacketSink& sink);
  void Warn(const std::string& line) const;
  void ReportTruncatedTail(const std::string& path, std::uint64_t completeRecords, const std::string& reason);

  CapturePlan m_plan;
  CaptureOptions m_options;
  CaptureStats m_stats;
  BadPackets m_badPackets;
  Ipv4Reassembler m_reassembler;
  Ipv6Reassembler m_reassembler6;
  std::vector<std::uint8_t> m_datagram;  // the last reassembled datagram, while the sink reads it
};

}  // namespace ntlab
