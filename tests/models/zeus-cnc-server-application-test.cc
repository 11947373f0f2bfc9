#include "models/zeus-cnc-server-application.h"

#include "analyzers/botnet/clustering-metrics.h"
#include "analyzers/botnet/http-transaction-extractor.h"
#include "analyzers/botnet/zeus-clustering.h"
#include "analyzers/botnet/zeus-episode-builder.h"
#include "analyzers/botnet/zeus-truth.h"
#include "analyzers/capture/pcap-packet-source.h"
#include "models/socket-table.h"
#include "tests/models/sim-test-network.h"
#include "traffic-gen/zeus-bot-application.h"
#include "models/payload/zeus-command-codec.h"

#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>
#include "tests/support/build-paths.h"

using namespace ns3;

TEST_CASE("ZeusCommandCodec round-trips and rejects the wrong key", "[sim][zeus]") {
  auto body = ZeusCommandCodec::Encode({ZeusBehaviour::HomepageSet, 4711}, 120, "k1", 99);
  CHECK(body.size() == 120);
  auto command = ZeusCommandCodec::Decode(body.data(), body.size(), "k1");
  REQUIRE(command);
  CHECK(command->behaviour == ZeusBehaviour::HomepageSet);
  CHECK(command->episode == 4711);
  CHECK_FALSE(ZeusCommandCodec::Decode(body.data(), body.size(), "k2"));
  CHECK(ZeusCommandCodec::Encode({}, 10, "k1", 1).size() == ZeusCommandCodec::kMinBodyLength);
}

TEST_CASE("ZeusCommandCodec carries the behaviours beyond the paper's three", "[sim][zeus]") {
  const std::pair<ZeusBehaviour, std::string> extras[] = {{ZeusBehaviour::FormGrab, "form_grab"},
                                                          {ZeusBehaviour::Screenshot, "screenshot"},
                                                          {ZeusBehaviour::FileDownload, "file_download"}};
  for (const auto& [behaviour, name] : extras) {
    CHECK(ToString(behaviour) == name);
    auto body = ZeusCommandCodec::Encode({behaviour, 7}, 64, "k1", 5);
    auto command = ZeusCommandCodec::Decode(body.data(), body.size(), "k1");
    REQUIRE(command);
    CHECK(command->behaviour == behaviour);
  }
  // A behaviour byte past the last known one is not a command.
  auto body = ZeusCommandCodec::Encode({static_cast<ZeusBehaviour>(7), 7}, 64, "k1", 5);
  CHECK_FALSE(ZeusCommandCodec::Decode(body.data(), body.size(), "k1"));
}

