// `ntlab sessions`: the sessions of some captures as CSV, without any labelling (for inspection
// and for other tools). The layout is SessionWriter's (analyzers/formats/records.h).
#pragma once

#include "analyzers/capture/pcap-packet-source.h"
#include "analyzers/sessions/sessionizer.h"

#include <ostream>
#include <string>
#include <vector>

namespace ntlab {

/// Throws InputError on unreadable input. Returns the capture statistics. With `hosts` (`--hosts`),
/// they choose the host side and only their sessions are written.
CaptureStats WriteSessionsCsv(const std::vector<std::string>& inputs, std::ostream& out,
                              const SessionizerConfig& config = {}, const CaptureOptions& capture = {},
                              const std::vector<HostNetwork>& hosts = {});

}  // namespace ntlab
