// The dns_use stage: a lookup's resolver from the session that used its answer, learnt per
// (host, consumer) from directly labelled lookups and given only from a pure table; and its
// causality in streaming post-processing against batch.
#include "analyzers/labeling/dns-use-match.h"

#include "analyzers/labeling/label-confidence.h"
#include "analyzers/labeling/post-processor.h"
#include "tests/analyzers/labeling/labeling-fixtures.h"

#include <catch2/catch.hpp>

#include <map>

using namespace ntlab;
using namespace ntlab::fixtures;

namespace {

const Endpoint kResolver = Ep("10.0.0.2", 53);
const HostId kHost = 0;

struct Owner {
  std::uint32_t pid;
  const char* process;
};
const Owner kDnsClient{1200, "svchost.exe"};
const Owner kFirefox{5100, "firefox.exe"};
const Owner kChrome{6540, "chrome.exe"};
const Owner kCode{9100, "Code.exe"};

std::optional<LabelDecision> By(const char* stage, Owner owner) {
  LabelDecision d;
  d.stage = stage;
  d.process = owner.process;
  d.pid = owner.pid;
  return d;
}
const std::optional<LabelDecision> kUnknown;

Session Lookup(std::uint16_t port, double atS, const char* answer) {
  Session s = Outbound(port, kResolver, Proto::Udp);
  s.first_ts = Sec(atS);
  s.dns_answer_ts = Sec(atS) + 2000;  // the answer 2 ms after the query
  s.last_ts = s.dns_answer_ts;
  s.dns_answers = {*ParseIp(answer)};
  return s;
}

Session Use(std::uint16_t port, double atS, const char* remote) {
  Session s = Outbound(port, Ep(remote, 443));
  s.first_ts = s.last_ts = Sec(atS);
  return s;
}

/// Shows the stage a lookup labelled by `stage` for `resolver`, used 5 ms after its answer by `consumer`.
void Teach(DnsUseMatch& stage, std::uint16_t port, double atS, const char* answer, Owner resolver, Owner consumer) {
  stage.Observe({Lookup(port, atS, answer), kHost, By("events", resolver)});
  stage.Observe({Use(port + 1000, atS + 0.007, answer), kHost, By("A", consumer)});
}

std::optional<MatchResult> Ask(DnsUseMatch& stage, const Session& lookup) {
  return stage.TryMatch(MatchQuery{lookup, lookup.first_ts, kHost, SocketIndex::npos});
}

std::string AskProcess(DnsUseMatch& stage, const Session& lookup) {
  auto r = Ask(stage, lookup);
  return r ? std::string(r->process) : std::string("-");
}

}  // namespace

TEST_CASE("dns_use: a pure table of at least 3 lookups names the consumer's resolver", "[analysis][labeling][dns]") {
  DnsUseMatch stage(DnsUseConfig{true});
  const Session unknown = Lookup(52000, 100, "198.51.100.50");
  stage.Observe({Use(53000, 100.010, "198.51.100.50"), kHost, By("A", kFirefox)});
  Teach(stage, 51001, 1, "198.51.100.1", kDnsClient, kFirefox);
  Teach(stage, 51002, 2, "198.51.100.2", kDnsClient, kFirefox);
  CHECK(AskProcess(stage, unknown) == "-");  // 2 observations: too few
  Teach(stage, 51003, 3, "198.51.100.3", kDnsClient, kFirefox);
  auto answer = Ask(stage, unknown);
  REQUIRE(answer);
  CHECK(answer->process == "svchost.exe");
  CHECK(answer->pid == 1200);
  CHECK(std::string(answer->evidence) == "dns_consumer");
  CHECK(answer->observations == 3);
  CHECK(answer->purity == 1.0);
  LabelDecision decision = MakeDecision(*answer, "dns_use");
  CHECK(LabelConfidence(decision) == Approx(0.9 * 4.0 / 5.0));  // learnt: below every direct label
  CHECK(IsPostProcessingStage("dns_use"));
  // The table is per consumer: chrome.exe's lookups taught nothing.
  stage.Observe({Use(53001, 200.010, "198.51.100.60"), kHost, By("A", kChrome)});
  CHECK(AskProcess(stage, Lookup(52001, 200, "198.51.100.60")) == "-");
}

