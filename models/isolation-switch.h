// Paper 002's Open vSwitch in the isolation network, as an ns-3 object on a node without an IP
// stack: three ports (the moved instance, the responder, the uplink that OpenStack's external
// network stands for), and the flow rules of Steps 1-3 over the shared conntrack model
// (replay/conntrack: ntlab::conntrack::IsolationFlowRules, the same code the tests prove). Every
// IPv4 packet is tracked; a forwarded one leaves with the addresses the verdict gives (Step 2's
// rewrite). Like OvS's ARP responder in OpenStack, it answers ARP requests on the instance and
// responder ports itself, so the moved host keeps reaching its old gateway's address. Nothing is
// forwarded from the uplink inwards.
#pragma once

#include "replay/conntrack/isolation-flow-rules.h"

#include "ns3/ipv4-address.h"
#include "ns3/mac48-address.h"
#include "ns3/net-device.h"
#include "ns3/object.h"
#include "ns3/packet.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>

namespace ns3 {

class IsolationSwitch : public Object
{
  public:
    static TypeId GetTypeId();
    IsolationSwitch();
    ~IsolationSwitch() override;

    /// Takes over the node's three devices; the responder's MAC is where rewritten packets go.
    void SetPorts(Ptr<NetDevice> instance, Ptr<NetDevice> responder, Ptr<NetDevice> uplink, Mac48Address responderMac);
    /// Packets per deciding rule (the verdict's rule text).
    const std::map<std::string, uint64_t>& Verdicts() const { return m_verdicts; }
    /// The flow rules' configuration (after SetPorts): what the static containment proof probes.
    const ntlab::conntrack::IsolationPorts& FlowPorts() const { return m_ports; }

    /// "Verdict": the in port (1 instance, 2 responder, 3 uplink), the deciding rule, the out port (0: dropped).
    typedef void (*VerdictTracedCallback)(uint32_t inPort, const std::string& rule, uint32_t outPort);

  private:
    void Receive(Ptr<NetDevice> device, Ptr<const Packet> packet, uint16_t protocol, const Address& from,
                 const Address& to, NetDevice::PacketType type);
    void AnswerArp(Ptr<NetDevice> device, Ptr<const Packet> packet);
    void Switch(uint32_t inPort, Ptr<const Packet> packet, const Address& from, const Address& to);
    Ptr<NetDevice> PortDevice(uint32_t port) const;
    void DoDispose() override;

    Ipv4Address m_instanceAddress;
    Ipv4Address m_responderAddress;
    std::string m_rules;
    Ptr<NetDevice> m_instance, m_responder, m_uplink;
    Mac48Address m_responderMac;
    Mac48Address m_instanceMac;  // learnt from the instance's frames
    ntlab::conntrack::IsolationPorts m_ports;
    std::unique_ptr<ntlab::conntrack::ConntrackTable> m_table;
    std::unique_ptr<ntlab::conntrack::IsolationFlowRules> m_flowRules;
    std::map<std::string, uint64_t> m_verdicts;
    TracedCallback<uint32_t, const std::string&, uint32_t> m_verdictTrace;
};

} // namespace ns3
