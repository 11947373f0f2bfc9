// Remote ports of services that every process on a host reaches through one shared endpoint: the
// host's resolver (DNS, 53) and its time server (NTP, 123). Whatever process asks, the remote is
// the same (one resolver address, one time server), so a cache keyed on the remote end (A2 rule,
// C cache, D statistics, and B, whose tuple then differs only in a soon-reused ephemeral port)
// learns only which process asked last, not who owns the next lookup (trap-dns-resolver: one
// nslookup.exe lookup turns every later svchost.exe lookup wrong). The
// ntlab engine therefore never learns from these ports; the paper engine does. One list, here.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>

namespace ntlab {

inline constexpr std::array<std::uint16_t, 2> kSharedServicePorts = {53, 123};

inline bool IsSharedServicePort(std::uint16_t remotePort) {
  return std::find(kSharedServicePorts.begin(), kSharedServicePorts.end(), remotePort) != kSharedServicePorts.end();
}

}  // namespace ntlab