TEST_CASE("dns_use: an application that uses both resolvers is refused", "[analysis][labeling][dns]") {
  DnsUseMatch stage(DnsUseConfig{true});
  Teach(stage, 51001, 1, "198.51.100.1", kChrome, kChrome);  // Chrome's own async DNS
  Teach(stage, 51002, 2, "198.51.100.2", kChrome, kChrome);
  Teach(stage, 51003, 3, "198.51.100.3", kChrome, kChrome);
  stage.Observe({Use(53000, 100.010, "198.51.100.50"), kHost, By("A", kChrome)});
  const Session unknown = Lookup(52000, 100, "198.51.100.50");
  CHECK(AskProcess(stage, unknown) == "chrome.exe");
  Teach(stage, 51004, 4, "198.51.100.4", kDnsClient, kChrome);  // once through the DNS Client
  CHECK(AskProcess(stage, unknown) == "-");
}

TEST_CASE("dns_use: no consumer - unused, used late, used by two processes, used by an unnamed session",
          "[analysis][labeling][dns]") {
  DnsUseConfig config{true};
  DnsUseMatch stage(config);
  for (std::uint16_t k = 0; k < 3; ++k) {
    Teach(stage, 51001 + k, 1 + k, k == 0 ? "198.51.100.1" : k == 1 ? "198.51.100.2" : "198.51.100.3", kDnsClient,
          kFirefox);
    Teach(stage, 51101 + k, 10 + k, k == 0 ? "198.51.100.11" : k == 1 ? "198.51.100.12" : "198.51.100.13",
          kDnsClient, kCode);
  }
  CHECK(AskProcess(stage, Lookup(52000, 100, "198.51.100.50")) == "-");  // nobody used the answer
  // Used only 1.5 s after the answer, from the DNS Client's cache: beyond the window.
  stage.Observe({Use(53001, 101.502, "198.51.100.51"), kHost, By("A", kFirefox)});
  CHECK(AskProcess(stage, Lookup(52001, 100, "198.51.100.51")) == "-");
  // Inside the window: the window's edge counts.
  stage.Observe({Use(53002, 102.002 + 1.0, "198.51.100.52"), kHost, By("A", kFirefox)});
  CHECK(AskProcess(stage, Lookup(52002, 102, "198.51.100.52")) == "svchost.exe");
  // Two processes used one answer: whose lookup it was cannot be told.
  stage.Observe({Use(53003, 103.010, "198.51.100.53"), kHost, By("A", kFirefox)});
  stage.Observe({Use(53004, 103.020, "198.51.100.53"), kHost, By("events_post", kCode)});
  CHECK(AskProcess(stage, Lookup(52003, 103, "198.51.100.53")) == "-");
  // The first user was labelled only by a learnt stage (or not at all): it could be anyone.
  stage.Observe({Use(53005, 104.010, "198.51.100.54"), kHost, By("C", kFirefox)});
  stage.Observe({Use(53006, 104.020, "198.51.100.54"), kHost, By("A", kFirefox)});
  CHECK(AskProcess(stage, Lookup(52004, 104, "198.51.100.54")) == "-");
  stage.Observe({Use(53007, 105.010, "198.51.100.55"), kHost, kUnknown});
  CHECK(AskProcess(stage, Lookup(52005, 105, "198.51.100.55")) == "-");
  // Another host's sessions are not this host's consumers.
  stage.Observe({Use(53008, 106.010, "198.51.100.56"), 1, By("A", kFirefox)});
  CHECK(AskProcess(stage, Lookup(52006, 106, "198.51.100.56")) == "-");
}

