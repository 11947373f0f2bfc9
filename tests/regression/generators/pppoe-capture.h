// The capture-pppoe case's capture: an Ethernet capture as a DSL uplink carries it.
#pragma once

#include <filesystem>

namespace ntlab::regression {

/// Every IPv4 frame of `ethernet` wrapped in a PPPoE session header (RFC 2516, session 0x0102, PPP
/// protocol 0x0021), every other one of them also 802.1Q-tagged (VLAN 7), and an LCP echo request
/// (PPP 0xc021, not IP) put first. Throws std::runtime_error when `ethernet` cannot be read.
void WritePppoeCapture(const std::filesystem::path& ethernet, const std::filesystem::path& out);

}  // namespace ntlab::regression
