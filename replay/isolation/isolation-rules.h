// Paper 002's Steps 1-3 as a rule description: the gateway's forward rules by input port and
// conntrack state. It is the one source of truth: RenderNft() turns it into the nftables rule set
// the namespace lab installs, and the containment graph derives which links traffic from isolation
// may use from the same rules. Deliberately wrong rule sets sit beside the right one so that both
// proofs can be shown to catch a leak.
#pragma once

#include "replay/isolation/lab-topology.h"

#include <optional>
#include <string>
#include <vector>

namespace ntlab {

enum class CtMatch { New, EstablishedRelated, Invalid, Any };

enum class RuleAction {
  CommitRedirect,  // Steps 1-2: mark (commit), rewrite destination to the responder and source to
                   // the isolated host, accept; only for ct state new (NAT binds the first packet)
  Accept,
  Drop,
};

struct ForwardRule {
  LabNode in = LabNode::Isolation;  // the port the packet enters the gateway by
  CtMatch state = CtMatch::Any;
  RuleAction action = RuleAction::Drop;
  std::string why;                  // written as the rule's comment
};

struct IsolationRuleSet {
  std::string name;
  std::string description;
  std::vector<ForwardRule> rules;  // first match decides
  RuleAction policy = RuleAction::Drop;

  /// The action for traffic entering by `in` in state `state`: first matching rule, else the policy.
  RuleAction Decide(LabNode in, CtMatch state) const;
};

/// The ct mark Step 1 sets on the connections it commits.
constexpr unsigned kCommittedMark = 0x2;

/// "paper" (002's Steps 1-3, then drop), "accept-new" (new connections from isolation accepted
/// without the rewrite), "no-final-drop" (Steps 1-3 with an accepting policy and no final drop).
std::vector<std::string> RuleSetNames();
/// Throws InputError naming the known sets for an unknown name.
IsolationRuleSet RuleSetByName(const std::string& name);

/// The nftables rule set (one `table ip ntlab_isolation`) for the gateway's namespace. Throws
/// std::invalid_argument for a CommitRedirect on anything but ct state new.
std::string RenderNft(const IsolationRuleSet& rules, const LabTopology& topology);

}  // namespace ntlab
