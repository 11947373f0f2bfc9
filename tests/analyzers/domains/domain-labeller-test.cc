// Hand-made packet sequences where the right domain is known: one name per address, a CDN address
// shared by several names (paper 000's rule and the address-only baseline), CNAME chains, TTL
// expiry, answers given before the capture, direct addresses, inbound and resolver flows.
#include "analyzers/domains/domain-labeller.h"

#include "tests/analyzers/domains/domain-fixtures.h"

#include <catch2/catch.hpp>

using namespace ntlab;
using namespace ntlab::fixtures;

namespace {

constexpr const char* kPc = "10.0.0.11";
constexpr const char* kPc2 = "10.0.0.12";
constexpr const char* kCdn = "203.0.113.7";

struct Run {
  FlowCollector flows;
  DomainFlowMonitor monitor{flows};
  PacketFeed feed{monitor};
  bool finished = false;
  /// The flow from `hostPort`, once the capture has ended (the first call ends it).
  const DomainFlowRow& Flow(std::uint16_t hostPort) {
    if (!finished) monitor.OnGroupFinished();
    finished = true;
    return flows.ByHostPort(hostPort);
  }
};

}  // namespace

TEST_CASE("domain labeller: a flow within the TTL of its client's answer takes the name",
          "[analysis][domains][labeller]") {
  Run r;
  r.feed.AnswerA(1.0, kPc, 40001, "www.example.com", {"198.51.100.10"}, 300);
  r.feed.Connect(1.1, kPc, 50001, "198.51.100.10", "www.example.com");
  const DomainFlowRow& f = r.Flow(50001);
  CHECK(f.domain == "www.example.com");
  CHECK(f.decision == "dns");
  CHECK(f.answer_ts == Sec(1.0));
  CHECK(f.ttl == 300);
  CHECK(f.alternatives.empty());
  CHECK(f.sni_agreement == "agree");
  CHECK(f.address_only_domain == "www.example.com");
}

TEST_CASE("domain labeller: on a shared CDN address the first flow after an answer takes that answer's name",
          "[analysis][domains][labeller]") {
  Run r;
  r.feed.AnswerA(1.0, kPc, 40001, "a.example", {kCdn}, 60);
  r.feed.Connect(1.1, kPc, 50001, kCdn, "a.example");
  r.feed.AnswerA(2.0, kPc, 40002, "b.example", {kCdn}, 60);
  r.feed.Connect(2.1, kPc, 50002, kCdn, "b.example");
  // A further connection to a.example from the cached answer: every answer is taken, so the
  // rule falls back to the newest, b.example — the rule's known failure, scored by the SNI.
  r.feed.Connect(3.0, kPc, 50003, kCdn, "a.example");
  const DomainFlowRow& first = r.Flow(50001);
  CHECK(first.domain == "a.example");
  CHECK(first.decision == "dns");
  const DomainFlowRow& second = r.Flow(50002);
  CHECK(second.domain == "b.example");
  CHECK(second.decision == "shared_first_flow");
  CHECK(second.alternatives == "a.example");
  CHECK(second.sni_agreement == "agree");
  const DomainFlowRow& third = r.Flow(50003);
  CHECK(third.domain == "b.example");
  CHECK(third.decision == "shared_latest");
  CHECK(third.sni_agreement == "disagree");
}

TEST_CASE("domain labeller: two answers before two flows go newest first, alternatives listed",
          "[analysis][domains][labeller]") {
  Run r;
  r.feed.AnswerA(1.0, kPc, 40001, "a.example", {kCdn}, 60);
  r.feed.AnswerA(1.2, kPc, 40002, "b.example", {kCdn}, 60);
  r.feed.AnswerA(1.3, kPc, 40003, "c.example", {kCdn}, 60);
  r.feed.Connect(1.4, kPc, 50001, kCdn);
  r.feed.Connect(1.5, kPc, 50002, kCdn);
  CHECK(r.Flow(50001).domain == "c.example");
  CHECK(r.Flow(50001).alternatives == "a.example;b.example");
  CHECK(r.Flow(50002).domain == "b.example");
  CHECK(r.Flow(50002).decision == "shared_first_flow");
  CHECK(r.Flow(50002).sni_agreement == "no_sni");
}

TEST_CASE("domain labeller: the rule keys on the client, the address-only baseline does not",
          "[analysis][domains][labeller]") {
  Run r;
  r.feed.AnswerA(1.0, kPc, 40001, "a.example", {kCdn}, 60);
  r.feed.AnswerA(1.5, kPc2, 40001, "b.example", {kCdn}, 60);  // another client, same address
  r.feed.Connect(2.0, kPc, 50001, kCdn, "a.example");
  const DomainFlowRow& f = r.Flow(50001);
  CHECK(f.domain == "a.example");
  CHECK(f.decision == "dns");
  CHECK(f.address_only_domain == "b.example");  // the newest answer for the address, any client
}

