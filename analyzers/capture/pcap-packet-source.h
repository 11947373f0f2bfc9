// Reads the files of a CapturePlan with libpcap (pcap_fopen_offline, which opens pcap and pcapng
// alike) and decodes each record to a DecodedPacket.
//
// Error policy: a missing file, a file that is not a capture, an unsupported link type or a read
// error mid-file is an InputError naming the file. A capture whose LAST record is cut short (a
// crashed or still-running capture, a rotated file copied while being written) keeps every
// complete record before it: the cut is reported in a warning (file, record number, bytes
// missing) and counted in CaptureStats. With `strict_captures` (the `--strict-captures` flag of
// every capture-reading command) it is an InputError instead.
//
// A bad packet is never an error: the decoder's and every analyzer's bad packets are reported to
// the source's BadPackets (analyzers/capture/bad-packets.h) through each packet's origin, named in
// warnings, summed up in one warning when the source has run, and counted in CaptureStats. A
// record whose time lies beyond what ntlab's files hold (kMaxTimeSeconds either side of the epoch)
// or whose microseconds are not 0-999999 is such a bad packet (record_time).
#pragma once

#include "analyzers/capture/bad-packets.h"
#include "analyzers/capture/capture-plan.h"
#include "analyzers/capture/ipv4-reassembler.h"
#include "analyzers/capture/packet-decoder.h"
#include "analyzers/capture/ipv6-reassembler.h"
#include "analyzers/capture/packet-source.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ntlab {

/// `--strict-captures` for the whole process: the command line sets it once, after parsing and
/// before any capture is read. It is read when a truncated record is met, not when options are
/// made, since commands build their options (and the CLI binds them) before parsing.
void SetStrictCapturesDefault(bool strict);
bool StrictCapturesDefault();

struct CaptureOptions {
  bool strict_captures = false;  // a truncated last record is an error (or StrictCapturesDefault())
  /// pcapng files are read by PcapngBlockReader instead of libpcap, and each packet carries its
  /// comments (DecodedPacket::comments): for the process comments of `ntlab truth`. A block that
  /// is wrong is then a bad packet (pcapng_block).
  bool read_comments = false;
  /// Where bad-packet warnings go (without the "ntlab: warning: " prefix); empty: stderr.
  BadPackets::Warn warn;
};

struct CaptureStats {
  std::uint64_t files = 0;
  std::uint64_t records = 0;         // every record read
  std::uint64_t decoded = 0;         // IPv4 and IPv6 TCP/UDP handed to the sink
  std::uint64_t not_ipv4 = 0;        // neither IPv4 nor IPv6 (ARP, LLDP …); the name predates IPv6
  std::uint64_t not_tcp_udp = 0;
  std::uint64_t fragments = 0;          // IPv4 and IPv6 fragment records (held for reassembly)
  ReassemblyStats reassembly;           // IPv4 datagrams made of them (decoded as one packet each) or dropped
  ReassemblyStats reassembly6;          // the same for IPv6
  std::uint64_t malformed = 0;         // the decoder's bad packets (also in bad_packets)
  std::uint64_t truncated_files = 0;  // files whose last record was cut short (warnings say where)
  std::vector<std::string> warnings;
  BadPacketCounts bad_packets;         // every analyzer's, by reason
};

class PcapPacketSource : public PacketSource {
 public:
  explicit PcapPacketSource(CapturePlan plan, CaptureOptions options = {});
  void Run(PacketSink& sink) override;
  const CaptureStats& Stats() const { return m_stats; }

 private:
  void ReadFile(const std::string& path, Ipv4 hostHint, PacketSink& sink);
  void ReadPcapngFile(const std::string& path, Ipv4 hostHint, PacketSink& sink);
  void HandleRecord(const PacketDecoder& decoder, int linkType, const std::uint8_t* data, std::uint32_t captured,
                    DecodedPacket& packet, PacketSink& sink);
  void AddFragment(int linkType, const std::uint8_t* frame, std::size_t captured, DecodedPacket& packet,
                   PacketSink& sink);
  void WarnDropped(const char* family, const ReassemblyStats& stats) const;
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
