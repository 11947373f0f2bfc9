// A Kraken infection end to end: bot, load-balancer, five update servers, herder, DNS, Google's
// MX and three spam MXs, next to a benign host with periodic confounders (NTP-like sync,
// messenger keep-alive, a dynamic-DNS updater). The captures of both hosts go through the Kraken
// detector, graded against the socket truth by the bot's process name.
#include "traffic-gen/kraken-bot-application.h"

#include "analyzers/botnet/kraken-detector.h"
#include "analyzers/botnet/kraken-truth.h"
#include "analyzers/capture/pcap-packet-source.h"
#include "models/dns-server-application.h"
#include "models/host-resolver.h"
#include "models/kraken-server-application.h"
#include "models/smtp-server-application.h"
#include "models/socket-table.h"
#include "tests/models/sim-test-network.h"
#include "traffic-gen/dynamic-dns-updater-application.h"
#include "models/payload/kraken-dga.h"
#include "traffic-gen/periodic-udp-client-application.h"

#include "ns3/applications-module.h"
#include "ns3/enum.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <vector>
#include "tests/support/build-paths.h"

using namespace ns3;

namespace {
// Collects truth.csv rows from a host's socket table, as the scenario builder does.
void RecordTruth(Ptr<SocketTable> table, std::vector<ntlab::TruthRow>& rows, std::map<std::pair<std::string, uint32_t>, size_t>& open) {
  table->TraceConnectWithoutContext(
      "SocketOpened", Callback<void, const SocketEntry&>([table, &rows, &open](const SocketEntry& e) {
        ntlab::TruthRow r;
        r.host = table->GetHostName();
        r.proto = e.proto;
        r.local_ip = e.localIp;
        r.local_port = e.localPort;
        if (e.hasRemote) r.remote = ntlab::Endpoint{e.remoteIp, e.remotePort};
        r.pid = e.ownerPid;
        r.process = e.process;
        r.open_ts = e.openTime.GetMicroSeconds();
        open[{r.host, e.id}] = rows.size();
        rows.push_back(r);
      }));
  table->TraceConnectWithoutContext(
      "SocketClosed", Callback<void, const SocketEntry&>([table, &rows, &open](const SocketEntry& e) {
        auto it = open.find({table->GetHostName(), e.id});
        if (it != open.end()) rows[it->second].close_ts = e.closeTime.GetMicroSeconds();
      }));
}

std::string Ip(Ipv4Address a) {
  std::ostringstream s;
  s << a;
  return s.str();
}
}  // namespace

