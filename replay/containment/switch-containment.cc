#include "replay/containment/switch-containment.h"

#include <map>
#include <optional>
#include <set>

namespace ntlab {

using conntrack::CtState;
using conntrack::FlowAction;
using conntrack::FlowVerdict;
using conntrack::L4Proto;
using conntrack::Tuple;

namespace {

constexpr SwitchPort kPorts[] = {SwitchPort::Instance, SwitchPort::Responder, SwitchPort::Uplink};
constexpr L4Proto kProtos[] = {L4Proto::Tcp, L4Proto::Udp, L4Proto::Icmp};

// The rules decide by entry port and conntrack state, never by address, so one address per side
// stands for all of them: the moved host's own (any; a documentation address), the responder's,
// and one outside (the unreachable C&C, or a LAN node opening toward the host).
constexpr Ipv4 kHostSide = 0xC000020A;     // 192.0.2.10
constexpr Ipv4 kOutsideSide = 0xC6336414;  // 198.51.100.20

/// One fresh conntrack table with the rules under test; the probes and their setup go through it.
class ProbeRun {
 public:
  explicit ProbeRun(const conntrack::IsolationPorts& ports) : m_ports(ports), m_rules(m_table, ports) {}

  FlowVerdict Send(SwitchPort in, const Tuple& tuple, std::uint8_t tcp_flags,
                   std::optional<Tuple> error_about = std::nullopt) {
    conntrack::CtPacket packet;
    packet.tuple = tuple;
    packet.tcp_flags = tuple.proto == L4Proto::Tcp ? tcp_flags : 0;
    packet.icmp_error_about = error_about;
    packet.ts = ++m_packets * kUsPerSecond / 1000;
    return m_rules.Process(packet, PortNumber(in));
  }

  /// Where a verdict sends the packet; a forward by any port but the two inside ones leaves.
  std::optional<SwitchPort> Out(const FlowVerdict& verdict) const {
    if (verdict.action != FlowAction::Forward) return std::nullopt;
    if (verdict.out_port == m_ports.instance_port) return SwitchPort::Instance;
    if (verdict.out_port == m_ports.responder_port) return SwitchPort::Responder;
    return SwitchPort::Uplink;
  }

  Ipv4 SideAddress(SwitchPort port) const {
    if (port == SwitchPort::Instance) return kHostSide;
    return port == SwitchPort::Responder ? m_ports.responder_address : kOutsideSide;
  }

 private:
  std::uint32_t PortNumber(SwitchPort port) const {
    return port == SwitchPort::Instance    ? m_ports.instance_port
           : port == SwitchPort::Responder ? m_ports.responder_port
                                           : m_ports.uplink_port;
  }