TEST_CASE("A Zeus bot and its C&C run commanded episodes that the analyzer clusters", "[sim][zeus]") {
  RngSeedManager::SetSeed(1);
  RngSeedManager::SetRun(1);
  // As the scenario builder does: ns-3 sockets leave TIME_WAIT quickly while the SocketTable keeps
  // Windows' 120 s rows, so a port the table hands out again is never still bound in ns-3.
  Config::SetDefault("ns3::TcpSocketBase::MaxSegLifetime", DoubleValue(1.0));
  ntlab::test::SimTestNetwork net(2);
  Ptr<Node> victim = net.nodes.Get(0);
  victim->AggregateObject(CreateObject<SocketTable>());

  Ptr<ZeusCncServerApplication> cnc = CreateObject<ZeusCncServerApplication>();
  cnc->SetAttribute("ConfigSize", StringValue("ns3::UniformRandomVariable[Min=5000|Max=8000]"));
  cnc->AssignStreams(100);
  net.nodes.Get(1)->AddApplication(cnc);
  cnc->SetStartTime(Seconds(0));

  // Timers shortened from the builder defaults (minutes) so a short run has many episodes.
  Ptr<ZeusBotApplication> bot = CreateObject<ZeusBotApplication>();
  bot->SetAttribute("Pid", UintegerValue(1234));
  bot->SetAttribute("ProcessName", StringValue("explorer.exe"));
  bot->SetAttribute("CncDomain", StringValue("cnc.zeus.test"));
  bot->SetAttribute("CncAddress", Ipv4AddressValue(net.Address(1)));
  bot->SetAttribute("ConfigInterval", StringValue("ns3::ConstantRandomVariable[Constant=600]"));
  bot->SetAttribute("PollInterval", StringValue("ns3::UniformRandomVariable[Min=20|Max=30]"));
  bot->SetAttribute("ReportGap", StringValue("ns3::UniformRandomVariable[Min=1|Max=2]"));
  bot->SetAttribute("RetryInterval", StringValue("ns3::ConstantRandomVariable[Constant=5]"));
  bot->AssignStreams(200);
  victim->AddApplication(bot);
  bot->SetStartTime(Seconds(1));
  bot->SetStopTime(Seconds(2400));

  std::vector<ntlab::ZeusTruthEpisode> truth;
  cnc->TraceConnectWithoutContext(
      "Episode", Callback<void, Ipv4Address, uint32_t, const std::string&, Time>(
                     [&truth](Ipv4Address a, uint32_t id, const std::string& behaviour, Time start) {
                       truth.push_back({start.GetMicroSeconds(), a.Get(), id, behaviour});
                     }));
  std::map<std::string, int> served;  // "METHOD path status"
  cnc->TraceConnectWithoutContext(
      "Request", Callback<void, Ipv4Address, const std::string&, const std::string&, uint32_t, uint32_t>(
                     [&served](Ipv4Address, const std::string& method, const std::string& uri, uint32_t status,
                               uint32_t) {
                       served[method + " " + uri.substr(0, uri.find('?')) + " " + std::to_string(status)]++;
                     }));
  std::vector<uint32_t> commanded;
  bot->TraceConnectWithoutContext("Command", Callback<void, uint32_t, const std::string&, uint32_t>(
                                                 [&commanded](uint32_t id, const std::string&, uint32_t) {
                                                   commanded.push_back(id);
                                                 }));

  std::string pcap = std::string(NTLAB_BINARY_DIR) + "/test-zeus-cnc.pcap";
  CsmaHelper csma;
  csma.EnablePcap(pcap, net.nodes.Get(1)->GetDevice(0), false, true);

  Simulator::Stop(Seconds(2460));
  Simulator::Run();
  uint64_t sent = bot->GetRequestsSent();
  uint64_t failed = bot->GetRequestsFailed();
  size_t open = cnc->GetOpenConnections();
  Simulator::Destroy();

  // The C&C decided every episode and the bot decoded each command.
  REQUIRE(truth.size() >= 15);
  REQUIRE(commanded.size() == truth.size());
  for (size_t i = 0; i < truth.size(); ++i) CHECK(commanded[i] == truth[i].episode);
  std::set<std::string> behaviours;
  for (const auto& t : truth) behaviours.insert(t.behaviour);
  CHECK(behaviours == std::set<std::string>{"cookie_theft", "homepage_set", "os_shutdown"});
  // Every request parsed on the server and was one of the three kinds; none failed.
  CHECK(failed == 0);
  int total = 0;
  for (const auto& [key, n] : served) {
    INFO(key);
    CHECK((key == "GET /config.bin 200" || key == "GET /gate.php 200" || key == "POST /gate.php 200"));
    total += n;
  }
  CHECK(uint64_t(total) == sent);
  CHECK(served["GET /config.bin 200"] >= 4);
  CHECK(open == 0);

  // The capture parses as HTTP with the C&C's Host header, and the analyzer recovers the
  // behaviours from it.
  std::vector<ntlab::HttpTransaction> transactions;
  ntlab::ZeusEpisodeBuilder builder;
  ntlab::HttpTransactionExtractor extractor([&](const ntlab::HttpTransaction& t) {
    transactions.push_back(t);
    builder.Add(t);
  });
  ntlab::PcapPacketSource source(ntlab::CapturePlan::FromInputs({pcap}));
  source.Run(extractor);
  CHECK(transactions.size() == sent);
  for (const auto& t : transactions) {
    CHECK(t.host == "cnc.zeus.test");
    CHECK(t.status == 200);
    CHECK(t.response_complete);
  }
  ntlab::ZeusClusteringResult r;
  r.episodes = builder.Finish();
  CHECK(ntlab::JoinZeusTruth(r.episodes, truth) == r.episodes.size());
  // The run stops mid-episode at most once.
  CHECK(r.episodes.size() + 1 >= truth.size());
  r.model = ntlab::ZeusClusterModel::Fit(r.episodes, ntlab::ZeusPaperFeatures(), ntlab::KMeansOptions{});
  r.clusters = r.model.Assign(r.episodes);
  ntlab::GradeZeusClustering(r);
  REQUIRE(r.ari);
  INFO("simulated episodes: " << r.episodes.size() << ", ARI " << *r.ari << ", purity " << *r.purity);
  CHECK(*r.ari > 0.8);
  ntlab::WriteZeusClusteringOutputs(std::string(NTLAB_BINARY_DIR) + "/test-zeus-sim-out", r);
  WARN("simulated Zeus run: " << r.episodes.size() << " episodes, ARI " << *r.ari << ", purity " << *r.purity);
}
