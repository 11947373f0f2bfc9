#include "scenarios/sim/enterprise-lan-scenario.h"
#include "scenarios/sim/socket-history-recorder.h"

#include "analyzers/formats/records.h"
#include "models/address-block-routing.h"
#include "models/dns-server-application.h"
#include "models/etw-collector.h"
#include "models/host-resolver.h"
#include "models/catalog-server-application.h"
#include "models/mirror-port-capture.h"
#include "models/pid-allocator.h"
#include "models/socket-table.h"
#include "models/web-server-application.h"
#include "models/zeus-cnc-server-application.h"
#include "analyzers/botnet/kraken-truth.h"
#include "analyzers/botnet/zeus-truth.h"
#include "models/kraken-server-application.h"
#include "models/smtp-server-application.h"
#include "models/payload/kraken-dga.h"
#include "scenarios/config/workload-catalog.h"
#include "traffic-gen/catalog-process-application.h"
#include "traffic-gen/hourly-arrival-random-variable.h"
#include "traffic-gen/inbound-server-application.h"
#include "traffic-gen/ssh-client-application.h"
#include "traffic-gen/web-client-application.h"
#include "traffic-gen/zeus-bot-application.h"
#include "traffic-gen/kraken-bot-application.h"
#include "traffic-gen/dynamic-dns-updater-application.h"
#include "traffic-gen/periodic-udp-client-application.h"

#include "ns3/bridge-module.h"
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <map>
#include <set>
#include <sstream>

namespace ntlab {
namespace {

using namespace ns3;

std::string Format(double value) {
  std::ostringstream s;
  s.precision(10);
  s << value;
  return s.str();
}

std::string LogNormal(const LogNormalSpec& spec) {
  return "ns3::LogNormalRandomVariable[Mu=" + Format(std::log(spec.median)) + "|Sigma=" + Format(spec.sigma) + "]";
}

std::string Exponential(double mean) { return "ns3::ExponentialRandomVariable[Mean=" + Format(mean) + "]"; }

Ipv4Address Nth(const SegmentSpec& segment, std::uint32_t n) { return Ipv4Address(segment.network + n); }

void Assign(Ptr<NetDevice> device, Ipv4Address address, int prefix) {
  Ptr<ns3::Ipv4> ipv4 = device->GetNode()->GetObject<ns3::Ipv4>();
  int32_t index = ipv4->AddInterface(device);
  ipv4->AddAddress(index, Ipv4InterfaceAddress(address, Ipv4Mask(~0u << (32 - prefix))));
  ipv4->SetUp(index);
}

/// Converts simulator time to the epoch microseconds every output file uses.
struct Clock {
  TimeUs start;
  TimeUs operator()(Time t) const { return start + t.GetMicroSeconds(); }
};

/// Collects the ground truth from the socket tables' trace sources: every socket with its owner
/// from open to close. Independent of the socket log and the captures.
class TruthRecorder {
 public:
  explicit TruthRecorder(Clock clock) : m_clock(clock) {}
  void Closed(std::string host, const SocketEntry& e) { Add(host, e, true); }
  void StillOpen(const std::string& host, const SocketEntry& e) { Add(host, e, false); }
  std::size_t Write(const std::string& path) {
    std::sort(m_rows.begin(), m_rows.end(), [](const Row& a, const Row& b) {
      return std::tie(a.row.open_ts, a.row.host, a.id) < std::tie(b.row.open_ts, b.row.host, b.id);
    });
    TruthWriter writer(path);
    for (const auto& r : m_rows) writer.Write(r.row);
    writer.Commit();
    return m_rows.size();
  }

 private:
  struct Row {
    TruthRow row;
    std::uint32_t id;
  };
  void Add(const std::string& host, const SocketEntry& e, bool closed) {
    TruthRow r;
    r.host = host;
    r.proto = e.proto;
    r.local_ip = e.localIp.Get();
    r.local_port = e.localPort;
    if (e.hasRemote) r.remote = Endpoint{e.remoteIp.Get(), e.remotePort};
    r.pid = e.ownerPid;
    r.process = e.process;
    r.open_ts = m_clock(e.openTime);
    if (closed) r.close_ts = m_clock(e.closeTime);
    m_rows.push_back({std::move(r), e.id});
  }
  Clock m_clock;
  std::vector<Row> m_rows;
};

/// Streams the ETW collector's recorded events into events.csv.
class EventSink {
 public:
  EventSink(const std::string& path, Clock clock) : m_writer(path), m_clock(clock) {}
  void Event(const EtwEvent& e) {
    EventRow row;
    row.ts = m_clock(e.time);
    row.host = e.host;
    row.event = e.kind;
    row.proto = e.socket.proto;
    row.local_ip = e.socket.localIp.Get();
    row.local_port = e.socket.localPort;
    if (e.socket.hasRemote) row.remote = Endpoint{e.socket.remoteIp.Get(), e.socket.remotePort};
    row.pid = e.socket.ownerPid;
    if (e.carriesName) row.process = e.socket.process;
    m_writer.Write(row);
    ++m_rows;
  }
  void Commit() { m_writer.Commit(); }
  std::uint64_t Rows() const { return m_rows; }

