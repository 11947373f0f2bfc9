// The hand-built IPv6 inputs of the regression corpus: a dual-stack office host whose browser
// looks names up with AAAA questions and opens TLS sessions over IPv6 (capture, socket log with
// IPv6 addresses, events, truth: capture-ipv6), and a copy of its capture with the larger IPv6
// packets cut into fragments (capture-ipv6-fragments).
#pragma once

#include <filesystem>

namespace ntlab::regression {

/// capture.pcap, socketlog.csv, events.csv, truth.csv and expected-domains.csv of capture-ipv6.
void WriteIpv6Case(const std::filesystem::path& dir);

/// A copy of `in` (Ethernet) in which every IPv6 packet with more than 256 bytes after its fixed
/// header is sent as fragments of at most 128 bytes (RFC 8200 §4.5), every other one last-first.
void WriteIpv6FragmentedCopy(const std::filesystem::path& in, const std::filesystem::path& out);

}  // namespace ntlab::regression