TEST_CASE("dns_use: a consumer shown after its lookup counts, and a second consumer takes the vote back",
          "[analysis][labeling][dns]") {
  DnsUseMatch stage(DnsUseConfig{true});
  stage.Observe({Use(53000, 100.010, "198.51.100.50"), kHost, By("A", kFirefox)});
  const Session unknown = Lookup(52000, 100, "198.51.100.50");
  for (std::uint16_t k = 0; k < 3; ++k) {
    const char* answer = k == 0 ? "198.51.100.1" : k == 1 ? "198.51.100.2" : "198.51.100.3";
    stage.Observe({Lookup(51001 + k, 1 + k, answer), kHost, By("A", kDnsClient)});  // the lookup first
  }
  CHECK(AskProcess(stage, unknown) == "-");  // no consumer known yet: no vote
  for (std::uint16_t k = 0; k < 3; ++k) {
    const char* answer = k == 0 ? "198.51.100.1" : k == 1 ? "198.51.100.2" : "198.51.100.3";
    stage.Observe({Use(54001 + k, 1.5 + k, answer), kHost, By("A", kFirefox)});  // a long session ends later
  }
  CHECK(AskProcess(stage, unknown) == "svchost.exe");
  // Code.exe used the third answer too: that lookup no longer names a consumer, 2 votes are left.
  stage.Observe({Use(55003, 3.5, "198.51.100.3"), kHost, By("A", kCode)});
  CHECK(AskProcess(stage, unknown) == "-");
}

namespace {

// A post-processor with dns_use on one host; records each session's final label by local port.
struct Post {
  SocketIndex index = SocketIndex::FromRows({Udp(Sec(0), "pc01", Ep("10.0.0.11", 137), 4, "System")});
  std::map<std::uint16_t, std::string> labels;
  std::uint64_t early = 0;
  std::unique_ptr<PostProcessor> post;
  explicit Post(bool streaming) {
    PostProcessConfig config;
    config.streaming = streaming;
    config.dns_use.enabled = true;
    post = std::make_unique<PostProcessor>(index, config, [this](const LabelledSession& l) {
      labels[l.session.key.host.port] = l.decision ? l.decision->process + " " + l.decision->stage : "Unknown";
    });
  }
  void Finished(const Session& s, const std::optional<LabelDecision>& d, double nowS) {
    post->OnPacketTime(Sec(nowS));
    post->OnEngineFinished({s, index.FindHost("pc01"), d});
  }
  void Run() {
    // t 1-3: firefox.exe's lookups by the DNS Client, seen directly (taught).
    for (std::uint16_t k = 0; k < 3; ++k) {
      const char* answer = k == 0 ? "198.51.100.1" : k == 1 ? "198.51.100.2" : "198.51.100.3";
      Finished(Use(54001 + k, 1.01 + k, answer), By("A", kFirefox), 1.5 + k);
      Finished(Lookup(51001 + k, 1 + k, answer), By("events", kDnsClient), 1.6 + k);
    }
    // t 40: an Unknown lookup, its consumer firefox.exe.
    Finished(Use(54010, 40.01, "198.51.100.40"), By("A", kFirefox), 40.5);
    Finished(Lookup(51010, 40, "198.51.100.40"), kUnknown, 41);
    // t 70: firefox.exe once asks the server with its own socket (seen directly): impure from now.
    Finished(Use(54020, 70.01, "198.51.100.70"), By("A", kFirefox), 70.5);
    Finished(Lookup(51020, 70, "198.51.100.70"), By("A", kFirefox), 71);
    post->OnPacketTime(Sec(100));
    early = post->Stats().dns_use_early;
    post->Finish();
  }
};

}  // namespace

TEST_CASE("dns_use in streaming answers from what was known at the pass, batch from the whole capture",
          "[analysis][labeling][dns]") {
  Post streaming(true), batch(false);
  streaming.Run();
  batch.Run();
  // The pass at t=41+30 s knew a pure table (3 x svchost.exe): streaming answered then.
  CHECK(streaming.labels[51010] == "svchost.exe dns_use");
  CHECK(streaming.early == 1);
  // Batch saw firefox.exe's own lookup too: the table is impure, the lookup stays Unknown.
  CHECK(batch.labels[51010] == "Unknown");
  CHECK(batch.early == 0);
  // Every other session is the same in both.
  streaming.labels.erase(51010);
  batch.labels.erase(51010);
  CHECK(streaming.labels == batch.labels);
}
