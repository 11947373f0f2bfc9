// CatalogProcessApplication on a two-node network (a host and one server machine with DNS, web
// and generic services): every protocol of the mix, sockets in the host's table, DNS Client
// lookups, long-lived connections, restarts with new and reused PIDs, and the hourly arrivals.
#include "traffic-gen/catalog-process-application.h"

#include "models/address-block-routing.h"
#include "models/catalog-server-application.h"
#include "models/dns-server-application.h"
#include "models/host-resolver.h"
#include "models/pid-allocator.h"
#include "models/socket-table.h"
#include "models/web-server-application.h"
#include "traffic-gen/hourly-arrival-random-variable.h"

#include "tests/models/sim-test-network.h"

#include "ns3/boolean.h"

#include <catch2/catch.hpp>

#include <map>
#include <set>

using namespace ns3;

namespace {

/// Host 10.1.1.1 (socket table, DNS Client, PID allocator) and server 10.1.1.2 (DNS, web, generic).
struct CatalogTestBed {
  ntlab::test::SimTestNetwork net{2};
  Ptr<SocketTable> table = CreateObject<SocketTable>();
  Ptr<HostResolver> resolver = CreateObject<HostResolver>();
  Ptr<PidAllocator> pids = CreateObject<PidAllocator>();
  Ptr<CatalogServerApplication> generic = CreateObject<CatalogServerApplication>();
  CatalogTarget web{"www.example.com", Ipv4Address(), {}};
  CatalogTarget service{"svc.example.net", Ipv4Address(), {}};

  CatalogTestBed() {
    Ptr<Node> host = net.nodes.Get(0);
    Ptr<Node> server = net.nodes.Get(1);
    table->SetAttribute("HostName", StringValue("pc01"));
    table->AssignStreams(10);
    host->AggregateObject(table);
    pids->AssignStreams(11);
    resolver->SetAttribute("Pid", UintegerValue(888));
    resolver->SetAttribute("ProcessName", StringValue("svchost.exe"));
    resolver->SetAttribute("Server", Ipv4AddressValue(net.Address(1)));
    resolver->AssignStreams(12);
    host->AddApplication(resolver);

    Ptr<DnsServerApplication> dns = CreateObject<DnsServerApplication>();
    server->AddApplication(dns);
    Ptr<WebServerApplication> www = CreateObject<WebServerApplication>();
    www->SetAttribute("ResponseSize", StringValue("ns3::ConstantRandomVariable[Constant=2000]"));
    www->AssignStreams(13);
    server->AddApplication(www);
    generic->SetAttribute("TcpPorts", StringValue("8443"));
    generic->SetAttribute("UdpPorts", StringValue("443,123"));
    generic->AssignStreams(14);
    server->AddApplication(generic);

    web.address = service.address = net.Address(1);
    for (int k = 1; k <= 60; ++k) {
      web.lookupNames.push_back("www-" + std::to_string(k) + ".example.com");
      service.lookupNames.push_back("svc-" + std::to_string(k) + ".example.net");
    }
    for (const auto* t : {&web, &service}) {
      dns->AddRecord(t->name, t->address);
      for (const auto& n : t->lookupNames) dns->AddRecord(n, t->address);
    }
  }

  Ptr<CatalogProcessApplication> Process(const std::array<double, 6>& mix) {
    Ptr<CatalogProcessApplication> app = CreateObject<CatalogProcessApplication>();
    app->SetAttribute("Pid", UintegerValue(1000));
    app->SetAttribute("ProcessName", StringValue("test.exe"));
    app->SetAttribute("Resolver", PointerValue(resolver));
    app->SetAttribute("PidAllocator", PointerValue(pids));
    app->SetAttribute("DnsServer", Ipv4AddressValue(net.Address(1)));
    app->SetAttribute("Arrival", StringValue("ns3::ExponentialRandomVariable[Mean=0.5]"));
    app->SetAttribute("Lifetime", StringValue("ns3::LogNormalRandomVariable[Mu=-1|Sigma=1.5]"));
    app->SetAttribute("Bytes", StringValue("ns3::ConstantRandomVariable[Constant=6000]"));
    app->SetProtocolMix(mix);
    app->SetWebTargets({web});
    app->SetServiceTargets({service});
    app->SetTcpPorts({8443});
    app->SetUdpPorts({123});
    return app;
  }
};

}  // namespace