TEST_CASE("A simulated Kraken bot runs paper 003's sequence and the detector finds it", "[sim][kraken]") {
  RngSeedManager::SetSeed(3);
  RngSeedManager::SetRun(1);
  Config::SetDefault("ns3::TcpSocketBase::MaxSegLifetime", DoubleValue(1.0));
  ntlab::test::SimTestNetwork net(15);
  enum { kBot, kBenign, kDns, kGoogle, kMx1, kMx2, kMx3, kLb, kUpd0, kCmd = 13, kEcho = 14 };
  int64_t stream = 1000;

  // Hosts.
  std::vector<ntlab::TruthRow> truthRows;
  std::map<std::pair<std::string, uint32_t>, size_t> openRows;
  for (int h : {kBot, kBenign}) {
    Ptr<SocketTable> table = CreateObject<SocketTable>();
    table->SetAttribute("HostName", StringValue(h == kBot ? "pc-bot" : "pc-benign"));
    stream += table->AssignStreams(stream);
    net.nodes.Get(h)->AggregateObject(table);
    RecordTruth(table, truthRows, openRows);
  }

  // DNS: one C&C name in the DGA list (index 20), MX records for Google and the spam targets.
  Ptr<DnsServerApplication> dns = CreateObject<DnsServerApplication>();
  dns->SetAttribute("Ttl", UintegerValue(60));
  dns->AddRecord(ntlab::payload::KrakenDgaDomain(20), net.Address(kLb));
  dns->AddRecord("myhomenas.dyndns.org", net.Address(kEcho));
  dns->AddMxRecord("gmail.com", 5, "gmail-smtp-in.l.google.com");
  dns->AddRecord("gmail-smtp-in.l.google.com", net.Address(kGoogle));
  const char* targets[] = {"example.com", "example.net", "example.org"};
  for (int i = 0; i < 3; ++i) {
    std::string mx = std::string("mx.") + targets[i];
    dns->AddMxRecord(targets[i], 10, mx);
    dns->AddRecord(mx, net.Address(kMx1 + i));
  }
  net.nodes.Get(kDns)->AddApplication(dns);

  std::vector<Ptr<SmtpServerApplication>> mxs;
  for (int i = kGoogle; i <= kMx3; ++i) {
    Ptr<SmtpServerApplication> mx = CreateObject<SmtpServerApplication>();
    mx->SetAttribute("Hostname", StringValue(i == kGoogle ? "mx.google.com" : "mx.example"));
    net.nodes.Get(i)->AddApplication(mx);
    mxs.push_back(mx);
  }

  // C&C: load-balancer, five update servers, the herder.
  std::string updateList;
  for (int i = 0; i < 5; ++i) updateList += (i ? "," : "") + Ip(net.Address(kUpd0 + i));
  Ptr<KrakenServerApplication> lb = CreateObject<KrakenServerApplication>();
  lb->SetAttribute("Role", EnumValue(KrakenServerApplication::LOAD_BALANCE));
  lb->SetAttribute("UpdateServers", StringValue(updateList));
  stream += lb->AssignStreams(stream);
  net.nodes.Get(kLb)->AddApplication(lb);
  std::map<uint8_t, int> updateMessages;
  for (int i = 0; i < 5; ++i) {
    Ptr<KrakenServerApplication> u = CreateObject<KrakenServerApplication>();
    u->SetAttribute("Role", EnumValue(KrakenServerApplication::UPDATE));
    u->SetAttribute("Herder", Ipv4AddressValue(net.Address(kCmd)));
    stream += u->AssignStreams(stream);
    u->TraceConnectWithoutContext("Message", Callback<void, Ipv4Address, uint16_t, uint8_t, uint32_t>(
                                                 [&updateMessages](Ipv4Address, uint16_t, uint8_t type, uint32_t) {
                                                   updateMessages[type]++;
                                                 }));
    net.nodes.Get(kUpd0 + i)->AddApplication(u);
  }
  Ptr<KrakenServerApplication> herder = CreateObject<KrakenServerApplication>();
  herder->SetAttribute("Role", EnumValue(KrakenServerApplication::COMMAND));
  herder->SetAttribute("SpamDomains", StringValue("example.com,example.net,example.org"));
  stream += herder->AssignStreams(stream);
  std::map<uint16_t, int> herderRequests;
  herder->TraceConnectWithoutContext("Message", Callback<void, Ipv4Address, uint16_t, uint8_t, uint32_t>(
                                                    [&herderRequests](Ipv4Address, uint16_t port, uint8_t, uint32_t) {
                                                      herderRequests[port]++;
                                                    }));
  net.nodes.Get(kCmd)->AddApplication(herder);

  // Echo servers for the benign UDP clients (time sync on 123, messenger on 7001).
  for (uint16_t port : {123, 7001}) {
    UdpEchoServerHelper echo(port);
    echo.Install(net.nodes.Get(kEcho));
  }

  // The bot.
  Ptr<KrakenBotApplication> bot = CreateObject<KrakenBotApplication>();
  bot->SetAttribute("Pid", UintegerValue(1234));
  bot->SetAttribute("DnsServer", Ipv4AddressValue(net.Address(kDns)));
  bot->SetAttribute("TemplateInterval", StringValue("ns3::UniformRandomVariable[Min=200|Max=220]"));
  stream += bot->AssignStreams(stream);
  net.nodes.Get(kBot)->AddApplication(bot);
  bot->SetStartTime(Seconds(5));
  std::string botProcess;
  bot->TraceConnectWithoutContext("Infected", Callback<void, Ipv4Address, const std::string&, uint32_t>(
                                                  [&botProcess](Ipv4Address, const std::string& name, uint32_t) {
                                                    botProcess = name;
                                                  }));
  std::vector<std::string> phases;
  bot->TraceConnectWithoutContext("Phase", Callback<void, const std::string&>(
                                               [&phases](const std::string& p) { phases.push_back(p); }));
  int testMails = 0, spamMails = 0;
  bot->TraceConnectWithoutContext("Mail", Callback<void, const std::string&, Ipv4Address, bool, bool>(
                                              [&](const std::string&, Ipv4Address, bool delivered, bool test) {
                                                if (delivered) (test ? testMails : spamMails)++;
                                              }));

  // The benign host: DNS Client, a dynamic-DNS updater, NTP-like sync, messenger keep-alive.
  Ptr<HostResolver> resolver = CreateObject<HostResolver>();
  resolver->SetAttribute("Pid", UintegerValue(900));
  resolver->SetAttribute("ProcessName", StringValue("svchost.exe"));
  resolver->SetAttribute("Server", Ipv4AddressValue(net.Address(kDns)));
  stream += resolver->AssignStreams(stream);
  net.nodes.Get(kBenign)->AddApplication(resolver);
  Ptr<DynamicDnsUpdaterApplication> updater = CreateObject<DynamicDnsUpdaterApplication>();
  updater->SetAttribute("Pid", UintegerValue(2000));
  updater->SetAttribute("ProcessName", StringValue("DynUpSvc.exe"));
  updater->SetAttribute("Resolver", PointerValue(resolver));
  stream += updater->AssignStreams(stream);
  net.nodes.Get(kBenign)->AddApplication(updater);
  Ptr<PeriodicUdpClientApplication> ntp = CreateObject<PeriodicUdpClientApplication>();
  ntp->SetAttribute("Pid", UintegerValue(904));
  ntp->SetAttribute("ProcessName", StringValue("svchost.exe"));
  ntp->SetAttribute("Remote", Ipv4AddressValue(net.Address(kEcho)));
  ntp->SetAttribute("Interval", StringValue("ns3::ConstantRandomVariable[Constant=16]"));
  stream += ntp->AssignStreams(stream);
  net.nodes.Get(kBenign)->AddApplication(ntp);
  Ptr<PeriodicUdpClientApplication> im = CreateObject<PeriodicUdpClientApplication>();
  im->SetAttribute("Pid", UintegerValue(3000));
  im->SetAttribute("ProcessName", StringValue("msnmsgr.exe"));
  im->SetAttribute("Remote", Ipv4AddressValue(net.Address(kEcho)));
  im->SetAttribute("RemotePort", UintegerValue(7001));
  im->SetAttribute("Interval", StringValue("ns3::UniformRandomVariable[Min=29|Max=31]"));
  im->SetAttribute("PayloadSize", StringValue("ns3::ConstantRandomVariable[Constant=5]"));
  stream += im->AssignStreams(stream);
  net.nodes.Get(kBenign)->AddApplication(im);

  std::string dir = std::string(NTLAB_BINARY_DIR) + "/test-kraken-sim";
  std::filesystem::create_directories(dir);
  CsmaHelper csma;
  csma.EnablePcap(dir + "/bot.pcap", net.nodes.Get(kBot)->GetDevice(0), false, true);
  csma.EnablePcap(dir + "/benign.pcap", net.nodes.Get(kBenign)->GetDevice(0), false, true);

  const double stop = 900;
  for (uint32_t i = 0; i < net.nodes.GetN(); ++i) {
    for (uint32_t a = 0; a < net.nodes.Get(i)->GetNApplications(); ++a) {
      net.nodes.Get(i)->GetApplication(a)->SetStopTime(Seconds(stop));
    }
  }
  Simulator::Stop(Seconds(stop + 5));
  Simulator::Run();
  auto phase = bot->GetPhase();
  uint32_t module = bot->GetModuleVersion();
  uint32_t dgaQueries = bot->GetDgaQueries();
  uint64_t googleMessages = mxs[0]->GetMessagesAccepted();
  uint64_t spamAccepted = mxs[1]->GetMessagesAccepted() + mxs[2]->GetMessagesAccepted() + mxs[3]->GetMessagesAccepted();
  uint64_t ntpReplies = ntp->GetReceived();
  const ntlab::Ipv4 botIp = net.Address(kBot).Get();
  const ntlab::Ipv4 benignIp = net.Address(kBenign).Get();
  Simulator::Destroy();

  // The bot went through the whole sequence.
  CHECK(phases == std::vector<std::string>{"test_mail", "locate", "register", "host_info", "update", "herder"});
  CHECK(phase == KrakenBotApplication::Phase::Herder);
  CHECK(module == 317);
  CHECK(testMails == 3);
  CHECK(googleMessages == 3);
  CHECK(spamMails > 30);
  CHECK(spamAccepted == uint64_t(spamMails));
  CHECK(dgaQueries > 200);
  CHECK(updateMessages[0x01] >= 1);
  CHECK(updateMessages[0x03] >= 2);
  CHECK(herderRequests[80] >= 5);
  CHECK(herderRequests[443] >= 2);
  CHECK(ntpReplies > 40);
  REQUIRE(!botProcess.empty());
  // A random lowercase image name (Arbor ASERT), not the ProcessApplication default.
  CHECK(botProcess.size() >= 2 + 4);
  CHECK(botProcess.size() <= 20 + 4);
  CHECK(botProcess.substr(botProcess.size() - 4) == ".exe");
  CHECK(std::all_of(botProcess.begin(), botProcess.end() - 4, [](char c) { return c >= 'a' && c <= 'z'; }));

  // Detection on the two hosts' captures.
  ntlab::KrakenDetectorConfig config;
  config.hosts = {botIp, benignIp};
  ntlab::KrakenDetector detector(config);
  ntlab::PcapPacketSource source(ntlab::CapturePlan::FromInputs({dir + "/bot.pcap", dir + "/benign.pcap"}));
  source.Run(detector);
  auto d = detector.Finish();
  std::vector<ntlab::KrakenTruthHost> truth{{"pc-bot", botIp, botProcess}};
  auto hostGrade = ntlab::GradeKrakenHosts(d, truth);
  auto flowGrade = ntlab::GradeKrakenFlows(d, truth, truthRows);
  ntlab::WriteKrakenOutputs(dir + "/out", d, hostGrade, flowGrade);
  ntlab::WriteKrakenTruthCsv(dir + "/out/kraken_truth.csv", truth);
  REQUIRE(d.hosts.size() == 2);
  for (const auto& h : d.hosts) {
    INFO(ntlab::FormatIp(h.host) << " score " << h.score << " cnc " << h.cnc << " dga " << h.dga << " rhythm "
                                   << h.rhythm << " smtp_test " << h.smtp_test << " spam " << h.spam << " dns_cv "
                                   << h.dns_gap_cv);
    CHECK(h.infected == (h.host == botIp));
  }
  CHECK(hostGrade.precision == 1.0);
  CHECK(hostGrade.recall == 1.0);
  REQUIRE(flowGrade.precision);
  REQUIRE(flowGrade.recall);
  CHECK(*flowGrade.precision >= 0.99);
  CHECK(*flowGrade.recall >= 0.95);
  WARN("simulated Kraken run: flows tp " << flowGrade.tp << " fp " << flowGrade.fp << " fn " << flowGrade.fn
                                         << " tn " << flowGrade.tn << ", precision " << *flowGrade.precision
                                         << ", recall " << *flowGrade.recall);
}
