// Paper 000's merge: the device view (what each host captured itself, behind the NAT) and the
// network view (the capture outside the gateway, translated addresses and ports) are joined by
// hashing the same packets at both. The fingerprint takes only what survives the path and the
// translation (docs/domains.md, "Device and network views"): the IPv4 identification, the
// protocol, the IP total length, the TCP sequence and acknowledgement numbers and flags, and the
// payload bytes. Never addresses, ports, checksums or TTL, which the NAT and the routers change.
#pragma once

#include "analyzers/capture/decoded-packet.h"
#include "analyzers/capture/packet-source.h"

#include <cstdint>
#include <map>
#include <unordered_map>
#include <vector>

namespace ntlab {

/// FNV-1a over the fields that survive NAT (see the file comment); 64 bits.
std::uint64_t PacketFingerprint(const DecodedPacket& packet);

/// A flow in one view: the protocol and its two endpoints, `host` the monitored side (the device
/// view's host, or the translated address the network view shows for it).
struct ViewFlow {
  Proto proto = Proto::Tcp;
  Endpoint host;
  Endpoint remote;
  bool operator<(const ViewFlow& o) const;
};

/// One network-view flow and the device flow its packets' fingerprints point at.
struct MergedViewFlow {
  ViewFlow network;              // host = the translated (public) endpoint
  TimeUs first_ts = 0, last_ts = 0;
  std::uint64_t packets = 0;     // network packets of the flow
  std::uint64_t matched = 0;     // of them, fingerprints the device view holds for one flow only
  std::uint64_t colliding = 0;   // of them, fingerprints the device view holds for several flows
  bool merged = false;           // one device flow has the most votes, more than any other
  ViewFlow device;               // that flow (valid when merged)
  std::uint64_t votes = 0;       // its votes
};

struct ViewMergeResult {
  std::vector<MergedViewFlow> flows;     // in network-flow key order
  std::uint64_t device_packets = 0;
  std::uint64_t device_flows = 0;
  std::uint64_t network_packets = 0;
  std::uint64_t fingerprint_collisions = 0;  // fingerprints seen in more than one device flow
};

/// Indexes the device view, then votes with every network packet; reads each source once.
ViewMergeResult MergeViews(PacketSource& device, PacketSource& network);

}  // namespace ntlab
