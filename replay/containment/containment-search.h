// The one breadth-first search behind both static containment proofs (issue 14, item 4): a
// directed Boost.Graph of named vertices, each inside or outside isolation, whose edges are links
// (always usable) or forwarding edges (usable when the rules let some traffic take them). A search
// from the isolated host over the usable edges either reaches no vertex outside isolation, which
// proves containment, or returns the shortest path to the first one it reaches.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace ntlab {

struct ContainmentSearch {
  bool contained = true;
  std::vector<std::string> reachable;  // vertex names reachable from the start, in BFS order
  std::vector<std::string> leak_path;  // start -> ... -> the first vertex outside isolation, if any
};

class ContainmentGraph {
 public:
  /// Returns the new vertex's index.
  std::size_t AddVertex(const std::string& name, bool outside_isolation);
  /// A wire between two vertices: usable both ways, whatever the rules say.
  void AddLink(std::size_t a, std::size_t b);
  /// A forwarding edge through a switch or gateway port: usable only if the rules allow it.
  void AddForwarding(std::size_t from, std::size_t to, bool usable);

  ContainmentSearch SearchFrom(std::size_t start) const;

 private:
  struct Edge {
    std::size_t from, to;
    bool usable;
  };
  std::vector<std::string> m_names;
  std::vector<bool> m_outside;
  std::vector<Edge> m_edges;
};

}  // namespace ntlab
