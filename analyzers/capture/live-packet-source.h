// Packets from a live interface (paper 000's monitor, `ntlab monitor`): libtins' Sniffer opens
// the interface, and each frame goes through the same PacketDecoder as a capture file's, so the
// analyzers cannot tell the two apart. The interface's own IPv4 address is every packet's host
// hint (the monitored host). The kernel's counters (pcap_stats: received, dropped because the
// buffer was full, dropped by the interface) are read at the end: a monitor that falls behind
// must say how much it missed.
#pragma once

#include "analyzers/capture/bad-packets.h"
#include "analyzers/capture/packet-source.h"
#include "analyzers/capture/record-decoder.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

namespace ntlab {

struct LiveCaptureConfig {
  std::string iface;
  double duration_s = 0;           // stop after this long (wall clock); 0: only when asked
  std::uint64_t max_packets = 0;   // stop after this many frames; 0: no limit
  int poll_ms = 100;               // how often a quiet interface checks whether to stop
  const std::atomic<bool>* stop = nullptr;  // set by SIGINT/SIGTERM; null: none
  /// Called once the interface is open: every frame from then on is kept (the commands print
  /// "listening", so a caller knows when its traffic will be seen). Null: none.
  std::function<void()> on_listening;
};

struct LiveCaptureStats {
  std::uint64_t frames = 0;        // frames the sniffer delivered
  /// Run only: what the decoder made of them, by reason, as for a capture file (records = frames).
  CaptureStats decoding;
  std::uint64_t kernel_received = 0;
  std::uint64_t kernel_dropped = 0;      // pcap_stats ps_drop: the capture buffer overflowed
  std::uint64_t interface_dropped = 0;   // ps_ifdrop
  double seconds = 0;
};

class LivePacketSource : public PacketSource {
 public:
  /// Opens the interface; throws InputError when it does not exist or cannot be captured on.
  explicit LivePacketSource(LiveCaptureConfig config);
  ~LivePacketSource() override;
  LivePacketSource(const LivePacketSource&) = delete;
  LivePacketSource& operator=(const LivePacketSource&) = delete;

  /// Captures until the duration, the packet limit or the stop flag; then one OnGroupFinished.
  /// Frames are decoded as a capture file's records are (RecordDecoder: fragments reassembled,
  /// bad packets named with the interface and frame number); at the end the bad-packet summary
  /// and the skipped-packet line are warnings on stderr, as every capture-reading command prints.
  void Run(PacketSink& sink) override;
  /// One frame as the kernel gave it: capture time (epoch us), its bytes (cut to the snap length)
  /// and its length on the wire.
  using FrameHandler = std::function<void(TimeUs ts, const std::uint8_t* data, std::uint32_t captured,
                                          std::uint32_t wire_length)>;
  /// Captures as Run does but hands each frame over undecoded (`ntlab capture` writes them as they
  /// are); the stats count frames and the kernel's drops, not decoding.
  void RunFrames(const FrameHandler& handler);
  /// The interface's pcap link type (DLT_EN10MB for Ethernet), for the files written.
  int LinkType() const;
  const LiveCaptureStats& Stats() const { return m_stats; }
  Ipv4 HostAddress() const { return m_host; }

 private:
  struct Handle;
  LiveCaptureConfig m_config;
  Handle* m_handle = nullptr;
  Ipv4 m_host = 0;
  LiveCaptureStats m_stats;
  BadPackets m_badPackets;
};

}  // namespace ntlab
