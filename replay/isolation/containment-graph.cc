#include "replay/isolation/containment-graph.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/filtered_graph.hpp>

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

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property,
                                    boost::property<boost::edge_weight_t, int>>;
using Vertex = boost::graph_traits<Graph>::vertex_descriptor;

/// An edge is usable when its weight is 1; veth links always are, forwarding edges when the rules say.
struct UsableEdge {
  const Graph* graph = nullptr;
  template <typename Edge>
  bool operator()(const Edge& e) const { return boost::get(boost::edge_weight, *graph, e) == 1; }
};

struct LabGraph {
  Graph graph;
  std::vector<std::string> names;
  std::map<LabNode, Vertex> node_vertex, port_vertex;
};

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

LabGraph BuildGraph(const IsolationRuleSet& rules, const LabTopology& topology, std::vector<ForwardingEdge>& usable) {
  LabGraph g;
  auto vertex = [&](const std::string& name) {
    g.names.push_back(name);
    return boost::add_vertex(g.graph);
  };
  for (const auto& link : topology.links) {
    g.node_vertex[link.node] = vertex(LabNodeName(link.node));
    g.port_vertex[link.node] = vertex(std::string("gateway:") + link.gateway_interface);
    boost::add_edge(g.node_vertex[link.node], g.port_vertex[link.node], 1, g.graph);  // the veth, both ways
    boost::add_edge(g.port_vertex[link.node], g.node_vertex[link.node], 1, g.graph);
  }
  for (const auto& in : topology.links)
    for (const auto& out : topology.links) {
      if (in.node == out.node) continue;
      std::string states = StatesText(rules, topology, in.node, out.node);
      if (!states.empty()) usable.push_back({in.node, out.node, states});
      boost::add_edge(g.port_vertex[in.node], g.node_vertex[out.node], states.empty() ? 0 : 1, g.graph);
    }
  return g;
}

}  // namespace

ContainmentProof ProveContainment(const IsolationRuleSet& rules, const LabTopology& topology) {
  ContainmentProof proof;
  LabGraph g = BuildGraph(rules, topology, proof.usable);
  boost::filtered_graph<Graph, UsableEdge> usable(g.graph, UsableEdge{&g.graph});
  const Vertex start = g.node_vertex.at(LabNode::Isolation);
  std::vector<Vertex> parent(boost::num_vertices(g.graph));
  for (Vertex v = 0; v < parent.size(); ++v) parent[v] = v;
  std::vector<Vertex> order;
  struct Recorder : boost::default_bfs_visitor {
    std::vector<Vertex>* parent;
    std::vector<Vertex>* order;
    void discover_vertex(Vertex v, const boost::filtered_graph<Graph, UsableEdge>&) const { order->push_back(v); }
    void tree_edge(boost::graph_traits<Graph>::edge_descriptor e, const boost::filtered_graph<Graph, UsableEdge>& fg) const {
      (*parent)[boost::target(e, fg)] = boost::source(e, fg);
    }
  } recorder;
  recorder.parent = &parent;
  recorder.order = &order;
  boost::breadth_first_search(usable, start, boost::visitor(recorder));
  for (Vertex v : order) proof.reachable.push_back(g.names[v]);
  for (const auto& [node, v] : g.node_vertex) {
    if (InsideIsolation(node) || std::find(order.begin(), order.end(), v) == order.end()) continue;
    proof.contained = false;
    for (Vertex at = v;; at = parent[at]) {
      proof.leak_path.insert(proof.leak_path.begin(), g.names[at]);
      if (at == start) break;
    }
    break;
  }
  return proof;
}

}  // namespace ntlab
