// The breadth-first search both static containment proofs share: it takes only usable edges and
// returns the shortest path to the first node outside isolation it reaches.
#include "replay/containment/containment-search.h"

#include <catch2/catch.hpp>

using namespace ntlab;

TEST_CASE("containment search: the leak path is the shortest, and unusable edges are not taken",
          "[analysis][isolation]") {
  ContainmentGraph graph;
  std::size_t inside = graph.AddVertex("inside", false), hop = graph.AddVertex("hop", false),
              far = graph.AddVertex("far", true), near = graph.AddVertex("near", true);
  graph.AddLink(inside, hop);
  graph.AddForwarding(hop, far, true);
  graph.AddForwarding(inside, near, false);
  ContainmentSearch search = graph.SearchFrom(inside);
  CHECK_FALSE(search.contained);
  CHECK(search.leak_path == std::vector<std::string>{"inside", "hop", "far"});
  graph.AddForwarding(inside, near, true);
  CHECK(graph.SearchFrom(inside).leak_path == std::vector<std::string>{"inside", "near"});
}
