// The name of a rotated capture file, "<host-ip>_<YYYYmmddTHHMMSSZ>.pcap": the monitored host's
// address and the UTC start of the capture interval, whole seconds. An IPv6 address is written in
// its RFC 5952 text with every ':' as '-' ("2001-db8--11_20250310T090000Z.pcap"): ':' is not
// allowed in Windows file names and is a path separator on classic macOS, '-' never occurs in
// address text, and the RFC 5952 form is unique, so the name is valid, unambiguous and reversible. The simulator's mirror
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
  IpAddress host;
  TimeUs start = 0;  // whole seconds
};

/// "10.0.0.11_20250310T090000Z.pcap", "2001-db8--11_20250310T090000Z.pcap"; `start` is rounded
/// down to the second.
std::string FormatCaptureFileName(const IpAddress& host, TimeUs start);

/// The host part of a name and back: "10.0.0.11", "2001-db8--11". Parsing accepts only the form
/// FormatHostForFileName writes (an IPv6 address in RFC 5952 text), so one host has one name.
std::string FormatHostForFileName(const IpAddress& host);
std::optional<IpAddress> ParseHostFromFileName(std::string_view text);

/// Parses a file name (no directory) written by FormatCaptureFileName, also with the ".pcapng"
/// extension. Anything else, including impossible dates and times (month 13, 25:00, Feb 30) and
/// IPv6 text not in RFC 5952 form ("2001-0db8--11"), is not a rotated capture name.
std::optional<CaptureFileName> ParseCaptureFileName(std::string_view name);

/// "20250310T090000Z" and back: the UTC stamp in the name (whole seconds).
std::string FormatUtcStamp(TimeUs ts);
std::optional<TimeUs> ParseUtcStamp(std::string_view stamp);

}  // namespace ntlab
