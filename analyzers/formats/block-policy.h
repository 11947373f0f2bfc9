// The blocking policy of `ntlab block` (paper 004's three methods, docs/blocking.md, docs/formats.md):
// a YAML file with up to three sections, any combination of them:
//   ip_table:         CIDR prefixes blocked at the gateway, inline and/or from an ip-table.csv
//                     written by `ntlab messengers`, optionally only on some remote ports;
//   process:          processes that may not start on the host, by image name or by the identity
//                     the user cannot change (window class name, control text);
//   process_packets:  processes whose sockets' packets are dropped on the host.
// ReadBlockPolicy throws one InputError naming the file, the key and the reason.
#pragma once

#include "analyzers/formats/basic-types.h"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ntlab {

/// One blocked network, a.b.c.d/n with the host bits zero.
struct CidrPrefix {
  Ipv4 network = 0;
  int length = 32;
  bool Contains(Ipv4 ip) const;
};
std::string FormatCidr(const CidrPrefix& prefix);

/// Method 1: the gateway's IP table.
struct IpTablePolicy {
  std::vector<CidrPrefix> prefixes;     // inline ones first, then those of the file, in file order
  std::set<std::uint16_t> ports;        // remote ports the entries apply to; empty: every port
};

/// Which processes a process method matches. Image names compare case-insensitively (as Windows
/// does); class names and control texts exactly (they are what the program registers).
struct ProcessMatcher {
  std::set<std::string> image_names;    // lower case
  std::set<std::string> window_classes;
  std::set<std::string> control_texts;
};

struct BlockPolicy {
  std::optional<IpTablePolicy> ip_table;
  std::optional<ProcessMatcher> process;          // method 2: may not start
  std::optional<ProcessMatcher> process_packets;  // method 3: its sockets' packets dropped
};

std::string LowerAscii(std::string text);

/// Reads the policy; a relative ip_table.file is relative to the policy file's folder.
BlockPolicy ReadBlockPolicy(const std::string& path);

}  // namespace ntlab
