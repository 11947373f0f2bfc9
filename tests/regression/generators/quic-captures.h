// The capture-quic-sni case's capture and the capture-truncated-tail case's damaged files.
#pragma once

#include <string>

namespace ntlab::regression {

/// QUIC sessions of host 10.0.0.11 (Ethernet, pcap), listed in quic-captures.cc's header comment.
void WriteQuicCapture(const std::string& path);

/// `source` (a committed capture) with its last record cut short by `cut` bytes, as a capture
/// that crashed while writing it leaves the file.
void WriteTruncatedCopy(const std::string& source, const std::string& out, unsigned cut);

}  // namespace ntlab::regression
