// Containment proved statically: 002's rule set leaves no path from isolation to the enterprise,
// and each deliberately wrong rule set is caught with the path it opens.
#include "replay/isolation/containment-graph.h"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace ntlab;

namespace {

bool Has(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

TEST_CASE("containment graph: 002's rules keep isolation sealed", "[analysis][isolation]") {
  ContainmentProof proof = ProveContainment(RuleSetByName("paper"), StandardLabTopology());
  CHECK(proof.contained);
  CHECK(proof.leak_path.empty());
  CHECK(Has(proof.reachable, "responder"));  // the rewrite does reach the C&C stand-in
  CHECK_FALSE(Has(proof.reachable, "enterprise"));
  // The usable edges: new from isolation to the responder, replies back, nothing else.
  REQUIRE(proof.usable.size() == 2);
  CHECK(proof.usable[0].from_port == LabNode::Isolation);
  CHECK(proof.usable[0].to == LabNode::Responder);
  CHECK(proof.usable[0].states == "new,established,related");
  CHECK(proof.usable[1].from_port == LabNode::Responder);
  CHECK(proof.usable[1].to == LabNode::Isolation);
  CHECK(proof.usable[1].states == "established,related");
}

TEST_CASE("containment graph: accepting new connections from isolation leaks", "[analysis][isolation]") {
  ContainmentProof proof = ProveContainment(RuleSetByName("accept-new"), StandardLabTopology());
  CHECK_FALSE(proof.contained);
  CHECK(proof.leak_path == std::vector<std::string>{"isolation", "gateway:iso0", "enterprise"});
}

TEST_CASE("containment graph: a missing final drop leaks invalid packets", "[analysis][isolation]") {
  ContainmentProof proof = ProveContainment(RuleSetByName("no-final-drop"), StandardLabTopology());
  CHECK_FALSE(proof.contained);
  CHECK(proof.leak_path == std::vector<std::string>{"isolation", "gateway:iso0", "enterprise"});
  auto leak = std::find_if(proof.usable.begin(), proof.usable.end(), [](const ForwardingEdge& e) {
    return e.from_port == LabNode::Isolation && e.to == LabNode::Enterprise;
  });
  REQUIRE(leak != proof.usable.end());
  // Invalid packets are never rewritten; and under an accepting policy the enterprise may open
  // connections into isolation, whose established replies then leave by the same edge.
  CHECK(leak->states == "established,related,invalid");
}

TEST_CASE("containment graph: established traffic follows only connections some rule opened", "[analysis][isolation]") {
  IsolationRuleSet rules = RuleSetByName("paper");
  rules.rules.insert(rules.rules.begin(),
                     {LabNode::Enterprise, CtMatch::New, RuleAction::Accept, "enterprise may open into isolation"});
  auto targets = ForwardTargets(rules, StandardLabTopology(), LabNode::Isolation, CtMatch::EstablishedRelated);
  CHECK(std::find(targets.begin(), targets.end(), LabNode::Enterprise) != targets.end());
  CHECK_FALSE(ProveContainment(rules, StandardLabTopology()).contained);
}

TEST_CASE("isolation rules: the nft rendering carries 002's steps and refuses a rewrite of established", "[analysis][isolation]") {
  const std::string nft = RenderNft(RuleSetByName("paper"), StandardLabTopology());
  CHECK(nft.find("iifname \"iso0\" ct state new ct mark set 2 dnat to 10.231.3.2") != std::string::npos);
  CHECK(nft.find("snat to 10.231.2.2") != std::string::npos);
  CHECK(nft.find("iifname \"iso0\" ct state established,related counter accept") != std::string::npos);
  CHECK(nft.find("policy drop;") != std::string::npos);
  IsolationRuleSet bad = RuleSetByName("paper");
  bad.rules[1].action = RuleAction::CommitRedirect;
  CHECK_THROWS_AS(RenderNft(bad, StandardLabTopology()), std::invalid_argument);
  CHECK_THROWS_WITH(RuleSetByName("open"), Catch::Contains("known: paper, accept-new, no-final-drop"));
}
