#include "scenarios/sim/isolation-network.h"

#include "models/helper/mirror-port-capture-helper.h"
#include "replay/containment/switch-containment.h"

#include "ns3/bridge-net-device.h"
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"

#include <filesystem>
#include <stdexcept>

namespace ntlab {
namespace {

using namespace ns3;

std::uint32_t HostIndex(const ScenarioConfig& config)
{
    for (std::uint32_t h = 0; h < config.hosts.size(); ++h)
        if (config.hosts[h].name == config.isolation.host) return h;
    throw std::logic_error("isolation.host: no such host (ValidateScenario checks this)");
}

Ptr<BridgeNetDevice> BridgeOf(Ptr<Node> switchNode)
{
    for (uint32_t d = 0; d < switchNode->GetNDevices(); ++d)
        if (auto bridge = DynamicCast<BridgeNetDevice>(switchNode->GetDevice(d))) return bridge;
    throw std::logic_error("the enterprise switch has no bridge");
}

// The volume move takes this long: frames the host sends meanwhile are lost, and no frame is on
// the old link when the NIC is put on the new one.
const Time kMoveDuration = MilliSeconds(1);

}  // namespace

SimulatedIsolation::SimulatedIsolation(ScenarioBuild& build, const std::string& outDir)
    : m_config(build.config),
      m_outDir(outDir),
      m_host(HostIndex(build.config))
{
    const SegmentSpec& subnet = m_config.isolation.subnet;
    m_hostAddress = build.topology.hostAddresses[m_host];
    m_instanceAddress = Ipv4Address(subnet.network + 11);
    m_responderAddress = Ipv4Address(subnet.network + 2);
    BuildNetwork(build);
    WatchOutside(build);
    ScheduleMove(build.topology.hostDevices[m_host]);
}

void SimulatedIsolation::BuildNetwork(ScenarioBuild& build)
{
    m_switchNode = CreateObject<Node>();
    m_responderNode = CreateObject<Node>();
    CsmaHelper link;
    link.SetChannelAttribute("DataRate", StringValue(m_config.isolation.subnet.rate));
    link.SetChannelAttribute("Delay", TimeValue(Seconds(m_config.isolation.subnet.delay_s)));
    NetDeviceContainer instance = link.Install(NodeContainer(m_switchNode));
    m_instanceChannel = DynamicCast<CsmaChannel>(instance.Get(0)->GetChannel());
    NetDeviceContainer responder = link.Install(NodeContainer(m_switchNode, m_responderNode));
    NetDeviceContainer uplink = link.Install(NodeContainer(m_switchNode, build.topology.switchNode));
    BridgeOf(build.topology.switchNode)->AddBridgePort(uplink.Get(1));

    InternetStackHelper stack;
    stack.Install(m_responderNode);
    Ptr<ns3::Ipv4> ipv4 = m_responderNode->GetObject<ns3::Ipv4>();
    int32_t index = ipv4->AddInterface(responder.Get(1));
    ipv4->AddAddress(index, Ipv4InterfaceAddress(m_responderAddress, Ipv4Mask(~0u << (32 - m_config.isolation.subnet.prefix))));
    ipv4->SetUp(index);

    m_switch = CreateObject<IsolationSwitch>();
    m_switch->SetAttribute("InstanceAddress", Ipv4AddressValue(m_instanceAddress));
    m_switch->SetAttribute("ResponderAddress", Ipv4AddressValue(m_responderAddress));
    m_switch->SetAttribute("Rules", StringValue(m_config.isolation.rules));
    m_switch->SetPorts(instance.Get(0), responder.Get(0), uplink.Get(0), Mac48Address::ConvertFrom(responder.Get(1)->GetAddress()));

    m_responder = CreateObject<IsolationResponderApplication>();
    m_responder->SetAttribute("EpochStartUs", IntegerValue(m_config.start));
    m_responder->SetAttribute("ReportLengthScale", DoubleValue(m_config.isolation.report_length_scale));
    m_responderNode->AddApplication(m_responder);
    m_responder->TraceConnectWithoutContext("Answer", MakeCallback(&SimulatedIsolation::Answered, this));
    build.topology.switchPorts.Get(m_host)->TraceConnectWithoutContext(
        "PromiscSniffer", MakeCallback(&IsolationResponderApplication::Record, m_responder));

    std::filesystem::create_directories(m_outDir + "/isolation-pcap");
    MirrorPortCaptureHelper capture(m_outDir + "/isolation-pcap");
    capture.SetAttribute("RotateInterval", TimeValue(Seconds(m_config.rotate_s)));
    capture.SetAttribute("EpochStartUs", IntegerValue(m_config.start));
    m_capture = capture.Install(instance.Get(0), m_hostAddress);
}

// Every node but the three inside isolation (the switch, the responder, the moved host).
void SimulatedIsolation::WatchOutside(ScenarioBuild& build)
{
    const EnterpriseTopology& t = build.topology;
    m_leaks = CreateObject<IsolationLeakCounter>();
    m_leaks->SetAttribute("HostAddress", Ipv4AddressValue(m_hostAddress));
    m_leaks->SetAttribute("InstanceAddress", Ipv4AddressValue(m_instanceAddress));
    m_leaks->SetAttribute("From", TimeValue(Seconds(m_config.isolation.move_at_s)));
    std::map<uint32_t, std::string> names{{t.switchNode->GetId(), "lan-switch"},
                                          {t.gateway->GetId(), "gateway"},
                                          {t.dnsServer->GetId(), "dns"},
                                          {t.internetRouter->GetId(), "internet-router"}};
    for (uint32_t h = 0; h < t.hosts.GetN(); ++h) names[t.hosts.Get(h)->GetId()] = m_config.hosts[h].name;
    for (uint32_t s = 0; s < t.servers.GetN(); ++s) names[t.servers.Get(s)->GetId()] = m_config.servers[s].name;
    const std::set<uint32_t> inside{m_switchNode->GetId(), m_responderNode->GetId(), t.hosts.Get(m_host)->GetId()};
    for (uint32_t n = 0; n < NodeList::GetNNodes(); ++n)
    {
        Ptr<Node> node = NodeList::GetNode(n);
        if (inside.count(n)) continue;
        auto named = names.find(n);
        m_leaks->Watch(node, named != names.end() ? named->second : "node-" + std::to_string(n));
    }
}

void SimulatedIsolation::ScheduleMove(Ptr<NetDevice> hostDevice)
{
    Ptr<CsmaNetDevice> nic = DynamicCast<CsmaNetDevice>(hostDevice);
    Ptr<CsmaChannel> lan = DynamicCast<CsmaChannel>(nic->GetChannel());
    Ptr<CsmaChannel> isolation = m_instanceChannel;
    Ptr<IsolationResponderApplication> responder = m_responder;
    const Time at = Seconds(m_config.isolation.move_at_s);
    Simulator::Schedule(at, [nic, lan, responder]() {
        responder->Seal();
        lan->Detach(nic);
    });
    Simulator::Schedule(at + kMoveDuration, [nic, isolation]() { nic->Attach(isolation); });
}

void SimulatedIsolation::Answered(const std::string& method, const std::string& path, int64_t recorded,
                                  int64_t recordedTs, uint32_t bytes)
{
    m_answers.push_back({m_config.start + Simulator::Now().GetMicroSeconds(), method, path, recorded, recordedTs, bytes});
}

void SimulatedIsolation::Finish()
{
    m_capture->Close();
    SimIsolationSummary s;
    s.host = m_config.isolation.host;
    s.host_ip = m_hostAddress.Get();
    s.instance_ip = m_instanceAddress.Get();
    s.responder_ip = m_responderAddress.Get();
    s.move_ts = m_config.start + Seconds(m_config.isolation.move_at_s).GetMicroSeconds();
    s.rules = m_config.isolation.rules;
    s.report_length_scale = m_config.isolation.report_length_scale;
    s.leaked_packets = m_leaks->GetLeakedPackets();
    s.leaked_by_node = m_leaks->PerNode();
    s.switch_verdicts = m_switch->Verdicts();
    s.recorded_exchanges = m_responder->Book().Exchanges().size();
    s.answered = m_responder->GetAnswered();
    s.unmatched = m_responder->GetUnmatched();
    // Static containment, from the rules the switch executed (whatever traffic this run sent).
    ntlab::SwitchContainmentProof proof = ntlab::ProveSwitchContainment(m_switch->FlowPorts());
    s.contained_by_graph = proof.contained;
    s.graph_leak_path = proof.leak_path;
    for (const auto& edge : proof.usable) s.graph_usable_edges.push_back(ntlab::DescribeEdge(edge));
    WriteSimIsolationSummary(m_outDir + "/isolation.json", s);
    WriteResponderAnswers(m_outDir + "/isolation_responder.csv", m_answers);
}

}  // namespace ntlab
