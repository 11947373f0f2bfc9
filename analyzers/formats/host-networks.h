// `--hosts`: the monitored hosts a user names on the command line, as addresses and CIDR blocks of
// either family ("10.0.0.11", "10.0.0.0/24", "127.0.0.1", "2001:db8::/32", "::1"), given as several
// values or comma-separated. They choose which side of each session is the monitored host, instead
// of inferring it from a socket log (loopback included), and sessions of no named host are left out
// of the outputs.
#pragma once

#include "analyzers/formats/basic-types.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ntlab {

/// An IPv4 or IPv6 network: its address with the host bits zero and the prefix length (at most 32
/// for IPv4, 128 for IPv6). A block written in IPv4-mapped form ("::ffff:10.0.0.0/120") is the
/// IPv4 block, as IpAddress reads a mapped address as IPv4.
struct HostNetwork {
  IpAddress network;
  int prefix = 32;

  bool Contains(const IpAddress& ip) const;
};

/// The network, or why `text` is not one ("host bits set", "prefix length 129 is above 128").
struct HostNetworkParse {
  std::optional<HostNetwork> network;
  std::string problem;
};
HostNetworkParse ParseHostNetwork(std::string_view text);
/// "10.0.0.0/24", "2001:db8::/32"; a single address without its full-length prefix.
std::string FormatHostNetwork(const HostNetwork& network);

/// Throws InputError naming the option and the entry ("--hosts: '10.0.0.1/24': host bits set ...").
std::vector<HostNetwork> ParseHostNetworks(const std::vector<std::string>& values,
                                           const std::string& option = "--hosts");

/// True when `ip` lies in one of `networks` (of its own family).
bool InHostNetworks(const std::vector<HostNetwork>& networks, const IpAddress& ip);

}  // namespace ntlab
