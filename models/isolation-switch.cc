#include "models/isolation-switch.h"

#include "ns3/arp-header.h"
#include "ns3/icmpv4.h"
#include "ns3/ipv4-header.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tcp-header.h"
#include "ns3/udp-header.h"

#include "ns3/abort.h"

namespace ns3 {

NS_OBJECT_ENSURE_REGISTERED(IsolationSwitch);

namespace {
constexpr uint32_t kInstancePort = 1, kResponderPort = 2, kUplinkPort = 3;
constexpr uint16_t kIpv4 = 0x0800, kArp = 0x0806;

// The conntrack view of an IPv4 packet (its header already removed from `rest`). Later fragments
// carry no transport header: they are tracked with ports 0 and no flags, which conntrack calls
// invalid (the paper's rules drop them, as OvS does without reassembly).
ntlab::conntrack::CtPacket TrackedPacket(const Ipv4Header& ip, Ptr<const Packet> rest)
{
    using ntlab::conntrack::L4Proto;
    ntlab::conntrack::CtPacket ct;
    ct.tuple.src = ip.GetSource().Get();
    ct.tuple.dst = ip.GetDestination().Get();
    ct.ts = Simulator::Now().GetMicroSeconds();
    const bool first = ip.GetFragmentOffset() == 0;
    switch (ip.GetProtocol())
    {
    case 6: {
        ct.tuple.proto = L4Proto::Tcp;
        TcpHeader tcp;
        if (first && rest->PeekHeader(tcp))
        {
            ct.tuple.sport = tcp.GetSourcePort();
            ct.tuple.dport = tcp.GetDestinationPort();
            ct.tcp_flags = tcp.GetFlags();
        }
        break;
    }
    case 17: {
        UdpHeader udp;
        if (first && rest->PeekHeader(udp))
        {
            ct.tuple.sport = udp.GetSourcePort();
            ct.tuple.dport = udp.GetDestinationPort();
        }
        break;
    }
    default:
        ct.tuple.proto = L4Proto::Icmp;  // anything else is tracked by addresses alone
        break;
    }
    return ct;
}
} // namespace

TypeId
IsolationSwitch::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::IsolationSwitch")
            .SetParent<Object>()
            .AddConstructor<IsolationSwitch>()
            .AddAttribute("InstanceAddress", "The moved host's address in the isolation subnet (Step 2's source).",
                          Ipv4AddressValue(), MakeIpv4AddressAccessor(&IsolationSwitch::m_instanceAddress),
                          MakeIpv4AddressChecker())
            .AddAttribute("ResponderAddress", "The responder's address (Step 2's destination).", Ipv4AddressValue(),
                          MakeIpv4AddressAccessor(&IsolationSwitch::m_responderAddress), MakeIpv4AddressChecker())
            .AddAttribute("Rules", "paper, or a deliberately wrong variant: accept-new, no-final-drop.",
                          StringValue("paper"), MakeStringAccessor(&IsolationSwitch::m_rules), MakeStringChecker())
            .AddTraceSource("Verdict", "A packet decided: in port, rule, out port (0: dropped).",
                            MakeTraceSourceAccessor(&IsolationSwitch::m_verdictTrace),
                            "ns3::IsolationSwitch::VerdictTracedCallback");
    return tid;
}

IsolationSwitch::IsolationSwitch() = default;
IsolationSwitch::~IsolationSwitch() = default;

