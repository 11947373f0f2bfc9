// The analyzers read packets through this interface, never through a file name, so the same code
// runs over a rotated folder of simulator captures, one real pcapng, or a synthetic test feed.
#pragma once

#include "analyzers/capture/decoded-packet.h"

namespace ntlab {

/// Receives decoded packets group by group (a group is one monitored host's captures, in time
/// order); per-host state may be flushed when a group finishes.
class PacketSink {
 public:
  virtual ~PacketSink() = default;
  virtual void OnPacket(const DecodedPacket& packet) = 0;
  virtual void OnGroupFinished() = 0;
};

class PacketSource {
 public:
  virtual ~PacketSource() = default;
  /// Feeds every packet to `sink`; throws InputError on unreadable input.
  virtual void Run(PacketSink& sink) = 0;
};

}  // namespace ntlab
