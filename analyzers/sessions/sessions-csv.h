// `ntlab sessions`: the sessions of some captures as CSV, without any labelling (for inspection
// and for other tools). Columns: proto,host_ip,host_port,remote_ip,remote_port,direction,
// first_ts,last_ts,packets,bytes,sni,community_id.
#pragma once

#include "analyzers/capture/pcap-packet-source.h"
#include "analyzers/sessions/sessionizer.h"

#include <ostream>
#include <string>
#include <vector>

namespace ntlab {

/// Throws InputError on unreadable input. Returns the capture statistics.
CaptureStats WriteSessionsCsv(const std::vector<std::string>& inputs, std::ostream& out,
                              const SessionizerConfig& config = {}, const CaptureOptions& capture = {});

}  // namespace ntlab