TEST_CASE("CatalogProcessApplication: every protocol of the mix, every socket in the table", "[sim][workload]") {
  CatalogTestBed bed;
  Ptr<CatalogProcessApplication> app = bed.Process({1, 1, 1, 1, 1, 1});
  app->SetAttribute("DnsLookups", DoubleValue(0.5));
  app->SetAttribute("LongLived", UintegerValue(1));
  app->SetAttribute("LongLivedLifetime", StringValue("ns3::ConstantRandomVariable[Constant=5]"));
  app->AssignStreams(20);
  bed.net.nodes.Get(0)->AddApplication(app);
  app->SetStopTime(Seconds(60));

  std::map<std::string, int> opened;  // "<process>/<proto>"
  uint64_t wireLookups = 0;
  std::map<uint32_t, int> longLived;
  std::multiset<uint32_t> udpSizes[2];  // [0]: port 443, [1]: port 123
  bed.table->TraceConnectWithoutContext("SocketOpened", Callback<void, const SocketEntry&>([&](const SocketEntry& e) {
    opened[e.process + "/" + (e.proto == ntlab::Proto::Tcp ? "tcp" : "udp")]++;
  }));
  bed.resolver->TraceConnectWithoutContext("Lookup", Callback<void, const std::string&, bool>(
                                                         [&](const std::string&, bool ok) { wireLookups += ok; }));
  app->TraceConnectWithoutContext("SessionStarted", Callback<void, uint32_t, uint32_t, bool>(
                                                        [&](uint32_t, uint32_t, bool ll) { longLived[ll]++; }));
  bed.generic->TraceConnectWithoutContext("Datagram", Callback<void, uint16_t, uint32_t>([&](uint16_t port, uint32_t n) {
    udpSizes[port == 123].insert(n);
  }));

  Simulator::Stop(Seconds(62));
  Simulator::Run();

  using P = CatalogProcessApplication;
  for (auto p : {P::DNS, P::TCP, P::TLS, P::HTTP, P::QUIC, P::UDP}) {
    INFO(P::ProtocolName(p));
    CHECK(app->Sessions(p) >= 5);
  }
  CHECK(app->Sessions() > 80);
  // One table row per session under the process's name (a few sessions may still wait for DNS).
  uint64_t tcpSessions = app->Sessions(P::TCP) + app->Sessions(P::TLS) + app->Sessions(P::HTTP);
  uint64_t udpSessions = app->Sessions(P::QUIC) + app->Sessions(P::UDP) + app->Sessions(P::DNS);
  CHECK(opened["test.exe/tcp"] <= int(tcpSessions));
  CHECK(opened["test.exe/tcp"] >= int(tcpSessions) - 3);
  CHECK(opened["test.exe/udp"] <= int(udpSessions));
  CHECK(opened["test.exe/udp"] >= int(udpSessions) - 3);
  // Every lookup the catalog counts went on the wire as a DNS Client (svchost) socket.
  CHECK(app->Lookups() > 20);
  CHECK(wireLookups == app->Lookups());
  CHECK(opened["svchost.exe/udp"] == int(app->Lookups()));
  // The long-lived connection was re-opened as it ended (every ~5 s).
  CHECK(longLived[1] >= 8);
  // QUIC: a 1200-byte Initial first; NTP: 48-byte requests.
  CHECK(udpSizes[0].count(1200) >= app->Sessions(P::QUIC) - 3);
  CHECK(udpSizes[1].size() >= 3);
  CHECK(*udpSizes[1].begin() == 48);
  CHECK(*udpSizes[1].rbegin() == 48);
  // Active closes leave TIME_WAIT rows owned by PID 0.
  int timeWait = 0;
  bed.table->ForEachVisible([&](const SocketEntry& e) {
    if (e.state == ntlab::SocketState::TimeWait) {
      CHECK(e.pid == 0);
      CHECK(e.ownerPid == 1000);
      ++timeWait;
    }
  });
  CHECK(timeWait > 10);
  Simulator::Destroy();
}

