#include "replay/isolation/containment-graph.h"

#include "replay/containment/containment-search.h"

#include <algorithm>
#include <map>

namespace ntlab {
namespace {

std::vector<LabNode> Neighbours(const LabTopology& topology) {
  std::vector<LabNode> nodes;
  for (const auto& link : topology.links) nodes.push_back(link.node);
  return nodes;
}

/// Where the gateway may send a packet it forwards unchanged: any other port (the replayed
/// destination is whatever the capture held, so every route is possible, the default one included).
std::vector<LabNode> RoutedTargets(const LabTopology& topology, LabNode in) {
  std::vector<LabNode> out;
  for (LabNode node : Neighbours(topology))
    if (node != in) out.push_back(node);
  return out;
}

std::vector<LabNode> NewTargets(const IsolationRuleSet& rules, const LabTopology& topology, LabNode in) {
  switch (rules.Decide(in, CtMatch::New)) {
    case RuleAction::CommitRedirect: return {LabNode::Responder};
    case RuleAction::Accept: return RoutedTargets(topology, in);
    case RuleAction::Drop: break;
  }
  return {};
}

void AddUnique(std::vector<LabNode>& nodes, LabNode node) {
  if (std::find(nodes.begin(), nodes.end(), node) == nodes.end()) nodes.push_back(node);
}

}  // namespace

std::vector<LabNode> ForwardTargets(const IsolationRuleSet& rules, const LabTopology& topology, LabNode in,
                                    CtMatch state) {
  RuleAction action = rules.Decide(in, state);
  if (action == RuleAction::Drop) return {};
  if (state == CtMatch::New) return NewTargets(rules, topology, in);
  if (state != CtMatch::EstablishedRelated) return RoutedTargets(topology, in);  // invalid: never NATed
  // Established or related traffic only follows a connection some new packet opened: one this port
  // opened, or one opened toward this port by another.
  std::vector<LabNode> targets;
  for (LabNode node : NewTargets(rules, topology, in)) AddUnique(targets, node);
  for (LabNode other : Neighbours(topology)) {
    if (other == in) continue;
    auto opened = NewTargets(rules, topology, other);
    if (std::find(opened.begin(), opened.end(), in) != opened.end()) AddUnique(targets, other);
  }
  return targets;
}

namespace {

std::string StatesText(const IsolationRuleSet& rules, const LabTopology& topology, LabNode in, LabNode to) {
  std::string text;
  const std::pair<CtMatch, const char*> states[] = {
      {CtMatch::New, "new"}, {CtMatch::EstablishedRelated, "established,related"}, {CtMatch::Invalid, "invalid"}};
  for (const auto& [state, name] : states) {
    auto targets = ForwardTargets(rules, topology, in, state);
    if (std::find(targets.begin(), targets.end(), to) != targets.end()) text += (text.empty() ? "" : ",") + std::string(name);
  }
  return text;
}

}  // namespace

ContainmentProof ProveContainment(const IsolationRuleSet& rules, const LabTopology& topology) {
  ContainmentProof proof;
  ContainmentGraph graph;
  std::map<LabNode, std::size_t> node_vertex, port_vertex;
  for (const auto& link : topology.links) {
    node_vertex[link.node] = graph.AddVertex(LabNodeName(link.node), !InsideIsolation(link.node));
    // The gateway is the switch (as OvS is in 002): its ports are neither inside nor outside.
    port_vertex[link.node] = graph.AddVertex(std::string("gateway:") + link.gateway_interface, false);
    graph.AddLink(node_vertex[link.node], port_vertex[link.node]);  // the veth
  }
  for (const auto& in : topology.links)
    for (const auto& out : topology.links) {
      if (in.node == out.node) continue;
      std::string states = StatesText(rules, topology, in.node, out.node);
      if (!states.empty()) proof.usable.push_back({in.node, out.node, states});
      graph.AddForwarding(port_vertex[in.node], node_vertex[out.node], !states.empty());
    }
  ContainmentSearch search = graph.SearchFrom(node_vertex.at(LabNode::Isolation));
  proof.contained = search.contained;
  proof.reachable = std::move(search.reachable);
  proof.leak_path = std::move(search.leak_path);
  return proof;
}

}  // namespace ntlab
