#include "replay/isolation/lab-topology.h"

#include <stdexcept>

namespace ntlab {

const char* LabNodeName(LabNode node) {
  switch (node) {
    case LabNode::Enterprise: return "enterprise";
    case LabNode::Gateway: return "gateway";
    case LabNode::Isolation: return "isolation";
    case LabNode::Responder: return "responder";
  }
  return "?";
}

bool InsideIsolation(LabNode node) { return node == LabNode::Isolation || node == LabNode::Responder; }

const LabLink& LabTopology::LinkOf(LabNode node) const {
  for (const auto& link : links)
    if (link.node == node) return link;
  throw std::logic_error(std::string("lab topology: no link to ") + LabNodeName(node));
}

LabTopology StandardLabTopology() {
  // 10.231.0.0/16 exists only inside the lab's namespaces; the host's own network never sees it.
  auto ip = [](const char* text) { return *ParseIpv4(text); };
  LabTopology t;
  t.links = {
      {LabNode::Enterprise, "ent0", "gw0", ip("10.231.1.1"), ip("10.231.1.2"), 24, "02:4e:54:01:00:01",
       "02:4e:54:01:00:02"},
      {LabNode::Isolation, "iso0", "gw0", ip("10.231.2.1"), ip("10.231.2.2"), 24, "02:4e:54:02:00:01",
       "02:4e:54:02:00:02"},
      {LabNode::Responder, "rsp0", "gw0", ip("10.231.3.1"), ip("10.231.3.2"), 24, "02:4e:54:03:00:01",
       "02:4e:54:03:00:02"},
  };
  t.gateway_default_route = LabNode::Enterprise;
  return t;
}

}  // namespace ntlab