TEST_CASE("CatalogProcessApplication: restarts change the PID, and may reuse a freed one", "[sim][workload]") {
  CatalogTestBed bed;
  uint32_t freed = bed.pids->Allocate();
  bed.pids->Release(freed, "other.exe");
  Ptr<CatalogProcessApplication> app = bed.Process({0, 1, 0, 0, 0, 0});
  app->SetAttribute("Instances", UintegerValue(2));
  app->SetAttribute("RestartInterval", StringValue("ns3::ConstantRandomVariable[Constant=10]"));
  app->SetAttribute("PidReuse", DoubleValue(1.0));
  app->AssignStreams(30);
  bed.net.nodes.Get(0)->AddApplication(app);
  app->SetStopTime(Seconds(35));

  std::vector<std::pair<uint32_t, uint32_t>> restarts;
  std::set<uint32_t> sessionPids, tablePids;
  app->TraceConnectWithoutContext("Restarted", Callback<void, uint32_t, uint32_t>([&](uint32_t o, uint32_t n) {
    restarts.emplace_back(o, n);
  }));
  app->TraceConnectWithoutContext("SessionStarted", Callback<void, uint32_t, uint32_t, bool>(
                                                        [&](uint32_t, uint32_t pid, bool) { sessionPids.insert(pid); }));
  bed.table->TraceConnectWithoutContext("SocketOpened", Callback<void, const SocketEntry&>([&](const SocketEntry& e) {
    if (e.process == "test.exe") tablePids.insert(e.ownerPid);
  }));
  Simulator::Stop(Seconds(36));
  Simulator::Run();

  REQUIRE(restarts.size() == 3);
  CHECK(app->Restarts() == 3);
  for (const auto& [o, n] : restarts) CHECK(o != n);
  // The first restart found the PID other.exe freed; later ones may reuse this process's own
  // earlier PIDs only if another process freed them, so they are fresh.
  CHECK(restarts[0].second == freed);
  CHECK(app->Pids().size() == 2);
  CHECK(sessionPids.size() >= 3);
  CHECK(tablePids == sessionPids);
  Simulator::Destroy();
}

// Issue 10: with ReleasePidAtExit the exited instance's PID is free while its connections still
// show it in the table (Windows rows whose owner is gone), so a reuse can meet a visible row.
TEST_CASE("CatalogProcessApplication: ReleasePidAtExit frees the PID while its connections linger", "[sim][workload]") {
  for (bool atExit : {false, true}) {
    CatalogTestBed bed;
    Ptr<CatalogProcessApplication> app = bed.Process({0, 1, 0, 0, 0, 0});
    app->SetAttribute("Arrival", StringValue("ns3::ConstantRandomVariable[Constant=100]"));  // only the long-lived one
    app->SetAttribute("LongLived", UintegerValue(1));
    app->SetAttribute("LongLivedLifetime", StringValue("ns3::ConstantRandomVariable[Constant=30]"));
    app->SetAttribute("LongLivedStagger", TimeValue(Seconds(1)));  // open before the restart at 10 s
    app->SetAttribute("RestartInterval", StringValue("ns3::ConstantRandomVariable[Constant=10]"));
    app->SetAttribute("ReleasePidAtExit", BooleanValue(atExit));
    app->AssignStreams(40);
    bed.net.nodes.Get(0)->AddApplication(app);
    app->SetStopTime(Seconds(15));
    std::vector<std::pair<double, bool>> freed;  // (when, a row of that PID still visible)
    bed.pids->TraceConnectWithoutContext("Freed", Callback<void, uint32_t, const std::string&>(
                                                      [&](uint32_t pid, const std::string& process) {
                                                        CHECK(process == "test.exe");
                                                        bool lingering = false;
                                                        bed.table->ForEachVisible([&](const SocketEntry& e) {
                                                          lingering = lingering || e.pid == pid;
                                                        });
                                                        freed.emplace_back(Simulator::Now().GetSeconds(), lingering);
                                                      }));
    Simulator::Stop(Seconds(16));
    Simulator::Run();
    if (atExit) {
      REQUIRE(freed.size() == 1);
      CHECK(freed[0].first == Approx(10));
      CHECK(freed[0].second);  // its connection (opened at the start, 30 s long) is still there
    } else {
      CHECK(freed.empty());  // freed only once that connection ends, after the run
    }
    Simulator::Destroy();
  }
}