  conntrack::IsolationPorts m_ports;
  conntrack::ConntrackTable m_table;
  conntrack::IsolationFlowRules m_rules;
  std::uint64_t m_packets = 0;
};

/// The first packet of a connection opened from `in` (ICMP: an echo, its identifier in both ports).
Tuple Opener(const ProbeRun& run, SwitchPort in, L4Proto proto) {
  Ipv4 to = in == SwitchPort::Instance ? kOutsideSide : kHostSide;
  if (proto == L4Proto::Icmp) return {run.SideAddress(in), to, 7, 7, proto};
  return {run.SideAddress(in), to, 40000, proto == L4Proto::Tcp ? std::uint16_t(80) : std::uint16_t(53), proto};
}

/// An ICMP error sent from `in` about a packet as it arrived there.
FlowVerdict SendError(ProbeRun& run, SwitchPort in, const Tuple& about) {
  return run.Send(in, {run.SideAddress(in), about.src, 0, 0, L4Proto::Icmp}, 0, about);
}

using Verdicts = std::vector<FlowVerdict>;

enum class OwnStep { Opener, NextBeforeAnswer, NextAfterAnswer, ErrorAboutAnswer };
constexpr OwnStep kOwnSteps[] = {OwnStep::Opener, OwnStep::NextBeforeAnswer, OwnStep::NextAfterAnswer,
                                 OwnStep::ErrorAboutAnswer};

/// From `in` on a connection it opened, on a fresh table: the opener (new), its next packet before
/// an answer (002 forces +est before any) and after one (established), and an ICMP error about the
/// answer as it arrived (related). Nothing when the setup could not get through the rules.
std::optional<FlowVerdict> ProbeOwnConnection(const conntrack::IsolationPorts& ports, SwitchPort in, L4Proto proto,
                                              OwnStep step) {
  ProbeRun run(ports);
  const Tuple opener = Opener(run, in, proto);
  FlowVerdict opened = run.Send(in, opener, conntrack::kSyn);
  if (step == OwnStep::Opener) return opened;
  auto to = run.Out(opened);
  if (!to) return std::nullopt;
  if (step == OwnStep::NextBeforeAnswer) return run.Send(in, opener, conntrack::kAck);
  FlowVerdict answer = run.Send(*to, opened.tuple.Reversed(), conntrack::kSyn | conntrack::kAck);
  if (step == OwnStep::NextAfterAnswer) return run.Send(in, opener, conntrack::kAck);
  if (run.Out(answer) != in) return std::nullopt;
  return SendError(run, in, answer.tuple);
}

/// From `in` on a connection `opener_port` opened toward it, on a fresh table: the answer
/// (established), or an ICMP error about what arrived (related).
std::optional<FlowVerdict> ProbeOthersConnection(const conntrack::IsolationPorts& ports, SwitchPort in,
                                                 SwitchPort opener_port, L4Proto proto, bool error) {
  ProbeRun run(ports);
  FlowVerdict opened = run.Send(opener_port, Opener(run, opener_port, proto), conntrack::kSyn);
  if (run.Out(opened) != in) return std::nullopt;
  if (error) return SendError(run, in, opened.tuple);
  return run.Send(in, opened.tuple.Reversed(), conntrack::kSyn | conntrack::kAck);
}

/// What conntrack calls invalid on a fresh table: TCP picked up mid-stream or with flags no stack
/// sends, and an ICMP error about no known connection. UDP is never invalid.
void ProbeInvalid(const conntrack::IsolationPorts& ports, SwitchPort in, L4Proto proto, Verdicts& out) {
  ProbeRun run(ports);
  const Tuple opener = Opener(run, in, L4Proto::Tcp);
  if (proto == L4Proto::Tcp) {
    out.push_back(run.Send(in, opener, conntrack::kAck));
    out.push_back(run.Send(in, opener, conntrack::kSyn | conntrack::kFin));
  } else if (proto == L4Proto::Icmp) {
    out.push_back(SendError(run, in, opener.Reversed()));
  }
}

}  // namespace

const char* SwitchPortName(SwitchPort port) {
  switch (port) {
    case SwitchPort::Instance: return "instance";
    case SwitchPort::Responder: return "responder";
    case SwitchPort::Uplink: return "uplink";
  }
  return "uplink";
}

std::vector<SwitchProbe> ProbeFlowRules(const conntrack::IsolationPorts& ports) {
  std::vector<SwitchProbe> probes;
  const ProbeRun addressing(ports);
  for (SwitchPort in : kPorts)
    for (L4Proto proto : kProtos) {
      Verdicts verdicts;
      auto keep = [&](const std::optional<FlowVerdict>& v) {
        if (v) verdicts.push_back(*v);
      };
      for (OwnStep step : kOwnSteps) keep(ProbeOwnConnection(ports, in, proto, step));
      for (SwitchPort opener_port : kPorts)
        for (bool error : {false, true})
          if (opener_port != in) keep(ProbeOthersConnection(ports, in, opener_port, proto, error));
      ProbeInvalid(ports, in, proto, verdicts);
      for (const FlowVerdict& v : verdicts) {
        auto out = addressing.Out(v);
        probes.push_back({in, proto, v.state, out.has_value(), out.value_or(SwitchPort::Instance), v.rule});
      }
    }
  return probes;
}

namespace {

const char* ProtoName(L4Proto proto) { return proto == L4Proto::Tcp ? "tcp" : proto == L4Proto::Udp ? "udp" : "icmp"; }

using EdgeTraffic = std::map<CtState, std::set<L4Proto>>;

std::string TrafficText(const EdgeTraffic& traffic) {
  std::string text;
  for (const auto& [state, protos] : traffic) {
    text += (text.empty() ? "" : "; ") + std::string(conntrack::CtStateName(state)) + ":";
    std::string names;
    for (L4Proto proto : kProtos)
      if (protos.count(proto)) names += (names.empty() ? " " : ",") + std::string(ProtoName(proto));
    text += names;
  }
  return text;
}

const char* NodeName(SwitchPort port) { return port == SwitchPort::Uplink ? "lan" : SwitchPortName(port); }

}  // namespace

SwitchContainmentProof ProveSwitchContainment(const conntrack::IsolationPorts& ports) {
  SwitchContainmentProof proof;
  proof.probes = ProbeFlowRules(ports);
  std::map<std::pair<SwitchPort, SwitchPort>, EdgeTraffic> edges;
  for (const SwitchProbe& p : proof.probes)
    if (p.forwarded) edges[{p.in, p.out}][p.state].insert(p.proto);

  ContainmentGraph graph;
  std::map<SwitchPort, std::size_t> node, port;
  for (SwitchPort p : kPorts) {
    // Behind the uplink is the enterprise LAN: the one node outside isolation.
    node[p] = graph.AddVertex(NodeName(p), p == SwitchPort::Uplink);
    port[p] = graph.AddVertex(std::string("switch:") + SwitchPortName(p), false);
    graph.AddLink(node[p], port[p]);
  }
  for (SwitchPort in : kPorts)
    for (SwitchPort to : kPorts) {
      auto edge = edges.find({in, to});
      graph.AddForwarding(port[in], node[to], edge != edges.end());
      if (edge != edges.end()) proof.usable.push_back({in, to, TrafficText(edge->second)});
    }
  ContainmentSearch search = graph.SearchFrom(node[SwitchPort::Instance]);
  proof.contained = search.contained;
  proof.reachable = std::move(search.reachable);
  proof.leak_path = std::move(search.leak_path);
  return proof;
}

std::string DescribeEdge(const SwitchForwardingEdge& edge) {
  return std::string("switch:") + SwitchPortName(edge.from_port) + " -> " + NodeName(edge.to) + ": " + edge.traffic;
}

}  // namespace ntlab
