// `--hosts`: the monitored hosts a user names on the command line, as addresses and CIDR blocks
// ("10.0.0.11", "10.0.0.0/24", "127.0.0.1"), given as several values or comma-separated. They
// choose which side of each session is the monitored host, instead of inferring it from a socket
// log (loopback included), and sessions of no named host are left out of the outputs.
#pragma once

#include "analyzers/formats/rewrite-rules.h"

#include <string>
#include <vector>

namespace ntlab {

/// Throws InputError naming the option and the value ("--hosts: '10.0.0.1/24': host bits set ...").
std::vector<CidrBlock> ParseHostNetworks(const std::vector<std::string>& values, const std::string& option = "--hosts");

/// True when `ip` lies in one of `networks`.
bool InHostNetworks(const std::vector<CidrBlock>& networks, Ipv4 ip);
/// The same for either family: the blocks are IPv4 (CidrBlock), so an IPv6 address is in none.
bool InHostNetworks(const std::vector<CidrBlock>& networks, const IpAddress& ip);

}  // namespace ntlab
