// `ntlab rewrite IN OUT`: one capture (pcap or pcapng) rewritten record by record into a pcap,
// streaming (one frame in memory at a time, however long the capture), atomically (OUT appears
// only complete; bad input leaves nothing). Paper 002 replays captured malware traffic into an
// isolated network with its addresses rewritten to the isolated instance's; this is that
// rewrite done offline, checked against tcprewrite (docs/replay.md).
//
// Errors (InputError, nothing written): a missing or unreadable capture, an unsupported link
// type, MAC rules on a capture without Ethernet headers, a truncated capture, a record whose
// rewritten time falls outside what a pcap holds (0 to 2^32-1 s), rules of which none matches
// any packet.
#pragma once

#include "replay/rewrite/packet-rewriter.h"
#include "replay/rewrite/rewrite-maps.h"

#include <string>

namespace ntlab {

struct CaptureRewriteOptions {
  RewriteMaps maps;
  bool fix_checksums = false;  // tcprewrite --fixcsum
  /// New time = first record's time + (time - first record's time) x time_scale + time_shift.
  double time_scale = 1.0;
  TimeUs time_shift = 0;
};

struct CaptureRewriteSummary {
  int link_type = 0;
  RewriteCounts counts;
};

CaptureRewriteSummary RewriteCapture(const std::string& in, const std::string& out,
                                     const CaptureRewriteOptions& options);

}  // namespace ntlab
