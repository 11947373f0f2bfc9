// The isolation network `ntlab isolate` builds, as data: which nodes exist, how veth links join
// them, their addresses and the gateway's routes. The namespace lab creates exactly this, the rule
// set is rendered against it and the containment graph is drawn from it: one description, three uses.
//
//   enterprise (10.231.1.2) ── ent0 ┐
//                                   gateway  (002's Open vSwitch: nftables conntrack rules)
//   isolation  (10.231.2.2) ── iso0 ┤   default route -> enterprise, the way out the rules must close
//   responder  (10.231.3.2) ── rsp0 ┘   the isolated instance standing in for the C&C
#pragma once

#include "analyzers/formats/basic-types.h"

#include <string>
#include <vector>

namespace ntlab {

enum class LabNode { Enterprise, Gateway, Isolation, Responder };

/// "enterprise", "gateway", "isolation", "responder".
const char* LabNodeName(LabNode node);

/// Whether traffic reaching this node stays inside the isolation network.
bool InsideIsolation(LabNode node);

/// A veth pair between the gateway and one node.
struct LabLink {
  LabNode node = LabNode::Enterprise;
  std::string gateway_interface;  // in the gateway's namespace: ent0 / iso0 / rsp0
  std::string node_interface;     // in the node's namespace: always gw0
  Ipv4 gateway_address = 0, node_address = 0;
  int prefix = 24;
  std::string gateway_mac, node_mac;  // fixed, locally administered: frames are built for them
};

struct LabTopology {
  std::vector<LabLink> links;
  LabNode gateway_default_route = LabNode::Enterprise;
  const LabLink& LinkOf(LabNode node) const;
};

/// The one topology `ntlab isolate` uses.
LabTopology StandardLabTopology();

}  // namespace ntlab
