// How a capture reader treats its files, chosen per call: each command (and each library caller:
// tests, experiments) carries one in its options down to the PcapPacketSource it makes.
#pragma once

#include "analyzers/capture/bad-packets.h"

namespace ntlab {

struct CaptureOptions {
  /// A capture whose last record is cut short is an InputError (`--strict-captures`) instead of a
  /// warning with the complete records before it used.
  bool strict_captures = false;
  /// pcapng files are read by PcapngBlockReader instead of libpcap, and each packet carries its
  /// comments (DecodedPacket::comments): for the process comments of `ntlab truth`. A block that
  /// is wrong is then a bad packet (pcapng_block).
  bool read_comments = false;
  /// Where bad-packet warnings go (without the "ntlab: warning: " prefix); empty: stderr.
  BadPackets::Warn warn;
};

}  // namespace ntlab
