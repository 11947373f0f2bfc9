// Containment proved statically (issue 14, item 4): the lab topology as a Boost.Graph in which the
// gateway is split into one vertex per port, and a forwarding edge port -> node is usable only if
// the rule set lets some traffic entering by that port leave toward that node (by conntrack state,
// derived from IsolationRuleSet::Decide, the same description the lab installs). A breadth-first
// search from the isolation node over the usable edges proves that no node outside isolation is
// reachable, or returns the path by which it is.
#pragma once

#include "replay/isolation/isolation-rules.h"

#include <string>
#include <vector>

namespace ntlab {

struct ForwardingEdge {
  LabNode from_port;   // the gateway port traffic enters by
  LabNode to;          // the node it may leave toward
  std::string states;  // which conntrack states pass, e.g. "new,invalid"
};

struct ContainmentProof {
  bool contained = true;
  std::vector<std::string> reachable;     // vertices reachable from isolation, in BFS order
  std::vector<std::string> leak_path;     // isolation -> ... -> the first node outside, if any
  std::vector<ForwardingEdge> usable;     // every usable forwarding edge through the gateway
};

/// The nodes traffic entering the gateway by `in` in conntrack state `state` may leave toward.
std::vector<LabNode> ForwardTargets(const IsolationRuleSet& rules, const LabTopology& topology, LabNode in,
                                    CtMatch state);

ContainmentProof ProveContainment(const IsolationRuleSet& rules, const LabTopology& topology);

}  // namespace ntlab
