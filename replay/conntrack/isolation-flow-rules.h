// Paper 002's three replay steps, as Open vSwitch flow rules over the conntrack table:
//   Step 1  in_port=<instance>, ct_state=+new  -> ct(commit), NORMAL        (connection stored)
//   Step 2  rewrite source and destination to the isolated side, force +est, NF_ACCEPT
//   Step 3  in_port=<instance>, ct_state=+est  -> NORMAL
// The instance is the moved host; what it tries to reach (its unreachable C&C) is rewritten to the
// responder, an instance inside isolation that stands in for the C&C. Replies come back through the
// reverse binding. Everything else from the instance port is dropped: isolation is the default.
// Two deliberately wrong variants (the same names and meaning as `ntlab isolate --rules`) let the
// simulation show that its leak counters catch a bad rule set: they send traffic out of the uplink
// port, the isolation network's link to the outside that OpenStack's external network stands for.
#pragma once

#include "replay/conntrack/conntrack-table.h"

#include <optional>
#include <string>
#include <vector>

namespace ntlab::conntrack {

enum class IsolationVariant : std::uint8_t {
  Paper,        // Steps 1-3, then drop
  AcceptNew,    // WRONG: +new from the instance forwarded as it is (no rewrite) out of the uplink
  NoFinalDrop,  // WRONG: Steps 1-3, but what no step matches (+inv) goes out of the uplink
};
/// "paper", "accept-new", "no-final-drop".
std::vector<std::string> IsolationVariantNames();
std::optional<IsolationVariant> IsolationVariantByName(const std::string& name);

struct IsolationPorts {
  std::uint32_t instance_port = 1;   // the moved host's switch port
  std::uint32_t responder_port = 2;  // the C&C stand-in's port
  Ipv4 instance_address = 0;         // the moved host's address in the isolation subnet
  Ipv4 responder_address = 0;
  std::uint16_t zone = 0;            // the isolation network's conntrack zone
  std::uint32_t mark = 2;            // marks connections committed by Step 1
  std::uint32_t uplink_port = 0;     // the way out; only the wrong variants send anything there
  IsolationVariant variant = IsolationVariant::Paper;
};

enum class FlowAction : std::uint8_t { Forward, Drop };

struct FlowVerdict {
  FlowAction action = FlowAction::Drop;
  CtState state = CtState::Invalid;
  Tuple tuple;                 // as it leaves the switch (after NAT)
  std::uint32_t out_port = 0;  // for Forward
  const char* rule = "";       // which rule decided, for reports and tests
};

class IsolationFlowRules {
 public:
  IsolationFlowRules(ConntrackTable& table, IsolationPorts ports) : m_table(table), m_ports(ports) {}

  /// One packet arriving on `in_port` (its zone is the isolation zone whatever the packet says).
  FlowVerdict Process(CtPacket packet, std::uint32_t in_port);

 private:
  FlowVerdict FromInstance(const CtPacket& packet, const CtLookup& lookup);
  FlowVerdict FromResponder(const CtPacket& packet, const CtLookup& lookup);

  ConntrackTable& m_table;
  IsolationPorts m_ports;
};

}  // namespace ntlab::conntrack