TEST_CASE("domain labeller: the domain is the question, the CNAME chain is recorded",
          "[analysis][domains][labeller]") {
  Run r;
  r.feed.Answer(1.0, kPc, 40001, "www.shop.example",
                {{"www.shop.example", payload::kDnsTypeCname, "shop.cdn.net", 3600},
                 {"shop.cdn.net", payload::kDnsTypeCname, "e1.cdn.net", 600},
                 {"e1.cdn.net", payload::kDnsTypeA, "203.0.113.9", 20}});
  r.feed.Connect(1.1, kPc, 50001, "203.0.113.9", "e1.cdn.net");
  r.feed.Connect(30.0, kPc, 50002, "203.0.113.9", "www.shop.example");  // past the A record's 20 s
  const DomainFlowRow& f = r.Flow(50001);
  CHECK(f.domain == "www.shop.example");
  CHECK(f.cname_chain == "www.shop.example>shop.cdn.net>e1.cdn.net");
  CHECK(f.ttl == 20);
  CHECK(f.sni_agreement == "agree");  // the SNI names a link of the chain
  const DomainFlowRow& late = r.Flow(50002);
  CHECK(late.domain.empty());
  CHECK(late.decision == "expired");
  CHECK(late.alternatives == "www.shop.example");
  CHECK(late.sni_agreement == "no_domain");
}

TEST_CASE("domain labeller: no answer (before the capture, or a direct address) and expiry are told apart",
          "[analysis][domains][labeller]") {
  Run r;
  r.feed.Connect(0.5, kPc, 50001, "192.0.2.200", "cached.example");  // its answer came before the capture
  r.feed.AnswerA(1.0, kPc, 40001, "short.example", {"192.0.2.5"}, 5);
  r.feed.Connect(5.9, kPc, 50002, "192.0.2.5");
  r.feed.Connect(6.1, kPc, 50003, "192.0.2.5");
  r.feed.AnswerA(7.0, kPc2, 40001, "other.example", {"192.0.2.6"}, 300);
  r.feed.Connect(7.5, kPc, 50004, "192.0.2.6");  // another client's answer is not this one's
  CHECK(r.Flow(50001).decision == "no_answer");
  CHECK(r.Flow(50001).sni_agreement == "no_domain");
  CHECK(r.Flow(50002).domain == "short.example");
  CHECK(r.Flow(50003).decision == "expired");
  CHECK(r.Flow(50004).decision == "no_answer");
  CHECK(r.Flow(50004).address_only_domain == "other.example");
}

TEST_CASE("domain labeller: a TTL-0 answer still labels the flow it was asked for", "[analysis][domains][labeller]") {
  Run r;
  r.feed.AnswerA(1.0, kPc, 40001, "zero.example", {"192.0.2.7"}, 0);
  r.feed.Connect(1.05, kPc, 50001, "192.0.2.7");
  r.feed.Connect(3.0, kPc, 50002, "192.0.2.7");
  CHECK(r.Flow(50001).domain == "zero.example");
  CHECK(r.Flow(50002).decision == "expired");
}

TEST_CASE("domain labeller: resolver and inbound flows get no domain", "[analysis][domains][labeller]") {
  Run r;
  r.feed.AnswerA(1.0, kPc, 40001, "www.example.com", {"198.51.100.10"}, 300);
  // The remote side opens this one; the capture's file name says which side is the host.
  Endpoint pc = Ep(kPc, 3389), remote = Ep("198.51.100.10", 50123);
  DecodedPacket syn = Packet(Sec(2), Proto::Tcp, remote, pc, TcpFlag::kSyn, 60, 1);
  DecodedPacket synAck = Packet(Sec(2.01), Proto::Tcp, pc, remote, TcpFlag::kSyn | TcpFlag::kAck, 60, 9);
  syn.host_hint = synAck.host_hint = Ip(kPc);
  r.monitor.OnPacket(syn);
  r.monitor.OnPacket(synAck);
  CHECK(r.Flow(40001).decision == "resolver");
  CHECK(r.Flow(3389).decision == "inbound");
  CHECK(r.Flow(3389).domain.empty());
}

TEST_CASE("domain labeller: answers are forgotten once past their TTL and the expired memory",
          "[analysis][domains][labeller]") {
  DomainLabeller labeller(DomainLabellerConfig{10 * kUsPerSecond, kUsPerSecond, kUsPerSecond});
  DnsAnswerEvent e;
  e.client = Ep(kPc, 40001);
  e.question = "a.example";
  e.addresses.push_back({IpAddress::FromIpv4(Ip("192.0.2.1")), {"a.example"}, 5});
  e.ts = Sec(1);
  labeller.OnAnswer(e);
  e.question = "b.example";
  e.addresses[0].chain = {"b.example"};
  e.ts = Sec(2);
  labeller.OnAnswer(e);
  labeller.OnAnswer(e);  // the same name again replaces, not adds
  CHECK(labeller.AnswersHeld() == 2);
  e.addresses[0].address = IpAddress::FromIpv4(Ip("192.0.2.2"));
  e.ts = Sec(17);  // a.example expired at 6 s, forgotten after 16 s; b.example kept until 17 s
  labeller.OnAnswer(e);
  CHECK(labeller.AnswersHeld() == 2);
  e.ts = Sec(30);
  labeller.OnAnswer(e);
  CHECK(labeller.AnswersHeld() == 1);
}