 private:
  EventWriter m_writer;
  Clock m_clock;
  std::uint64_t m_rows = 0;
};

struct HostModel {
  Ptr<Node> node;
  Ptr<SocketTable> table;
  Ipv4Address address;
  Ptr<MirrorPortCapture> mirror;
};

/// The workload catalog turned into simulation inputs (docs/workload.md, "The simulator side"):
/// arrival rates, which hosts run which process, the servers every name lives on, and the names
/// the DNS Client lookups ask for.
struct WorkloadPlan {
  WorkloadCatalog catalog;
  std::vector<ProcessRate> rates;
  std::vector<std::vector<uint32_t>> hostsOf;              // per catalog process: the hosts running it
  std::vector<std::vector<CatalogTarget>> webTargets;      // per catalog process: its SNI names
  std::vector<std::vector<CatalogTarget>> serviceTargets;  // per catalog process: its TCP/UDP server
  std::vector<uint16_t> tcpPorts;                          // every port the catalog servers listen on
  std::vector<uint16_t> udpPorts;
  std::map<std::string, uint32_t> nameServer;              // name -> catalog server index
  std::size_t inboundPairs = 0;                            // (host, inbound process) pairs: remote clients
};

// Ports a catalog entry lists that are UDP services; the rest of its ports are TCP (assumption).
bool IsUdpPort(uint16_t port) {
  static const std::set<uint16_t> udp{53, 67, 68, 123, 137, 138, 161, 500, 1194, 1900, 3478, 3702, 4500, 5353, 5355};
  return udp.count(port) > 0;
}
std::vector<uint16_t> TcpPortsOf(const WorkloadBehaviour& b) {
  std::vector<uint16_t> out;  // 80/443 belong to the web servers (HTTP/TLS), not to plain TCP
  for (auto p : b.ports)
    if (!IsUdpPort(p) && p != 80 && p != 443) out.push_back(p);
  return out;
}
std::vector<uint16_t> UdpPortsOf(const WorkloadBehaviour& b) {
  std::vector<uint16_t> out;
  for (auto p : b.ports)
    if (IsUdpPort(p)) out.push_back(p);
  return out;
}

// "Code.exe" -> "code-exe": a DNS label for the synthesised service names.
std::string Slug(const std::string& name) {
  std::string out;
  for (char c : name) out += std::isalnum(static_cast<unsigned char>(c)) ? char(std::tolower(c)) : '-';
  return out;
}

// "static.cdn.example.com", 3 -> "static-3.cdn.example.com" (a CDN-shard-like sibling name).
std::string Shard(const std::string& name, uint32_t n) {
  auto dot = name.find('.');
  return name.substr(0, dot) + "-" + std::to_string(n) + (dot == std::string::npos ? "" : name.substr(dot));
}

WorkloadPlan PlanWorkload(const ScenarioConfig& config) {
  WorkloadPlan plan;
  plan.catalog = LoadWorkloadCatalog(config.workload.catalog);
  const auto hosts = static_cast<uint32_t>(config.hosts.size());
  plan.rates = ComputeArrivalRates(plan.catalog, config.workload.sessions_per_day * config.benign_load, int(hosts));
  const uint32_t servers = config.workload.servers;
  std::set<uint16_t> tcp, udp{443, 123};
  uint32_t nextHost = 0;
  std::map<std::string, uint32_t> nextShard;
  for (std::size_t i = 0; i < plan.catalog.processes.size(); ++i) {
    const WorkloadProcess& p = plan.catalog.processes[i];
    const ProcessRate& r = plan.rates[i];
    // Hosts in rotation, so the processes spread evenly: process i runs on the next
    // running_hosts hosts after the ones process i-1 took.
    std::vector<uint32_t> on;
    for (int k = 0; k < r.running_hosts; ++k) on.push_back((nextHost + k) % hosts);
    std::sort(on.begin(), on.end());
    nextHost = (nextHost + r.running_hosts) % hosts;
    plan.hostsOf.push_back(on);
    if (p.behaviour.direction == WorkloadDirection::Inbound) plan.inboundPairs += on.size();

    for (auto port : TcpPortsOf(p.behaviour)) tcp.insert(port);
    for (auto port : UdpPortsOf(p.behaviour)) udp.insert(port);
    if (TcpPortsOf(p.behaviour).empty()) tcp.insert(8443);
    if (UdpPortsOf(p.behaviour).empty()) udp.insert(3478);

    // How many distinct names one host's lookups of this process need so that none is still
    // cached when it comes round again: 3x the lookups one name gets within a TTL at the peak hour.
    double peak = *std::max_element(r.hourly_per_running_host.begin(), r.hourly_per_running_host.end());
    double lookupsPerSecond = (peak / 3600 + p.behaviour.long_lived.count / 60.0) * p.behaviour.dns_lookups_per_session;
    auto serverOf = [&](const std::string& name) {
      auto it = plan.nameServer.find(name);
      if (it == plan.nameServer.end()) it = plan.nameServer.emplace(name, uint32_t(plan.nameServer.size()) % servers).first;
      return it->second;
    };
    auto target = [&](const std::string& name, std::size_t group) {
      CatalogTarget t;
      t.name = name;
      serverOf(name);
      if (p.behaviour.dns_lookups_per_session > 0) {
        double perName = lookupsPerSecond / double(group);
        auto pool = static_cast<uint32_t>(std::min(1000.0, std::ceil(3 * perName * std::max(1.0, config.dns_ttl_s)) + 2));
        uint32_t& shard = nextShard[name];
        for (uint32_t k = 0; k < pool; ++k) t.lookupNames.push_back(Shard(name, ++shard));
      }
      return t;
    };
    std::vector<CatalogTarget> web, service;
    for (const auto& sni : p.behaviour.sni) web.push_back(target(sni, p.behaviour.sni.size()));
    service.push_back(target(Slug(p.name) + ".apps.example.net", 1));
    plan.webTargets.push_back(std::move(web));
    plan.serviceTargets.push_back(std::move(service));
  }
  plan.tcpPorts.assign(tcp.begin(), tcp.end());
  plan.udpPorts.assign(udp.begin(), udp.end());
  return plan;
}

std::string PortList(const std::vector<uint16_t>& ports) {
  std::string out;
  for (auto p : ports) out += (out.empty() ? "" : ",") + std::to_string(p);
  return out;
}

}  // namespace

SimulationResult RunScenario(const ScenarioConfig& config, const std::string& out_dir,
                             const std::function<void(const SimulationProgress&)>& progress) {
  auto wallStart = std::chrono::steady_clock::now();
  RngSeedManager::SetSeed(config.seed);
  RngSeedManager::SetRun(1);
  // Measured: ns-3's endpoint lookup is linear, and TIME_WAIT endpoints pile up with many short
  // connections; the OS-visible TIME_WAIT lives in SocketTable, so ns-3 may forget them fast.
  Config::SetDefault("ns3::TcpSocketBase::MaxSegLifetime", DoubleValue(1.0));
  Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1448));
  Config::SetDefault("ns3::TcpSocket::DelAckCount", UintegerValue(2));

  const Clock clock{config.start};
  const Time stop = Seconds(config.duration_s);
  int64_t stream = 1000;  // every random stream is assigned explicitly: same seed, same run

  // --- Nodes and links -------------------------------------------------------------------
  Ptr<Node> switchNode = CreateObject<Node>();
  Ptr<Node> gateway = CreateObject<Node>();
  NodeContainer hostNodes;
  hostNodes.Create(config.hosts.size());
  Ptr<Node> dnsNode = CreateObject<Node>();
  NodeContainer serverNodes;
  serverNodes.Create(config.servers.size());
  // Kraken's constellation (paper 003): load-balancer, update servers, herder, Google's MX and
  // one MX per spam-target domain, at fixed addresses .150 and up.
  const KrakenSpec& kraken = config.kraken;
  NodeContainer krakenNodes;
  if (kraken.enabled) krakenNodes.Create(3 + kraken.update_servers + kraken.spam_domains.size());
  // The workload catalog's servers (.200 and up) and the remote clients of its inbound processes
  // (.240 and up).
  std::unique_ptr<WorkloadPlan> workload;
  NodeContainer catalogServerNodes, catalogClientNodes;
  if (config.workload.enabled) {
    workload = std::make_unique<WorkloadPlan>(PlanWorkload(config));
    catalogServerNodes.Create(config.workload.servers);
    if (workload->inboundPairs > 0) catalogClientNodes.Create(workload->inboundPairs);
  }

  CsmaHelper lanLink;
  lanLink.SetChannelAttribute("DataRate", StringValue(config.lan.rate));
  lanLink.SetChannelAttribute("Delay", TimeValue(Seconds(config.lan.delay_s)));
  NetDeviceContainer switchPorts;
  std::vector<Ptr<NetDevice>> hostDevices;
  for (uint32_t i = 0; i < hostNodes.GetN(); ++i) {
    NetDeviceContainer link = lanLink.Install(NodeContainer(hostNodes.Get(i), switchNode));
    hostDevices.push_back(link.Get(0));
    switchPorts.Add(link.Get(1));
  }
  NetDeviceContainer gatewayLink = lanLink.Install(NodeContainer(gateway, switchNode));
  switchPorts.Add(gatewayLink.Get(1));
  BridgeHelper bridge;
  bridge.Install(switchNode, switchPorts);

  // The internet delay sits on a point-to-point uplink: an ns-3 CSMA channel is busy for the
  // whole propagation delay of every frame, so a 10 ms shared bus would throttle all servers.
  Ptr<Node> internetRouter = CreateObject<Node>();
  PointToPointHelper uplink;
  uplink.SetDeviceAttribute("DataRate", StringValue(config.internet.rate));
  uplink.SetChannelAttribute("Delay", TimeValue(Seconds(config.internet.delay_s)));
  NetDeviceContainer uplinkDevices = uplink.Install(gateway, internetRouter);
  CsmaHelper serverSegment;
  serverSegment.SetChannelAttribute("DataRate", StringValue(config.internet.rate));
  serverSegment.SetChannelAttribute("Delay", TimeValue(MicroSeconds(1)));
  NodeContainer internetNodes(internetRouter, dnsNode);
  internetNodes.Add(serverNodes);
  internetNodes.Add(krakenNodes);
  internetNodes.Add(catalogServerNodes);
  internetNodes.Add(catalogClientNodes);
  NetDeviceContainer internetDevices = serverSegment.Install(internetNodes);

  InternetStackHelper stack;
  stack.Install(gateway);
  stack.Install(internetRouter);
  stack.Install(hostNodes);
  stack.Install(dnsNode);
  stack.Install(serverNodes);
  stack.Install(krakenNodes);
  stack.Install(catalogServerNodes);
  stack.Install(catalogClientNodes);

  Assign(gatewayLink.Get(0), Nth(config.lan, 1), config.lan.prefix);
  // Uplink: a /30 from 100.64.0.0/10 (carrier-grade NAT space), outside both segments.
  Assign(uplinkDevices.Get(0), Ipv4Address("100.64.0.1"), 30);
  Assign(uplinkDevices.Get(1), Ipv4Address("100.64.0.2"), 30);
  Assign(internetDevices.Get(0), Nth(config.internet, 1), config.internet.prefix);
  Ipv4Address dnsAddress = Nth(config.internet, 53);
  Assign(internetDevices.Get(1), dnsAddress, config.internet.prefix);
  std::vector<Ipv4Address> serverAddresses;
  for (uint32_t i = 0; i < serverNodes.GetN(); ++i) {
    uint32_t n = config.servers[i].kind == ServerKind::SshClient ? 100 + i : 10 + i;
    serverAddresses.push_back(Nth(config.internet, n));
    Assign(internetDevices.Get(2 + i), serverAddresses.back(), config.internet.prefix);
  }
  // Kraken nodes: [0] load-balancer .150, [1] herder .151, [2] Google MX .152, then update
  // servers .160.., then spam MXs .180..
  std::vector<Ipv4Address> krakenAddresses;
  for (uint32_t i = 0; i < krakenNodes.GetN(); ++i) {
    uint32_t n = i < 3 ? 150 + i : (i < 3 + kraken.update_servers ? 160 + (i - 3) : 180 + (i - 3 - kraken.update_servers));
    krakenAddresses.push_back(Nth(config.internet, n));
    Assign(internetDevices.Get(2 + serverNodes.GetN() + i), krakenAddresses.back(), config.internet.prefix);
  }
  std::vector<Ipv4Address> catalogServerAddresses, catalogClientAddresses;
  uint32_t catalogDevice = 2 + serverNodes.GetN() + krakenNodes.GetN();
  for (uint32_t i = 0; i < catalogServerNodes.GetN(); ++i) {
    catalogServerAddresses.push_back(Nth(config.internet, 200 + i));
    Assign(internetDevices.Get(catalogDevice++), catalogServerAddresses.back(), config.internet.prefix);
  }
  for (uint32_t i = 0; i < catalogClientNodes.GetN(); ++i) {
    catalogClientAddresses.push_back(Nth(config.internet, 240 + i));
    Assign(internetDevices.Get(catalogDevice++), catalogClientAddresses.back(), config.internet.prefix);
  }
  std::vector<HostModel> hosts(config.hosts.size());
  for (uint32_t i = 0; i < hostNodes.GetN(); ++i) {
    hosts[i].node = hostNodes.Get(i);
    hosts[i].address = Nth(config.lan, 11 + i);
    Assign(hostDevices[i], hosts[i].address, config.lan.prefix);
  }
  Ipv4GlobalRoutingHelper::PopulateRoutingTables();

  // Remote-address diversity (docs/workload.md): catalog server i answers for a block of
  // 198.18.0.0/15 as a CDN front end does. AddressBlockRouting delivers the block locally on the
  // server; static routes lead there: hosts -> gateway -> internet router -> server i.
  const uint32_t blockSize = config.workload.addresses_per_server;
  const uint32_t blockStride = WorkloadBlockStride(blockSize);
  auto blockFirst = [&](uint32_t server) { return Ipv4Address(kWorkloadBlockBase + server * blockStride); };
  if (workload) {
    Ipv4StaticRoutingHelper staticRouting;
    const Ipv4Address allBlocks(kWorkloadBlockBase);
    const Ipv4Mask allMask(~(kWorkloadBlockSpace - 1));
    auto interfaceOf = [](Ptr<NetDevice> device) {
      return uint32_t(device->GetNode()->GetObject<ns3::Ipv4>()->GetInterfaceForDevice(device));
    };
    for (uint32_t h = 0; h < hostNodes.GetN(); ++h)
      staticRouting.GetStaticRouting(hostNodes.Get(h)->GetObject<ns3::Ipv4>())
          ->AddNetworkRouteTo(allBlocks, allMask, Nth(config.lan, 1), interfaceOf(hostDevices[h]));
    staticRouting.GetStaticRouting(gateway->GetObject<ns3::Ipv4>())
        ->AddNetworkRouteTo(allBlocks, allMask, Ipv4Address("100.64.0.2"), interfaceOf(uplinkDevices.Get(0)));
    Ptr<Ipv4StaticRouting> routerRoutes = staticRouting.GetStaticRouting(internetRouter->GetObject<ns3::Ipv4>());
    for (uint32_t i = 0; i < catalogServerNodes.GetN(); ++i) {
      routerRoutes->AddNetworkRouteTo(blockFirst(i), Ipv4Mask(~(blockStride - 1)), catalogServerAddresses[i],
                                      interfaceOf(internetDevices.Get(0)));
      Ptr<ns3::Ipv4> ipv4 = catalogServerNodes.Get(i)->GetObject<ns3::Ipv4>();
      Ptr<Ipv4ListRouting> list = DynamicCast<Ipv4ListRouting>(ipv4->GetRoutingProtocol());
      NS_ABORT_MSG_IF(!list, "catalog servers need list routing");
      Ptr<AddressBlockRouting> block = CreateObject<AddressBlockRouting>();
      block->SetBlock(blockFirst(i), blockSize);
      block->SetIpv4(ipv4);
      list->AddRoutingProtocol(block, 100);  // ahead of static (0) and global (-10)
    }
  }

  // --- Internet side: DNS, web/TLS servers, botnet C&C, remote clients ---------------------
  std::vector<Ptr<ZeusCncServerApplication>> zeusServers;
  Ptr<DnsServerApplication> dns = CreateObject<DnsServerApplication>();
  dns->SetAttribute("Ttl", UintegerValue(static_cast<uint32_t>(config.dns_ttl_s)));
  dnsNode->AddApplication(dns);
  for (uint32_t i = 0; i < serverNodes.GetN(); ++i) {
    const ServerSpec& spec = config.servers[i];
    if (spec.kind == ServerKind::Web) {
      for (const auto& domain : spec.domains) dns->AddRecord(domain, serverAddresses[i]);
      Ptr<WebServerApplication> web = CreateObject<WebServerApplication>();
      web->SetAttribute("HttpPort", UintegerValue(spec.http ? 80 : 0));
      web->SetAttribute("TlsPort", UintegerValue(spec.tls ? 443 : 0));
      web->SetAttribute("ResponseSize", StringValue(LogNormal(spec.response_bytes)));
      web->SetAttribute("ServerName", StringValue(spec.name));
      stream += web->AssignStreams(stream);
      serverNodes.Get(i)->AddApplication(web);
    } else if (spec.kind == ServerKind::ZeusCnc) {
      dns->AddRecord(spec.domains.front(), serverAddresses[i]);
      Ptr<ZeusCncServerApplication> cnc = CreateObject<ZeusCncServerApplication>();
      cnc->SetAttribute("ServerName", StringValue(spec.name));
      cnc->SetAttribute("CookieTheftWeight", DoubleValue(spec.cookie_theft));
      cnc->SetAttribute("HomepageSetWeight", DoubleValue(spec.homepage_set));
      cnc->SetAttribute("OsShutdownWeight", DoubleValue(spec.os_shutdown));
      cnc->SetAttribute("Spread", DoubleValue(config.zeus_spread));
      stream += cnc->AssignStreams(stream);
      serverNodes.Get(i)->AddApplication(cnc);
      zeusServers.push_back(cnc);
    }
  }

  if (kraken.enabled) {
    for (uint32_t index : kraken.registered) dns->AddRecord(payload::KrakenDgaDomain(index), krakenAddresses[0]);
    dns->AddMxRecord("gmail.com", 5, "gmail-smtp-in.l.google.com");
    dns->AddMxRecord("google.com", 10, "smtp.google.com");
    dns->AddRecord("gmail-smtp-in.l.google.com", krakenAddresses[2]);
    dns->AddRecord("smtp.google.com", krakenAddresses[2]);
    std::string updateList;
    for (uint32_t u = 0; u < kraken.update_servers; ++u)
      updateList += (u ? "," : "") + [&] { std::ostringstream a; krakenAddresses[3 + u].Print(a); return a.str(); }();
    auto server = [&](uint32_t node, KrakenServerApplication::Role role) {
      Ptr<KrakenServerApplication> app = CreateObject<KrakenServerApplication>();
      app->SetAttribute("Role", EnumValue(role));
      app->SetAttribute("UpdateServers", StringValue(updateList));
      app->SetAttribute("Herder", Ipv4AddressValue(krakenAddresses[1]));
      std::string domains;
      for (const auto& d : kraken.spam_domains) domains += (domains.empty() ? "" : ",") + d;
      app->SetAttribute("SpamDomains", StringValue(domains));
      stream += app->AssignStreams(stream);
      krakenNodes.Get(node)->AddApplication(app);
    };
    server(0, KrakenServerApplication::LOAD_BALANCE);
    server(1, KrakenServerApplication::COMMAND);
    for (uint32_t u = 0; u < kraken.update_servers; ++u) server(3 + u, KrakenServerApplication::UPDATE);
    auto mx = [&](uint32_t node, const std::string& hostname) {
      Ptr<SmtpServerApplication> smtp = CreateObject<SmtpServerApplication>();
      smtp->SetAttribute("Hostname", StringValue(hostname));
      krakenNodes.Get(node)->AddApplication(smtp);
    };
    mx(2, "mx.google.com");
    for (uint32_t d = 0; d < kraken.spam_domains.size(); ++d) {
      const std::string exchange = "mx." + kraken.spam_domains[d];
      dns->AddMxRecord(kraken.spam_domains[d], 10, exchange);
      dns->AddRecord(exchange, krakenAddresses[3 + kraken.update_servers + d]);
      mx(3 + kraken.update_servers + d, exchange);
    }
  }
  // Names that benign dynamic-DNS updaters keep resolving exist (they point at the gateway).
  for (const auto& host : config.hosts)
    for (const auto& p : host.processes)
      if (p.behaviour == Behaviour::DyndnsUpdater) dns->AddRecord(p.hostname, Nth(config.internet, 1));

  // Workload catalog servers: each serves TLS/HTTP for its share of the catalog's names and the
  // generic TCP/UDP/QUIC/NTP services; spreading the names keeps every node's endpoint list
  // short (ns-3 looks endpoints up linearly).
  const LogNormalSpec catalogResponse{3000, 1.0};  // assumption: web responses, median 3 kB
  if (workload) {
    for (uint32_t i = 0; i < catalogServerNodes.GetN(); ++i) {
      Ptr<WebServerApplication> web = CreateObject<WebServerApplication>();
      web->SetAttribute("ResponseSize", StringValue(LogNormal(catalogResponse)));
      web->SetAttribute("ServerName", StringValue("catalog-" + std::to_string(i)));
      stream += web->AssignStreams(stream);
      catalogServerNodes.Get(i)->AddApplication(web);
      Ptr<CatalogServerApplication> generic = CreateObject<CatalogServerApplication>();
      generic->SetAttribute("TcpPorts", StringValue(PortList(workload->tcpPorts)));
      generic->SetAttribute("UdpPorts", StringValue(PortList(workload->udpPorts)));
      generic->SetAttribute("EpochStartUs", IntegerValue(config.start));
      stream += generic->AssignStreams(stream);
      catalogServerNodes.Get(i)->AddApplication(generic);
    }
    // Every catalog name answers from its server's block, one address per answer (CDN-style
    // rotation). Sessions without a lookup and nothing cached go to a fixed address of the block
    // (from the name, FNV-1a: stable across platforms). TCP and UDP alike: the servers' UDP
    // replies leave from the contacted address (AddressBlockRouting, Ipv4PacketInfoTag).
    stream += dns->AssignStreams(stream);
    auto fnv = [](const std::string& text) {
      uint32_t h = 2166136261u;
      for (unsigned char c : text) h = (h ^ c) * 16777619u;
      return h;
    };
    std::set<std::string> registered;
    auto fill = [&](std::vector<CatalogTarget>& targets) {
      for (auto& t : targets) {
        uint32_t server = workload->nameServer.at(t.name);
        t.address = Ipv4Address(blockFirst(server).Get() + fnv(t.name) % blockSize);
        if (registered.insert(t.name).second) dns->AddPool(t.name, blockFirst(server), blockSize);
        for (const auto& n : t.lookupNames)
          if (registered.insert(n).second) dns->AddPool(n, blockFirst(server), blockSize);
      }
    };
    for (auto& targets : workload->webTargets) fill(targets);
    for (auto& targets : workload->serviceTargets) fill(targets);
  }

  // --- Monitored hosts ----------------------------------------------------------------------
  // The local hour at simulated t = 0: the catalog's hourly profiles are in the hosts' local time,
  // which is the scenario's UTC.
  const double startHour = double((config.start / kUsPerSecond) % 86400) / 3600.0;
  auto hourlyArrivals = [&](const HourlyProfile& perHour) {
    Ptr<HourlyArrivalRandomVariable> rv = CreateObject<HourlyArrivalRandomVariable>();
    rv->SetRates(perHour);
    rv->SetAttribute("StartHour", DoubleValue(startHour));
    return rv;
  };
  struct InboundPair {
    uint32_t host;
    std::size_t process;
  };
  std::vector<InboundPair> inboundPairs;
  // Host h's catalog processes (those whose prevalence put them on h), after its listed ones.
  std::function<void(uint32_t)> InstallCatalogProcesses;
  Ptr<HostResolver> currentResolver;
  Ptr<PidAllocator> currentPids;
  InstallCatalogProcesses = [&](uint32_t h) {
    const WorkloadCatalog& catalog = workload->catalog;
    for (std::size_t i = 0; i < catalog.processes.size(); ++i) {
      const auto& on = workload->hostsOf[i];
      if (!std::binary_search(on.begin(), on.end(), h)) continue;
      const WorkloadProcess& p = catalog.processes[i];
      const WorkloadBehaviour& b = p.behaviour;
      const ProcessRate& rate = workload->rates[i];
      // System is PID 4 on every Windows host and never restarts.
      const bool system = p.name == "System";
      Ptr<ProcessApplication> app;
      if (b.direction == WorkloadDirection::Inbound) {
        Ptr<InboundServerApplication> server = CreateObject<InboundServerApplication>();
        server->SetAttribute("Port", UintegerValue(b.ports.front()));
        stream += server->AssignStreams(stream);
        inboundPairs.push_back({h, i});
        app = server;
      } else {
        Ptr<CatalogProcessApplication> process = CreateObject<CatalogProcessApplication>();
        process->SetAttribute("Arrival", PointerValue(hourlyArrivals(rate.hourly_per_running_host)));
        process->SetAttribute("Lifetime", StringValue(LogNormal(b.lifetime)));
        process->SetAttribute("Bytes", StringValue(LogNormal(b.bytes)));
        process->SetAttribute("BytesCap", UintegerValue(static_cast<uint64_t>(config.workload.bytes_cap)));
        process->SetAttribute("DnsLookups", DoubleValue(b.dns_lookups_per_session));
        process->SetAttribute("DnsServer", Ipv4AddressValue(dnsAddress));
        process->SetAttribute("LongLived", UintegerValue(b.long_lived.count));
        process->SetAttribute("LongLivedLifetime", StringValue(LogNormal(b.long_lived.lifetime)));
        if (b.restarts.per_day > 0 && !system)
          process->SetAttribute("RestartInterval", StringValue(Exponential(86400.0 / b.restarts.per_day)));
        process->SetAttribute("PidReuse", DoubleValue(b.restarts.pid_reuse));
        process->SetAttribute("PidAllocator", PointerValue(currentPids));
        process->SetAttribute("Instances", UintegerValue(system ? 1 : b.instances));
        process->SetAttribute("MeanResponseBytes",
                              DoubleValue(catalogResponse.median * std::exp(catalogResponse.sigma * catalogResponse.sigma / 2)));
        process->SetAttribute("EpochStartUs", IntegerValue(config.start));
        process->SetProtocolMix({b.protocols.dns, b.protocols.tcp, b.protocols.tls, b.protocols.http, b.protocols.quic,
                                 b.protocols.udp});
        process->SetWebTargets(workload->webTargets[i]);
        process->SetServiceTargets(workload->serviceTargets[i]);
        process->SetTcpPorts(TcpPortsOf(b));
        process->SetUdpPorts(UdpPortsOf(b));
        stream += process->AssignStreams(stream);
        app = process;
      }
      app->SetAttribute("Pid", UintegerValue(system ? 4 : currentPids->Allocate()));
      app->SetAttribute("ProcessName", StringValue(p.name));
      app->SetAttribute("Resolver", PointerValue(currentResolver));
      hosts[h].node->AddApplication(app);
    }
  };
  std::vector<Ptr<KrakenBotApplication>> krakenBots;
  for (uint32_t h = 0; h < hosts.size(); ++h) {
    const HostSpec& spec = config.hosts[h];
    HostModel& host = hosts[h];
    host.table = CreateObject<SocketTable>();
    host.table->SetAttribute("HostName", StringValue(spec.name));
    host.table->SetAttribute("TimeWaitDelay", TimeValue(Seconds(config.time_wait_s)));
    stream += host.table->AssignStreams(stream);
    host.node->AggregateObject(host.table);

    Ptr<PidAllocator> pids = CreateObject<PidAllocator>();
    stream += pids->AssignStreams(stream);

    // Windows' own listeners, present on every host: System on 445 (SMB), RPC on 135.
    host.table->Open(Proto::Tcp, Ipv4Address::GetAny(), 445, std::nullopt, SocketState::Listen, 4, "System");
    uint32_t rpcPid = pids->Allocate();
    host.table->Open(Proto::Tcp, Ipv4Address::GetAny(), 135, std::nullopt, SocketState::Listen, rpcPid, "svchost.exe");

    Ptr<HostResolver> resolver = CreateObject<HostResolver>();
    resolver->SetAttribute("Pid", UintegerValue(pids->Allocate()));
    resolver->SetAttribute("ProcessName", StringValue("svchost.exe"));
    resolver->SetAttribute("Server", Ipv4AddressValue(dnsAddress));
    stream += resolver->AssignStreams(stream);
    host.node->AddApplication(resolver);
    currentResolver = resolver;
    currentPids = pids;

    for (const ProcessSpec& p : spec.processes) {
      Ptr<ProcessApplication> app;
      if (p.behaviour == Behaviour::InboundServer) {
        Ptr<InboundServerApplication> server = CreateObject<InboundServerApplication>();
        server->SetAttribute("Port", UintegerValue(p.port));
        stream += server->AssignStreams(stream);
        app = server;
      } else if (p.behaviour == Behaviour::ZeusBot) {
        Ptr<ZeusBotApplication> bot = CreateObject<ZeusBotApplication>();
        for (const auto& server : config.servers)
          if (server.name == p.cnc) bot->SetAttribute("CncDomain", StringValue(server.domains.front()));
        // Periods jitter by +-20 % around the mean, as the model's defaults do.
        auto jittered = [](double mean) {
          return "ns3::UniformRandomVariable[Min=" + Format(0.8 * mean) + "|Max=" + Format(1.2 * mean) + "]";
        };
        bot->SetAttribute("Spread", DoubleValue(config.zeus_spread));
        if (p.zeus_poll_s > 0) bot->SetAttribute("PollInterval", StringValue(jittered(p.zeus_poll_s)));
        if (p.zeus_report_gap_s > 0) bot->SetAttribute("ReportGap", StringValue(jittered(p.zeus_report_gap_s)));
        stream += bot->AssignStreams(stream);
        app = bot;
      } else if (p.behaviour == Behaviour::KrakenBot) {
        // Kraken sends its own DNS queries, so every flow of the infection belongs to the bot.
        Ptr<KrakenBotApplication> bot = CreateObject<KrakenBotApplication>();
        bot->SetAttribute("DnsServer", Ipv4AddressValue(dnsAddress));
        stream += bot->AssignStreams(stream);
        krakenBots.push_back(bot);
        app = bot;
        app->SetStartTime(Seconds(p.start_s));
      } else if (p.behaviour == Behaviour::DyndnsUpdater) {
        Ptr<DynamicDnsUpdaterApplication> updater = CreateObject<DynamicDnsUpdaterApplication>();
        updater->SetAttribute("HostName", StringValue(p.hostname));
        updater->SetAttribute("CheckInterval",
                              StringValue("ns3::ConstantRandomVariable[Constant=" + Format(p.interval_s / config.benign_load) + "]"));
        stream += updater->AssignStreams(stream);
        app = updater;
        app->SetStartTime(Seconds(p.start_s));
      } else if (p.behaviour == Behaviour::PeriodicUdp) {
        Ptr<PeriodicUdpClientApplication> periodic = CreateObject<PeriodicUdpClientApplication>();
        for (uint32_t i = 0; i < config.servers.size(); ++i)
          if (config.servers[i].name == p.target) periodic->SetAttribute("Remote", Ipv4AddressValue(serverAddresses[i]));
        periodic->SetAttribute("RemotePort", UintegerValue(p.port));
        periodic->SetAttribute("Interval",
                               StringValue("ns3::ConstantRandomVariable[Constant=" + Format(p.interval_s / config.benign_load) + "]"));
        stream += periodic->AssignStreams(stream);
        app = periodic;
        app->SetStartTime(Seconds(p.start_s));
      } else {
        Ptr<WebClientApplication> client = CreateObject<WebClientApplication>();
        client->SetDomains(p.domains);
        client->SetAttribute("Interval", StringValue(Exponential(p.interval_s / config.benign_load)));
        client->SetAttribute("Lifetime", StringValue(LogNormal(p.lifetime)));
        if (p.behaviour == Behaviour::Browser) {
          client->SetAttribute("Tls", BooleanValue(true));
          client->SetAttribute("Connections",
                               StringValue("ns3::UniformRandomVariable[Min=" + Format(p.connections.min - 0.49) +
                                           "|Max=" + Format(p.connections.max + 0.49) + "]"));
        } else {
          client->SetAttribute("Tls", BooleanValue(p.protocol == AppProtocol::Tls));
          client->SetAttribute("MaxRequests", UintegerValue(1));
        }
        stream += client->AssignStreams(stream);
        app = client;
        app->SetStartTime(Seconds(p.start_s));
      }
      app->SetAttribute("Pid", UintegerValue(pids->Allocate()));
      app->SetAttribute("ProcessName", StringValue(p.name));
      app->SetAttribute("Resolver", PointerValue(resolver));
      host.node->AddApplication(app);
    }

    if (workload) InstallCatalogProcesses(h);


    host.mirror = CreateObject<MirrorPortCapture>();
    host.mirror->SetAttribute("Directory", StringValue(out_dir + "/pcap"));
    host.mirror->SetAttribute("HostAddress", Ipv4AddressValue(host.address));
    host.mirror->SetAttribute("RotateInterval", TimeValue(Seconds(config.rotate_s)));
    host.mirror->SetAttribute("EpochStartUs", IntegerValue(config.start));
    host.mirror->Mirror(switchPorts.Get(h));
  }

  for (uint32_t i = 0; i < serverNodes.GetN(); ++i) {
    const ServerSpec& spec = config.servers[i];
    if (spec.kind != ServerKind::SshClient) continue;
    uint32_t target = 0;
    while (config.hosts[target].name != spec.target) ++target;
    Ptr<SshClientApplication> ssh = CreateObject<SshClientApplication>();
    ssh->SetAttribute("Remote", AddressValue(InetSocketAddress(hosts[target].address, spec.port)));
    ssh->SetAttribute("Interval", StringValue(Exponential(spec.interval_s)));
    ssh->SetAttribute("SessionDuration", StringValue(LogNormal(spec.duration)));
    stream += ssh->AssignStreams(stream);
    serverNodes.Get(i)->AddApplication(ssh);
  }
  // Remote clients of the catalog's inbound processes (sshd.exe): one machine per (host,
  // process), connecting at the catalog's hourly rate.
  for (std::size_t k = 0; k < inboundPairs.size(); ++k) {
    const WorkloadBehaviour& b = workload->catalog.processes[inboundPairs[k].process].behaviour;
    Ptr<SshClientApplication> ssh = CreateObject<SshClientApplication>();
    ssh->SetAttribute("Remote", AddressValue(InetSocketAddress(hosts[inboundPairs[k].host].address, b.ports.front())));
    ssh->SetAttribute("Interval", PointerValue(hourlyArrivals(workload->rates[inboundPairs[k].process].hourly_per_running_host)));
    ssh->SetAttribute("SessionDuration", StringValue(LogNormal(b.lifetime)));
    // About 480 bytes per exchange (client packet and reply) after a ~3 kB key exchange.
    ssh->SetAttribute("Exchanges", StringValue(LogNormal({std::max(1.0, (b.bytes.median - 3000) / 480), b.bytes.sigma})));
    stream += ssh->AssignStreams(stream);
    catalogClientNodes.Get(k)->AddApplication(ssh);
  }

  // --- Observers: ground truth and socket log ----------------------------------------------
  TruthRecorder truth(clock);
  // What any SocketLogger could see: the exact history of every table (docs/design.md).
  SocketHistoryRecorder socketHistory(out_dir + "/socket-history.csv", clock, stop);
  for (auto& host : hosts)
    host.table->TraceConnect("SocketClosed", host.table->GetHostName(), MakeCallback(&TruthRecorder::Closed, &truth));
  for (auto& host : hosts) socketHistory.Observe(host.table);
  std::unique_ptr<EventSink> events;
  Ptr<EtwCollector> etw;
  if (config.events.enabled) {
    events = std::make_unique<EventSink>(out_dir + "/events.csv", clock);
    etw = CreateObject<EtwCollector>();
    etw->SetAttribute("LossProbability", DoubleValue(config.events.loss));
    etw->SetAttribute("BufferEvents", UintegerValue(config.events.buffer));
    etw->SetAttribute("FlushInterval", TimeValue(Seconds(config.events.flush_s)));
    etw->SetAttribute("ShortLifetime", TimeValue(Seconds(config.events.short_lifetime_s)));
    etw->SetAttribute("ShortLossProbability", DoubleValue(config.events.short_loss));
    stream += etw->AssignStreams(stream);
    for (auto& host : hosts) etw->Observe(host.table);
    etw->TraceConnectWithoutContext("Event", MakeCallback(&EventSink::Event, events.get()));
  }

  for (uint32_t n = 0; n < NodeList::GetNNodes(); ++n) {
    Ptr<Node> node = NodeList::GetNode(n);
    for (uint32_t a = 0; a < node->GetNApplications(); ++a) node->GetApplication(a)->SetStopTime(stop);
  }

  std::vector<ZeusTruthEpisode> zeusTruth;
  for (auto& cnc : zeusServers)
    cnc->TraceConnectWithoutContext(
        "Episode", Callback<void, Ipv4Address, uint32_t, const std::string&, Time>(
                       [&zeusTruth, clock](Ipv4Address bot, uint32_t episode, const std::string& behaviour, Time start) {
                         zeusTruth.push_back({clock(start), bot.Get(), episode, behaviour});
                       }));

  std::vector<KrakenTruthHost> krakenTruth;
  for (auto& bot : krakenBots) {
    std::string hostName = bot->GetNode()->GetObject<SocketTable>()->GetHostName();
    bot->TraceConnectWithoutContext(
        "Infected", Callback<void, Ipv4Address, const std::string&, uint32_t>(
                        [&krakenTruth, hostName](Ipv4Address host, const std::string& process, uint32_t) {
                          krakenTruth.push_back({hostName, host.Get(), process});
                        }));
  }

  // --- Progress, run -----------------------------------------------------------------------
  const Time progressStep = Seconds(std::max(1.0, config.duration_s / 200));
  std::function<void()> report = [&]() {
    if (progress) {
      SimulationProgress p;
      p.simulated_s = Simulator::Now().GetSeconds();
      p.total_s = config.duration_s;
      p.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
      for (auto& host : hosts) p.frames += host.mirror->Packets();
      progress(p);
    }
    if (Simulator::Now() + progressStep <= stop) Simulator::Schedule(progressStep, report);
  };
  Simulator::Schedule(progressStep, report);
  Simulator::Stop(stop);
  Simulator::Run();

  SimulationResult result;
  for (auto& host : hosts) {
    host.table->ForEachVisible([&](const SocketEntry& e) {
      if (e.state != SocketState::TimeWait) truth.StillOpen(host.table->GetHostName(), e);
    });
    host.mirror->Close();
    result.frames_captured += host.mirror->Packets();
    result.pcap_files += host.mirror->Files().size();
  }
  socketHistory.Finish();
  result.socket_history_rows = socketHistory.Rows();
  if (events) {
    events->Commit();
    result.events_recorded = etw->Recorded();
    result.events_lost = etw->Lost();
  }
  result.truth_rows = truth.Write(out_dir + "/truth.csv");

  if (kraken.enabled) {
    WriteKrakenTruthCsv(out_dir + "/kraken_truth.csv", krakenTruth);
    result.kraken_infected = krakenTruth.size();
  }
  if (!zeusServers.empty()) {
    WriteZeusTruthCsv(out_dir + "/zeus_episodes.csv", zeusTruth);
    result.zeus_episodes = zeusTruth.size();
  }

  CsvWriter hostsCsv(out_dir + "/hosts.csv", {"host", "ip"});
  for (uint32_t h = 0; h < hosts.size(); ++h) hostsCsv.Row(config.hosts[h].name, FormatIpv4(hosts[h].address.Get()));
  hostsCsv.Commit();

  Simulator::Destroy();
  result.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
  return result;
}

}  // namespace ntlab