TEST_CASE("HourlyArrivalRandomVariable follows the hourly rates across hour boundaries", "[sim][workload]") {
  Ptr<HourlyArrivalRandomVariable> rv = CreateObject<HourlyArrivalRandomVariable>();
  std::array<double, 24> rates{};
  rates[9] = 60;    // 09:00-10:00: one per minute
  rates[10] = 600;  // 10:00-11:00: ten per minute
  rv->SetRates(rates);
  rv->SetAttribute("StartHour", DoubleValue(8.5));  // t = 0 is 08:30
  rv->SetStream(5);
  std::array<int, 3> perHour{};  // 08:30-09:00 (rate 0), 09-10, 10-11
  double t = 0;
  for (;;) {
    t += rv->GapFrom(t);
    if (t >= 9000) break;
    perHour[t < 1800 ? 0 : t < 5400 ? 1 : 2]++;
  }
  CHECK(perHour[0] == 0);
  CHECK(perHour[1] == Approx(60).margin(25));
  CHECK(perHour[2] == Approx(600).margin(80));
  // A profile without arrivals never fires.
  rv->SetRates({});
  CHECK(rv->GapFrom(0) > 1e11);
}

TEST_CASE("CatalogProcessApplication: sessions without a lookup use the DNS Client's cached answer", "[sim][workload]") {
  // The server owns 198.18.0.0/24 (a CDN block); its names answer one rotating block address.
  CatalogTestBed bed;
  Ptr<Ipv4> serverIp = bed.net.nodes.Get(1)->GetObject<Ipv4>();
  Ptr<AddressBlockRouting> block = CreateObject<AddressBlockRouting>();
  block->SetBlock(Ipv4Address("198.18.0.0"), 256);
  block->SetIpv4(serverIp);
  DynamicCast<Ipv4ListRouting>(serverIp->GetRoutingProtocol())->AddRoutingProtocol(block, 100);
  Ipv4StaticRoutingHelper()
      .GetStaticRouting(bed.net.nodes.Get(0)->GetObject<Ipv4>())
      ->AddNetworkRouteTo(Ipv4Address("198.18.0.0"), Ipv4Mask("255.255.255.0"), bed.net.Address(1), 1);
  bed.web.address = Ipv4Address("198.18.0.200");     // the fixed address: nothing cached yet
  Ptr<DnsServerApplication> dns = DynamicCast<DnsServerApplication>(bed.net.nodes.Get(1)->GetApplication(0));
  for (const auto& n : bed.web.lookupNames) dns->AddPool(n, Ipv4Address("198.18.0.0"), 256);
  dns->AssignStreams(30);

  Ptr<CatalogProcessApplication> app = bed.Process({0, 0, 1, 0, 1, 0});  // TLS and QUIC
  app->SetAttribute("DnsLookups", DoubleValue(0.3));
  app->AssignStreams(20);
  bed.net.nodes.Get(0)->AddApplication(app);
  app->SetStopTime(Seconds(60));

  std::set<uint32_t> tcpRemotes;
  bed.table->TraceConnectWithoutContext("SocketOpened", Callback<void, const SocketEntry&>([&](const SocketEntry& e) {
    if (e.proto == ntlab::Proto::Tcp && e.hasRemote && e.process == "test.exe") tcpRemotes.insert(e.remoteIp.V4());
  }));
  // QUIC (UDP 443) as the host's IP layer sees it: where requests go, where replies come from.
  std::set<uint32_t> quicSent, quicFrom;
  auto quicTrace = [](std::set<uint32_t>& into, bool sent) {
    return Callback<void, Ptr<const Packet>, Ptr<Ipv4>, uint32_t>(
        [&into, sent](Ptr<const Packet> packet, Ptr<Ipv4>, uint32_t) {
          Ptr<Packet> copy = packet->Copy();
          Ipv4Header ip;
          UdpHeader udp;
          copy->RemoveHeader(ip);
          if (ip.GetProtocol() != 17 || !copy->PeekHeader(udp)) return;
          if (sent && udp.GetDestinationPort() == 443) into.insert(ip.GetDestination().Get());
          if (!sent && udp.GetSourcePort() == 443) into.insert(ip.GetSource().Get());
        });
  };
  Ptr<Ipv4L3Protocol> hostIp = bed.net.nodes.Get(0)->GetObject<Ipv4L3Protocol>();
  hostIp->TraceConnectWithoutContext("Tx", quicTrace(quicSent, true));
  hostIp->TraceConnectWithoutContext("Rx", quicTrace(quicFrom, false));
  std::multiset<uint32_t> quic;
  bed.generic->TraceConnectWithoutContext("Datagram", Callback<void, uint16_t, uint32_t>([&](uint16_t port, uint32_t n) {
    if (port == 443) quic.insert(n);
  }));
  Simulator::Stop(Seconds(62));
  Simulator::Run();

  using P = CatalogProcessApplication;
  REQUIRE(app->Sessions(P::TLS) > 30);
  REQUIRE(app->Lookups() > 5);
  // With TTL 300 s, sessions without a lookup reuse the latest answer: the remotes are the
  // answers (and the fixed address before the first one), not one address per session.
  CHECK(tcpRemotes.size() >= 2);
  CHECK(tcpRemotes.size() <= app->Lookups() + 1);
  for (auto a : tcpRemotes) CHECK(block->Contains(Ipv4Address(a)));
  // QUIC went to block addresses like TLS (the answers, the cache, the fixed address), and the
  // server's replies came from the contacted addresses (one flow each).
  REQUIRE(app->Sessions(P::QUIC) > 10);
  CHECK(quicSent.size() >= 2);
  for (auto a : quicSent) CHECK(block->Contains(Ipv4Address(a)));
  CHECK(quicFrom == quicSent);
  CHECK(quic.count(1200) >= app->Sessions(P::QUIC) - 3);
  Simulator::Destroy();
}

