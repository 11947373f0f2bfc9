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
#include "analyzers/capture/packet-decoder.h"
#include "analyzers/capture/packet-source.h"
#include "analyzers/capture/record-decoder.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ntlab {

class PcapPacketSource : public PacketSource {
 public:
  explicit PcapPacketSource(CapturePlan plan, CaptureOptions options = {});
  void Run(PacketSink& sink) override;
  const CaptureStats& Stats() const { return m_stats; }

 private:
  void ReadFile(const std::string& path, const IpAddress& hostHint, PacketSink& sink);
  void ReadPcapngFile(const std::string& path, const IpAddress& hostHint, PacketSink& sink);
  void Warn(const std::string& line) const;
  void ReportTruncatedTail(const std::string& path, std::uint64_t completeRecords, const std::string& reason);

  CapturePlan m_plan;
  CaptureOptions m_options;
  CaptureStats m_stats;
  BadPackets m_badPackets;
  RecordDecoder m_records{m_stats, m_badPackets};
};

}  // namespace ntlab
