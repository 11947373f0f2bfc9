// The name of a rotated capture file, "<host-ip>_<YYYYmmddTHHMMSSZ>.pcap": the monitored host's
// IPv4 address and the UTC start of the capture interval, whole seconds. The simulator's mirror
// port writes it (MirrorPortCapture) and the analyzers read it back (CapturePlan: the host becomes
// the hint for which side of a packet is monitored, the time orders the files), so both sides go
// through this one pair of functions.
#pragma once

#include "analyzers/formats/basic-types.h"

#include <optional>
#include <string>
#include <string_view>

namespace ntlab {

struct CaptureFileName {
  Ipv4 host = 0;
  TimeUs start = 0;  // whole seconds
};

/// "10.0.0.11_20250310T090000Z.pcap"; `start` is rounded down to the second.
std::string FormatCaptureFileName(Ipv4 host, TimeUs start);

/// Parses a file name (no directory) written by FormatCaptureFileName, also with the ".pcapng"
/// extension. Anything else, including impossible dates and times (month 13, 25:00, Feb 30), is
/// not a rotated capture name.
std::optional<CaptureFileName> ParseCaptureFileName(std::string_view name);

/// "20250310T090000Z" and back: the UTC stamp in the name (whole seconds).
std::string FormatUtcStamp(TimeUs ts);
std::optional<TimeUs> ParseUtcStamp(std::string_view stamp);

}  // namespace ntlab
