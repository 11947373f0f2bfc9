// Which capture files to read, in which order and grouped how. The simulator's mirror server
// writes one file per monitored host and minute, "<host-ip>_<YYYYmmddTHHMMSSZ>.pcap"
// (analyzers/formats/capture-file-name.h); those are grouped by host and ordered by the time in the
// name, and the host IP becomes a hint for which side of each packet is the monitored host. Any
// other .pcap/.pcapng is read in name order with no hint.
#pragma once

#include "analyzers/formats/basic-types.h"

#include <string>
#include <vector>

namespace ntlab {

struct CaptureGroup {
  std::string name;                 // host IP, or the input path for unhinted files
  IpAddress host_hint;              // unspecified (0.0.0.0): no hint
  std::vector<std::string> files;   // in reading order
};

class CapturePlan {
 public:
  /// Each input is a capture file or a directory (not recursive). Throws InputError for a missing
  /// path or a directory without captures.
  static CapturePlan FromInputs(const std::vector<std::string>& inputs);

  const std::vector<CaptureGroup>& Groups() const { return m_groups; }

 private:
  std::vector<CaptureGroup> m_groups;
};

}  // namespace ntlab
