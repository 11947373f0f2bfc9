// The capture of the `rewrite-fragments` case and of the tcprewrite agreement test
// (tests/replay/rewrite): one host's TCP, UDP, ICMP and ARP traffic with IPv4 fragments in it,
// which the simulator never makes (its MTU is never exceeded). Frames are built with libtins
// (checksums right) and fragmented here by slicing the serialized datagram.
#pragma once

#include <string>

namespace ntlab::regression {

/// Writes the capture (Ethernet, pcap) to `path`.
void WriteFragmentCapture(const std::string& path);

}  // namespace ntlab::regression