TEST_CASE("CatalogProcessApplication: never-seen sessions each go to a fresh address, looked up by a fresh name", "[sim][workload]") {
  // The server answers for 198.19.0.0/24 (the fresh block); every session draws a new address,
  // and a session that looks a name up asks a fresh name the DNS server answers with it.
  CatalogTestBed bed;
  Ptr<Ipv4> serverIp = bed.net.nodes.Get(1)->GetObject<Ipv4>();
  Ptr<AddressBlockRouting> block = CreateObject<AddressBlockRouting>();
  block->SetBlock(Ipv4Address("198.19.0.0"), 256);
  block->SetIpv4(serverIp);
  DynamicCast<Ipv4ListRouting>(serverIp->GetRoutingProtocol())->AddRoutingProtocol(block, 100);
  Ipv4StaticRoutingHelper()
      .GetStaticRouting(bed.net.nodes.Get(0)->GetObject<Ipv4>())
      ->AddNetworkRouteTo(Ipv4Address("198.19.0.0"), Ipv4Mask("255.255.255.0"), bed.net.Address(1), 1);
  Ptr<NeverSeenAddresses> fresh = CreateObject<NeverSeenAddresses>();
  fresh->SetAttribute("First", Ipv4AddressValue(Ipv4Address("198.19.0.0")));
  fresh->SetAttribute("Count", UintegerValue(256));
  fresh->SetDnsServer(DynamicCast<DnsServerApplication>(bed.net.nodes.Get(1)->GetApplication(0)));

  Ptr<CatalogProcessApplication> app = bed.Process({0, 1, 1, 0, 1, 0});  // TCP, TLS, QUIC
  app->SetAttribute("DnsLookups", DoubleValue(0.5));
  app->SetAttribute("NeverSeenShare", DoubleValue(1.0));
  app->SetAttribute("NeverSeen", PointerValue(fresh));
  app->AssignStreams(20);
  bed.net.nodes.Get(0)->AddApplication(app);
  app->SetStopTime(Seconds(40));

  std::multiset<uint32_t> tcpRemotes;
  bed.table->TraceConnectWithoutContext("SocketOpened", Callback<void, const SocketEntry&>([&](const SocketEntry& e) {
    if (e.proto == ntlab::Proto::Tcp && e.hasRemote && e.process == "test.exe") tcpRemotes.insert(e.remoteIp.V4());
  }));
  std::set<std::string> freshNames;
  fresh->TraceConnectWithoutContext("Taken", Callback<void, Ipv4Address, const std::string&>(
                                                 [&](Ipv4Address, const std::string& n) { if (!n.empty()) freshNames.insert(n); }));
  uint64_t answered = 0, unanswered = 0;
  bed.resolver->TraceConnectWithoutContext("Lookup", Callback<void, const std::string&, bool>([&](const std::string&, bool ok) {
    ok ? ++answered : ++unanswered;
  }));
  uint64_t established = 0;
  bed.table->TraceConnectWithoutContext("RowChanged", Callback<void, const SocketEntry&, bool>([&](const SocketEntry& e, bool) {
    if (e.process == "test.exe" && e.state == ntlab::SocketState::Established) ++established;
  }));
  Simulator::Stop(Seconds(45));
  Simulator::Run();

  using P = CatalogProcessApplication;
  const uint64_t sessions = app->Sessions();
  REQUIRE(sessions > 40);
  // One address per session, none twice, all in the block; the pool handed out exactly that many.
  CHECK(fresh->Taken() == sessions);
  REQUIRE(tcpRemotes.size() >= app->Sessions(P::TCP) + app->Sessions(P::TLS) - 3);
  CHECK(std::set<uint32_t>(tcpRemotes.begin(), tcpRemotes.end()).size() == tcpRemotes.size());
  for (auto a : tcpRemotes) CHECK(block->Contains(Ipv4Address(a)));
  // The TCP connections to fresh addresses were served (the block is routed to the server).
  CHECK(established >= tcpRemotes.size() - 3);
  // Sessions that looked a name up asked fresh names, and the DNS server knew them all.
  CHECK(freshNames.size() > 5);
  for (const auto& n : freshNames) CHECK(n.rfind("n", 0) == 0);
  CHECK(answered >= freshNames.size());
  CHECK(unanswered == 0);
  Simulator::Destroy();
}

