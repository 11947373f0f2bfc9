#include "scenarios/sim/messenger-scenario.h"

#include "models/helper/process-application-helper.h"
#include "models/helper/typed-application-helper.h"
#include "models/buddybuddy-server-application.h"
#include "models/ip-relay-application.h"
#include "models/msnp-server-application.h"
#include "models/nateon-server-application.h"

#include "ns3/boolean.h"
#include "ns3/csma-module.h"
#include "ns3/enum.h"
#include "ns3/internet-module.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <map>

namespace ntlab {
namespace {

using namespace ns3;

// The servers' nodes, in this order; their 004 addresses come from MessengerServerAddresses.
enum MessengerNode : std::uint32_t { kMsnDispatch, kMsnNotification, kMsnSwitchboard, kMsnGateway, kNateOnDispatch,
                                     kNateOnMain, kBuddyBuddy, kRelay, kMessengerNodes };
constexpr std::uint32_t kFirstHostNumber = 120;  // their own addresses on the internet segment: .120-.127

Ipv4Address Ip(Ipv4 ip) { return Ipv4Address(ip); }

std::vector<Ipv4> PublicAddresses(const MessengersSpec& spec)
{
    std::vector<Ipv4> addresses = MessengerServerAddresses(spec);
    addresses.push_back(spec.relay);
    return addresses;
}

uint32_t InterfaceOf(Ptr<NetDevice> device)
{
    return uint32_t(device->GetNode()->GetObject<ns3::Ipv4>()->GetInterfaceForDevice(device));
}

// A node on the internet segment answers for `publicAddress` as a second address of the interface
// that holds `own`; static routes lead to it from the router, the gateway and every host.
void AnswerForPublicAddress(const ScenarioConfig& config, const EnterpriseTopology& t, Ptr<Node> node, Ipv4Address own,
                            Ipv4Address publicAddress)
{
    Ptr<ns3::Ipv4> ipv4 = node->GetObject<ns3::Ipv4>();
    const int32_t index = ipv4->GetInterfaceForAddress(own);
    ipv4->AddAddress(index, Ipv4InterfaceAddress(publicAddress, Ipv4Mask("255.255.255.255")));
    Ipv4StaticRoutingHelper routing;
    routing.GetStaticRouting(t.internetRouter->GetObject<ns3::Ipv4>())
        ->AddHostRouteTo(publicAddress, own, InterfaceOf(t.internetDevices.Get(0)));
    routing.GetStaticRouting(t.gateway->GetObject<ns3::Ipv4>())
        ->AddHostRouteTo(publicAddress, Ipv4Address("100.64.0.2"), InterfaceOf(t.uplinkDevices.Get(0)));
    const Ipv4Address gatewayLan(config.lan.network + 1);
    for (uint32_t h = 0; h < t.hosts.GetN(); ++h)
        routing.GetStaticRouting(t.hosts.Get(h)->GetObject<ns3::Ipv4>())
            ->AddHostRouteTo(publicAddress, gatewayLan, InterfaceOf(t.hostDevices[h]));
}

// Each server node sits on the internet segment with an address of its own there, and answers for
// its public (004) address.
void ConnectServerNodes(const ScenarioConfig& config, const EnterpriseTopology& t, NodeContainer& nodes)
{
    nodes.Create(kMessengerNodes);
    Ptr<CsmaChannel> segment = DynamicCast<CsmaChannel>(t.internetDevices.Get(0)->GetChannel());
    CsmaHelper csma;
    csma.SetDeviceAttribute("Mtu", UintegerValue(1500));
    NetDeviceContainer devices = csma.Install(nodes, segment);
    InternetStackHelper().Install(nodes);
    Ipv4StaticRoutingHelper routing;
    const std::vector<Ipv4> publicAddresses = PublicAddresses(config.messengers);
    for (uint32_t i = 0; i < kMessengerNodes; ++i)
    {
        Ptr<ns3::Ipv4> ipv4 = nodes.Get(i)->GetObject<ns3::Ipv4>();
        int32_t index = ipv4->AddInterface(devices.Get(i));
        Ipv4Address own(config.internet.network + kFirstHostNumber + i);
        ipv4->AddAddress(index, Ipv4InterfaceAddress(own, Ipv4Mask(~0u << (32 - config.internet.prefix))));
        ipv4->SetUp(index);
        routing.GetStaticRouting(ipv4)->SetDefaultRoute(t.routerAddress, index);
        AnswerForPublicAddress(config, t, nodes.Get(i), own, Ip(publicAddresses[i]));
    }
}

// messengers.benign_inside: the web server's node also answers inside a messenger network (its
// names resolve there, web-server-kind.cc), so an IP table of that network meets benign traffic.
void PlaceBenignInside(const ScenarioBuild& build)
{
    const BenignInsideSpec& inside = build.config.messengers.benign_inside;
    if (inside.address == 0) return;
    for (uint32_t i = 0; i < build.config.servers.size(); ++i)
        if (build.config.servers[i].name == inside.server)
            AnswerForPublicAddress(build.config, build.topology, build.topology.servers.Get(i),
                                   build.topology.serverAddresses[i], Ip(inside.address));
}

Ptr<MsnpServerApplication> InstallMsnServer(Ptr<Node> node, MsnpServerApplication::Role role, Ipv4 address,
                                            uint16_t port, uint16_t secondPort, const MessengersSpec& spec,
                                            Ptr<MsnDirectory> directory)
{
    TypedApplicationHelper<MsnpServerApplication> helper;
    helper.SetAttribute("Role", EnumValue(role));
    helper.SetAttribute("Port", UintegerValue(port));
    helper.SetAttribute("SecondPort", UintegerValue(secondPort));
    helper.SetAttribute("Address", Ipv4AddressValue(Ip(address)));
    helper.SetAttribute("Notification", Ipv4AddressValue(Ip(spec.msn.notification)));
    helper.SetAttribute("Switchboard", Ipv4AddressValue(Ip(spec.msn.switchboard)));
    Ptr<MsnpServerApplication> server = helper.Install(node);
    server->SetDirectory(directory);
    return server;
}

void InstallNateOnServer(Ptr<Node> node, NateOnServerApplication::Role role, const MessengersSpec& spec,
                         Ptr<MsnDirectory> directory)
{
    TypedApplicationHelper<NateOnServerApplication> helper;
    helper.SetAttribute("Role", EnumValue(role));
    helper.SetAttribute("SecondPort", UintegerValue(80));
    helper.SetAttribute("Main", Ipv4AddressValue(Ip(spec.nateon.main)));
    helper.Install(node)->SetDirectory(directory);
}

}  // namespace

bool MatchesProcess(const ProcessMatcher& matcher, const std::string& image, const std::string& windowClass,
                    const std::string& controlText)
{
    return matcher.image_names.count(LowerAscii(image)) ||
           (!windowClass.empty() && matcher.window_classes.count(windowClass)) ||
           (!controlText.empty() && matcher.control_texts.count(controlText));
}

void InstallMessengerProvider(ScenarioBuild& build)
{
    const MessengersSpec& spec = build.config.messengers;
    build.messengers = std::make_shared<MessengerBuild>();
    if (!spec.policy.empty()) build.messengers->policy = ReadBlockPolicy(spec.policy);
    NodeContainer& nodes = build.messengers->servers;
    ConnectServerNodes(build.config, build.topology, nodes);
    Ptr<MsnDirectory> directory = CreateObject<MsnDirectory>();
    using Msn = MsnpServerApplication;
    InstallMsnServer(nodes.Get(kMsnDispatch), Msn::DISPATCH, DispatchAddress(spec, MessengerKind::Msn), 1863, 443, spec, directory);
    InstallMsnServer(nodes.Get(kMsnNotification), Msn::NOTIFICATION, spec.msn.notification, 1863, 443, spec, directory);
    InstallMsnServer(nodes.Get(kMsnSwitchboard), Msn::SWITCHBOARD, spec.msn.switchboard, 1863, 0, spec, directory);
    InstallMsnServer(nodes.Get(kMsnGateway), Msn::HTTP_GATEWAY, spec.msn.http_gateway, 80, 0, spec, directory);
    Ptr<MsnDirectory> nateOnUsers = CreateObject<MsnDirectory>();  // NateOn's own users, apart from MSN's
    InstallNateOnServer(nodes.Get(kNateOnDispatch), NateOnServerApplication::DISPATCH, spec, nateOnUsers);
    InstallNateOnServer(nodes.Get(kNateOnMain), NateOnServerApplication::MAIN, spec, nateOnUsers);
    TypedApplicationHelper<BuddyBuddyServerApplication>().Install(nodes.Get(kBuddyBuddy));
    TypedApplicationHelper<IpRelayApplication>().Install(nodes.Get(kRelay));
    PlaceBenignInside(build);
}

void InstallMessengerClients(const MonitoredHost& host, ScenarioBuild& build)
{
    const MessengersSpec& spec = build.config.messengers;
    const std::string& hostName = build.config.hosts[host.index].name;
    for (std::size_t i = 0; i < spec.clients.size(); ++i)
    {
        const MessengerClientSpec& client = spec.clients[i];
        if (client.host != hostName) continue;
        MessengerClientInstance instance;
        instance.spec = i;
        instance.host = host.index;
        instance.image = spec.bypass.renamed_image ? spec.bypass.renamed_to : client.image;
        const auto& policy = build.messengers->policy;
        if (policy && policy->process &&
            MatchesProcess(*policy->process, instance.image, client.window_class, client.control_text))
        {
            build.messengers->clients.push_back(instance);  // method 2: it may not start
            continue;
        }
        instance.pid = host.pids->Allocate();
        ProcessApplicationHelper<MessengerClientApplication> helper;
        helper.SetProcess(instance.pid, instance.image, host.resolver);
        const bool msn = client.messenger == MessengerKind::Msn;
        helper.SetAttribute("Messenger", EnumValue(msn ? MessengerClientApplication::MSN
                                                   : client.messenger == MessengerKind::NateOn ? MessengerClientApplication::NATEON
                                                                                              : MessengerClientApplication::BUDDY));
        helper.SetAttribute("Account", StringValue(client.account));
        helper.SetAttribute("Peer", StringValue(client.peer));
        helper.SetAttribute("Dispatch", Ipv4AddressValue(Ip(DispatchAddress(spec, client.messenger))));
        if (msn) helper.SetAttribute("HttpGateway", Ipv4AddressValue(Ip(spec.msn.http_gateway)));
        helper.SetAttribute("Relay", Ipv4AddressValue(Ip(spec.relay)));
        helper.SetAttribute("UseRelay", BooleanValue(client.via_relay || spec.bypass.via_relay));
        helper.SetAttribute("HttpsOnly", BooleanValue(spec.bypass.https_only));
        helper.SetAttribute("ChatGap", StringValue("ns3::ExponentialRandomVariable[Mean=" + std::to_string(client.chat_every_s) + "]"));
        helper.SetAttribute("SmallFile", UintegerValue(client.small_file));
        helper.SetAttribute("LargeFile", UintegerValue(client.large_file));
        helper.SetAttribute("GiveUp", TimeValue(Seconds(spec.give_up_s)));
        helper.SetAttribute("ConnectTimeout", TimeValue(Seconds(spec.connect_timeout_s)));
        // PROTOCOLS.md: QNG 50; pong_send_interval=40; BuddyBuddy's 60 s is invented.
        // A NateOn peer listens for a large file on the CONF's nego_port=6004 (PROTOCOLS.md 3.2).
        if (client.messenger == MessengerKind::NateOn) helper.SetAttribute("DirectPort", UintegerValue(6004));
        helper.SetAttribute("KeepAlive", TimeValue(Seconds(msn ? 50 : client.messenger == MessengerKind::NateOn ? 40 : 60)));
        instance.app = helper.Install(host.node);
        instance.app->SetStartTime(Seconds(client.start_s));
        build.AssignStreams(instance.app);
        build.messengers->clients.push_back(instance);
    }
}

namespace {

// The transport ports of a packet that starts with its TCP or UDP header.
bool Ports(Ptr<const Packet> packet, const Ipv4Header& header, uint16_t& source, uint16_t& destination)
{
    if (header.GetProtocol() == TcpL4Protocol::PROT_NUMBER)
    {
        TcpHeader tcp;
        if (packet->PeekHeader(tcp) == 0) return false;
        source = tcp.GetSourcePort();
        destination = tcp.GetDestinationPort();
        return true;
    }
    if (header.GetProtocol() == UdpL4Protocol::PROT_NUMBER)
    {
        UdpHeader udp;
        if (packet->PeekHeader(udp) == 0) return false;
        source = udp.GetSourcePort();
        destination = udp.GetDestinationPort();
        return true;
    }
    return false;
}

// Method 1: the gateway drops what it would forward to or from a blocked network.
FilteringRouting::Verdict IpTableVerdict(const IpTablePolicy& table)
{
    return [table](Ptr<const Packet> packet, const Ipv4Header& header, bool outbound) {
        if (outbound) return false;  // the gateway's own packets
        uint16_t source = 0, destination = 0;
        const bool hasPorts = Ports(packet, header, source, destination);
        for (const CidrPrefix& prefix : table.prefixes)
        {
            const bool toIt = prefix.Contains(header.GetDestination().Get());
            const bool fromIt = prefix.Contains(header.GetSource().Get());
            if (!toIt && !fromIt) continue;
            if (table.ports.empty()) return true;
            if (hasPorts && table.ports.count(toIt ? destination : source)) return true;
        }
        return false;
    };
}

struct KnownIdentity
{
    std::string windowClass;
    std::string controlText;
};

// Method 3: the host drops every packet of a socket whose owner matches.
FilteringRouting::Verdict ProcessPacketVerdict(const ProcessMatcher& matcher, Ptr<SocketTable> table,
                                               std::map<uint32_t, KnownIdentity> identities)
{
    return [matcher, table, identities](Ptr<const Packet> packet, const Ipv4Header& header, bool outbound) {
        uint16_t source = 0, destination = 0;
        if (!Ports(packet, header, source, destination)) return false;
        Proto proto = header.GetProtocol() == TcpL4Protocol::PROT_NUMBER ? Proto::Tcp : Proto::Udp;
        const SocketEntry* owner = table->OwnerOfLocalPort(proto, outbound ? source : destination);
        if (!owner) return false;
        auto known = identities.find(owner->pid);
        KnownIdentity identity = known == identities.end() ? KnownIdentity{} : known->second;
        return MatchesProcess(matcher, owner->process, identity.windowClass, identity.controlText);
    };
}

}  // namespace

void EnforceMessengerPolicy(ScenarioBuild& build)
{
    MessengerBuild& messengers = *build.messengers;
    if (!messengers.policy) return;
    const BlockPolicy& policy = *messengers.policy;
    if (policy.ip_table)
        messengers.gatewayFilter =
            FilteringRouting::Install(build.topology.gateway->GetObject<ns3::Ipv4>(), IpTableVerdict(*policy.ip_table));
    if (!policy.process_packets) return;
    for (const MonitoredHost& host : build.hosts)
    {
        std::map<uint32_t, KnownIdentity> identities;
        for (const auto& client : messengers.clients)
        {
            const auto& spec = build.config.messengers.clients[client.spec];
            if (client.host == host.index && client.pid != 0) identities[client.pid] = {spec.window_class, spec.control_text};
        }
        messengers.hostFilters.push_back(FilteringRouting::Install(
            host.node->GetObject<ns3::Ipv4>(), ProcessPacketVerdict(*policy.process_packets, host.table, identities)));
    }
}

}  // namespace ntlab
