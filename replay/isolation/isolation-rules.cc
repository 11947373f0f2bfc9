#include "replay/isolation/isolation-rules.h"

#include <sstream>
#include <stdexcept>

namespace ntlab {

RuleAction IsolationRuleSet::Decide(LabNode in, CtMatch state) const {
  for (const auto& rule : rules)
    if (rule.in == in && (rule.state == CtMatch::Any || rule.state == state)) return rule.action;
  return policy;
}

namespace {

IsolationRuleSet PaperRules() {
  IsolationRuleSet set;
  set.name = "paper";
  set.description = "002 Steps 1-3: commit and rewrite new connections from isolation to the responder, "
                    "accept established, drop everything else";
  set.rules = {
      {LabNode::Isolation, CtMatch::New, RuleAction::CommitRedirect,
       "002 Step 1 ct(commit) + Step 2 rewrite src/dst to the isolated side, NF_ACCEPT"},
      {LabNode::Isolation, CtMatch::EstablishedRelated, RuleAction::Accept, "002 Step 3 ct_state=+est: NORMAL"},
      {LabNode::Responder, CtMatch::EstablishedRelated, RuleAction::Accept, "replies of committed connections"},
      {LabNode::Isolation, CtMatch::Any, RuleAction::Drop, "everything else from isolation"},
      {LabNode::Responder, CtMatch::Any, RuleAction::Drop, "the responder opens nothing"},
  };
  set.policy = RuleAction::Drop;
  return set;
}

IsolationRuleSet AcceptNewRules() {
  IsolationRuleSet set = PaperRules();
  set.name = "accept-new";
  set.description = "WRONG: Step 1 accepts new connections from isolation without the rewrite";
  set.rules[0] = {LabNode::Isolation, CtMatch::New, RuleAction::Accept, "WRONG: ct state new accepted as it is"};
  return set;
}

IsolationRuleSet NoFinalDropRules() {
  IsolationRuleSet set = PaperRules();
  set.name = "no-final-drop";
  set.description = "WRONG: Steps 1-3 without the final drop, under an accepting policy";
  set.rules.resize(3);
  set.policy = RuleAction::Accept;
  return set;
}

const char* CtStateText(CtMatch state) {
  switch (state) {
    case CtMatch::New: return "ct state new ";
    case CtMatch::EstablishedRelated: return "ct state established,related ";
    case CtMatch::Invalid: return "ct state invalid ";
    case CtMatch::Any: return "";
  }
  return "";
}

std::string Quoted(const std::string& text) { return "\"" + text + "\""; }

void RenderNatChains(std::ostream& out, const IsolationRuleSet& set, const LabTopology& topology) {
  const std::string responder = FormatIpv4(topology.LinkOf(LabNode::Responder).node_address);
  const std::string isolated = FormatIpv4(topology.LinkOf(LabNode::Isolation).node_address);
  out << "  chain steps_nat {\n    type nat hook prerouting priority dstnat; policy accept;\n";
  for (const auto& rule : set.rules)
    if (rule.action == RuleAction::CommitRedirect)
      out << "    iifname " << Quoted(topology.LinkOf(rule.in).gateway_interface) << " ct state new ct mark set "
          << kCommittedMark << " dnat to " << responder << " comment " << Quoted(rule.why) << "\n";
  out << "  }\n  chain steps_snat {\n    type nat hook postrouting priority srcnat; policy accept;\n";
  out << "    ct mark " << kCommittedMark << " oifname " << Quoted(topology.LinkOf(LabNode::Responder).gateway_interface)
      << " snat to " << isolated << " comment \"Step 2: the source becomes the isolated host\"\n  }\n";
}

}  // namespace

std::vector<std::string> RuleSetNames() { return {"paper", "accept-new", "no-final-drop"}; }

IsolationRuleSet RuleSetByName(const std::string& name) {
  if (name == "paper") return PaperRules();
  if (name == "accept-new") return AcceptNewRules();
  if (name == "no-final-drop") return NoFinalDropRules();
  throw InputError("--rules: unknown rule set '" + name + "' (known: paper, accept-new, no-final-drop)");
}

std::string RenderNft(const IsolationRuleSet& set, const LabTopology& topology) {
  std::ostringstream out;
  out << "# ntlab isolate: rule set '" << set.name << "': " << set.description << "\n";
  out << "table ip ntlab_isolation {\n";
  RenderNatChains(out, set, topology);
  out << "  chain steps_forward {\n    type filter hook forward priority filter; policy "
      << (set.policy == RuleAction::Drop ? "drop" : "accept") << ";\n";
  for (const auto& rule : set.rules) {
    if (rule.action == RuleAction::CommitRedirect && rule.state != CtMatch::New)
      throw std::invalid_argument("rule set " + set.name + ": a rewrite binds only ct state new");
    out << "    iifname " << Quoted(topology.LinkOf(rule.in).gateway_interface) << " " << CtStateText(rule.state);
    if (rule.action == RuleAction::CommitRedirect) out << "ct mark " << kCommittedMark << " ";
    out << "counter " << (rule.action == RuleAction::Drop ? "drop" : "accept") << " comment " << Quoted(rule.why)
        << "\n";
  }
  out << "  }\n}\n";
  return out.str();
}

}  // namespace ntlab
