#include "replay/containment/containment-search.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/filtered_graph.hpp>

#include <algorithm>

namespace ntlab {
namespace {

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property,
                                    boost::property<boost::edge_weight_t, int>>;
using Vertex = boost::graph_traits<Graph>::vertex_descriptor;

/// An edge is usable when its weight is 1; unusable edges stay in the graph, filtered out.
struct UsableEdge {
  const Graph* graph = nullptr;
  template <typename Edge>
  bool operator()(const Edge& e) const {
    return boost::get(boost::edge_weight, *graph, e) == 1;
  }
};
using UsableGraph = boost::filtered_graph<Graph, UsableEdge>;

/// Records the discovery order and the BFS tree, from which the leak path is read back.
struct Recorder : boost::default_bfs_visitor {
  std::vector<Vertex>* parent = nullptr;
  std::vector<Vertex>* order = nullptr;
  void discover_vertex(Vertex v, const UsableGraph&) const { order->push_back(v); }
  void tree_edge(boost::graph_traits<UsableGraph>::edge_descriptor e, const UsableGraph& g) const {
    (*parent)[boost::target(e, g)] = boost::source(e, g);
  }
};

}  // namespace

std::size_t ContainmentGraph::AddVertex(const std::string& name, bool outside_isolation) {
  m_names.push_back(name);
  m_outside.push_back(outside_isolation);
  return m_names.size() - 1;
}

void ContainmentGraph::AddLink(std::size_t a, std::size_t b) {
  m_edges.push_back({a, b, true});
  m_edges.push_back({b, a, true});
}

void ContainmentGraph::AddForwarding(std::size_t from, std::size_t to, bool usable) {
  m_edges.push_back({from, to, usable});
}

ContainmentSearch ContainmentGraph::SearchFrom(std::size_t start) const {
  Graph graph(m_names.size());
  for (const Edge& e : m_edges) boost::add_edge(e.from, e.to, e.usable ? 1 : 0, graph);
  UsableGraph usable(graph, UsableEdge{&graph});
  std::vector<Vertex> parent(m_names.size()), order;
  for (Vertex v = 0; v < parent.size(); ++v) parent[v] = v;
  Recorder recorder;
  recorder.parent = &parent;
  recorder.order = &order;
  boost::breadth_first_search(usable, start, boost::visitor(recorder));

  ContainmentSearch result;
  for (Vertex v : order) result.reachable.push_back(m_names[v]);
  auto outside = std::find_if(order.begin(), order.end(), [&](Vertex v) { return m_outside[v]; });
  if (outside == order.end()) return result;
  result.contained = false;
  for (Vertex at = *outside;; at = parent[at]) {
    result.leak_path.insert(result.leak_path.begin(), m_names[at]);
    if (at == start) break;
  }
  return result;
}

}  // namespace ntlab