TEST_CASE("CatalogProcessApplication: kernel sockets are marked for the truth and left out of the tables' view", "[sim][workload]") {
  CatalogTestBed bed;
  Ptr<CatalogProcessApplication> app = bed.Process({0, 1, 0, 0, 0, 1});  // TCP and UDP, like SMB/NetBIOS
  app->SetAttribute("Pid", UintegerValue(4));
  app->SetAttribute("ProcessName", StringValue("System"));
  app->SetAttribute("KernelSockets", BooleanValue(true));
  app->AssignStreams(20);
  bed.net.nodes.Get(0)->AddApplication(app);
  app->SetStopTime(Seconds(20));
  int kernelRows = 0, userRows = 0;
  bed.table->TraceConnectWithoutContext("SocketOpened", Callback<void, const SocketEntry&>([&](const SocketEntry& e) {
    (e.kernel ? kernelRows : userRows)++;
    if (e.kernel) {
      CHECK(e.pid == 4);
      CHECK(e.process == "System");
    }
  }));
  Simulator::Stop(Seconds(22));
  Simulator::Run();
  CHECK(kernelRows >= int(app->Sessions()) - 3);
  CHECK(kernelRows > 10);
  CHECK(userRows == 0);  // no DNS Client lookups configured
  Simulator::Destroy();
}