void
IsolationSwitch::SetPorts(Ptr<NetDevice> instance, Ptr<NetDevice> responder, Ptr<NetDevice> uplink,
                          Mac48Address responderMac)
{
    auto variant = ntlab::conntrack::IsolationVariantByName(m_rules);
    NS_ABORT_MSG_UNLESS(variant, "IsolationSwitch: unknown Rules '" << m_rules << "'");
    m_instance = instance;
    m_responder = responder;
    m_uplink = uplink;
    m_responderMac = responderMac;
    m_ports.instance_port = kInstancePort;
    m_ports.responder_port = kResponderPort;
    m_ports.uplink_port = kUplinkPort;
    m_ports.instance_address = m_instanceAddress.Get();
    m_ports.responder_address = m_responderAddress.Get();
    m_ports.variant = *variant;
    m_table = std::make_unique<ntlab::conntrack::ConntrackTable>();
    m_flowRules = std::make_unique<ntlab::conntrack::IsolationFlowRules>(*m_table, m_ports);
    for (const auto& device : {instance, responder, uplink})
    {
        device->GetNode()->RegisterProtocolHandler(MakeCallback(&IsolationSwitch::Receive, this), 0, device, true);
    }
}

Ptr<NetDevice>
IsolationSwitch::PortDevice(uint32_t port) const
{
    return port == kInstancePort ? m_instance : port == kResponderPort ? m_responder : m_uplink;
}

void
IsolationSwitch::Receive(Ptr<NetDevice> device, Ptr<const Packet> packet, uint16_t protocol, const Address& from,
                         const Address& to, NetDevice::PacketType /*type*/)
{
    if (device == m_uplink)
    {
        return;  // isolation: nothing comes in from outside
    }
    if (device == m_instance)
    {
        m_instanceMac = Mac48Address::ConvertFrom(from);
    }
    if (protocol == kArp)
    {
        AnswerArp(device, packet);
    }
    else if (protocol == kIpv4)
    {
        Switch(device == m_instance ? kInstancePort : kResponderPort, packet, from, to);
    }
}

// OpenStack's ARP responder: the instance port answers for every address but the instance's own,
// the responder port for the instance's isolation address.
void
IsolationSwitch::AnswerArp(Ptr<NetDevice> device, Ptr<const Packet> packet)
{
    ArpHeader arp;
    if (!packet->PeekHeader(arp) || !arp.IsRequest())
    {
        return;
    }
    Ipv4Address wanted = arp.GetDestinationIpv4Address();
    bool answer = device == m_instance ? wanted != arp.GetSourceIpv4Address() : wanted == m_instanceAddress;
    if (!answer)
    {
        return;
    }
    ArpHeader reply;
    reply.SetReply(device->GetAddress(), wanted, arp.GetSourceHardwareAddress(), arp.GetSourceIpv4Address());
    Ptr<Packet> out = Create<Packet>();
    out->AddHeader(reply);
    device->Send(out, arp.GetSourceHardwareAddress(), kArp);
}

void
IsolationSwitch::Switch(uint32_t inPort, Ptr<const Packet> packet, const Address& from, const Address& to)
{
    Ptr<Packet> rest = packet->Copy();
    Ipv4Header ip;
    rest->RemoveHeader(ip);
    ntlab::conntrack::FlowVerdict verdict = m_flowRules->Process(TrackedPacket(ip, rest), inPort);
    ++m_verdicts[verdict.rule];
    const bool forward = verdict.action == ntlab::conntrack::FlowAction::Forward;
    m_verdictTrace(inPort, verdict.rule, forward ? verdict.out_port : 0);
    if (!forward)
    {
        return;
    }
    // Step 2's rewrite (addresses only; ports are kept). ns-3 computes no transport checksums here.
    ip.SetSource(Ipv4Address(verdict.tuple.src));
    ip.SetDestination(Ipv4Address(verdict.tuple.dst));
    rest->AddHeader(ip);
    Ptr<NetDevice> out = PortDevice(verdict.out_port);
    if (verdict.out_port == kUplinkPort)
    {
        out->SendFrom(rest, from, to, kIpv4);  // NORMAL: the frame as it came, to the outside
    }
    else
    {
        out->Send(rest, verdict.out_port == kResponderPort ? Address(m_responderMac) : Address(m_instanceMac), kIpv4);
    }
}

void
IsolationSwitch::DoDispose()
{
    m_instance = m_responder = m_uplink = nullptr;
    Object::DoDispose();
}

} // namespace ns3
