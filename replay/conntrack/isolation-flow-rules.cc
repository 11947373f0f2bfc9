#include "replay/conntrack/isolation-flow-rules.h"

namespace ntlab::conntrack {

std::vector<std::string> IsolationVariantNames() { return {"paper", "accept-new", "no-final-drop"}; }

std::optional<IsolationVariant> IsolationVariantByName(const std::string& name) {
  if (name == "paper") return IsolationVariant::Paper;
  if (name == "accept-new") return IsolationVariant::AcceptNew;
  if (name == "no-final-drop") return IsolationVariant::NoFinalDrop;
  return std::nullopt;
}

FlowVerdict IsolationFlowRules::Process(CtPacket packet, std::uint32_t in_port) {
  packet.zone = m_ports.zone;
  CtLookup lookup = m_table.Track(packet);
  if (in_port == m_ports.instance_port) return FromInstance(packet, lookup);
  if (in_port == m_ports.responder_port) return FromResponder(packet, lookup);
  return {FlowAction::Drop, lookup.state, packet.tuple, 0, "drop: not an isolation port"};
}

FlowVerdict IsolationFlowRules::FromInstance(const CtPacket& packet, const CtLookup& lookup) {
  switch (lookup.state) {
    case CtState::New: {
      if (m_ports.variant == IsolationVariant::AcceptNew) {
        m_table.Commit(packet, {}, m_ports.mark);
        return {FlowAction::Forward, CtState::New, packet.tuple, m_ports.uplink_port,
                "WRONG accept-new: +new forwarded without the rewrite"};
      }
      // Step 1: commit with the rewrite bound to the connection; Step 2: force +est, accept.
      NatBinding nat;
      nat.to_src = m_ports.instance_address;
      nat.to_dst = m_ports.responder_address;
      std::uint64_t id = m_table.Commit(packet, nat, m_ports.mark);
      m_table.ForceEstablished(id);
      CtLookup committed{CtState::New, id, CtDirection::Original};
      return {FlowAction::Forward, CtState::New, m_table.Translate(packet.tuple, committed), m_ports.responder_port,
              "002 steps 1-2: commit, rewrite to the responder, force +est"};
    }
    case CtState::Established:
    case CtState::Related:
      // Step 3: NORMAL, on the committed connection's binding.
      return {FlowAction::Forward, lookup.state, m_table.Translate(packet.tuple, lookup), m_ports.responder_port,
              "002 step 3: +est from the instance port"};
    case CtState::Invalid: break;
  }
  if (m_ports.variant == IsolationVariant::NoFinalDrop)
    return {FlowAction::Forward, lookup.state, packet.tuple, m_ports.uplink_port,
            "WRONG no-final-drop: unmatched traffic follows the default route"};
  return {FlowAction::Drop, lookup.state, packet.tuple, 0, "drop: invalid from the instance port"};
}

FlowVerdict IsolationFlowRules::FromResponder(const CtPacket& packet, const CtLookup& lookup) {
  if (lookup.state == CtState::Established || lookup.state == CtState::Related)
    return {FlowAction::Forward, lookup.state, m_table.Translate(packet.tuple, lookup), m_ports.instance_port,
            "reply of a committed connection"};
  return {FlowAction::Drop, lookup.state, packet.tuple, 0, "drop: the responder opens no connection"};
}

}  // namespace ntlab::conntrack
