// Containment proved statically for the simulated isolation switch (issue 14, item 4), from the
// rules it executes: the forwarding edges are not described by hand but observed, by handing
// conntrack::IsolationFlowRules itself one probe packet per conntrack state (new, established,
// related, invalid), protocol (TCP, UDP, ICMP) and entry port (instance, responder, uplink), each
// on a fresh ConntrackTable after the setup packets that state needs. An edge "switch port P ->
// node N" is usable when some probe entering by P left toward N. The shared ContainmentGraph search
// then runs from the moved instance; the uplink leads to the enterprise LAN, outside isolation.
#pragma once

#include "replay/conntrack/isolation-flow-rules.h"
#include "replay/containment/containment-search.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ntlab {

enum class SwitchPort : std::uint8_t { Instance, Responder, Uplink };
/// "instance", "responder", "uplink".
const char* SwitchPortName(SwitchPort port);

/// What the rules did with one probe packet.
struct SwitchProbe {
  SwitchPort in = SwitchPort::Instance;
  conntrack::L4Proto proto = conntrack::L4Proto::Tcp;
  conntrack::CtState state = conntrack::CtState::Invalid;  // as the table classified the probe
  bool forwarded = false;
  SwitchPort out = SwitchPort::Instance;  // when forwarded
  std::string rule;                       // the deciding rule's text
};

struct SwitchForwardingEdge {
  SwitchPort from_port = SwitchPort::Instance;
  SwitchPort to = SwitchPort::Instance;  // the node behind that port (the uplink's is the LAN)
  std::string traffic;                   // e.g. "new: tcp,udp,icmp; invalid: tcp,icmp"
};

struct SwitchContainmentProof {
  bool contained = true;
  std::vector<std::string> reachable;  // vertex names, in BFS order from "instance"
  std::vector<std::string> leak_path;  // e.g. instance -> switch:instance -> lan
  std::vector<SwitchForwardingEdge> usable;
  std::vector<SwitchProbe> probes;  // every probe and its verdict, the evidence for the edges
};

/// Runs every probe through the rules configured by `ports` (each on its own fresh table).
std::vector<SwitchProbe> ProbeFlowRules(const conntrack::IsolationPorts& ports);

SwitchContainmentProof ProveSwitchContainment(const conntrack::IsolationPorts& ports);

/// "switch:instance -> responder: new: tcp,udp,icmp; ..." for reports and isolation.json.
std::string DescribeEdge(const SwitchForwardingEdge& edge);

}  // namespace ntlab
