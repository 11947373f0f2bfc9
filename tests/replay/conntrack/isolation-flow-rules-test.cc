// Paper 002's Steps 1-3 over the conntrack table: the moved host's connections are committed,
// rewritten to the responder and forced +est; replies come back restored; nothing else passes.
#include "replay/conntrack/isolation-flow-rules.h"

#include <catch2/catch.hpp>

using namespace ntlab;
using namespace ntlab::conntrack;

namespace {

Ipv4 Ip(const char* text) { return *ParseIpv4(text); }

IsolationPorts Ports() {
  IsolationPorts ports;
  ports.instance_port = 1;
  ports.responder_port = 2;
  ports.instance_address = Ip("10.231.2.2");
  ports.responder_address = Ip("10.231.3.2");
  ports.zone = 7;
  return ports;
}

CtPacket Tcp(Ipv4 src, std::uint16_t sport, Ipv4 dst, std::uint16_t dport, std::uint8_t flags, TimeUs ts) {
  CtPacket p;
  p.tuple = {src, dst, sport, dport, L4Proto::Tcp};
  p.tcp_flags = flags;
  p.ts = ts;
  return p;
}

}  // namespace

TEST_CASE("002 steps: the bot's connection is committed, rewritten and forced established", "[analysis][conntrack]") {
  ConntrackTable table;
  IsolationFlowRules rules(table, Ports());
  const Ipv4 bot = Ip("192.168.10.5"), cnc = Ip("203.0.113.7");
  FlowVerdict syn = rules.Process(Tcp(bot, 40000, cnc, 80, kSyn, 0), 1);
  REQUIRE(syn.action == FlowAction::Forward);
  CHECK(syn.state == CtState::New);
  CHECK(syn.out_port == 2);
  CHECK(syn.tuple == Tuple{Ip("10.231.2.2"), Ip("10.231.3.2"), 40000, 80, L4Proto::Tcp});
  REQUIRE(table.Size() == 1);
  CHECK(table.Entries()[0].mark == 2);
  CHECK(table.Entries()[0].zone == 7);

  // Step 2 forced +est: the next packet of the bot passes by Step 3 before any reply.
  FlowVerdict ack = rules.Process(Tcp(bot, 40000, cnc, 80, kAck, 1), 1);
  CHECK(ack.state == CtState::Established);
  CHECK(ack.action == FlowAction::Forward);

  FlowVerdict reply = rules.Process(Tcp(Ip("10.231.3.2"), 80, Ip("10.231.2.2"), 40000, kAck, 2), 2);
  REQUIRE(reply.action == FlowAction::Forward);
  CHECK(reply.out_port == 1);
  CHECK(reply.tuple == Tuple{cnc, bot, 80, 40000, L4Proto::Tcp});  // the bot sees its C&C answer
}

TEST_CASE("002 steps: invalid packets, the responder opening and other ports are dropped", "[analysis][conntrack]") {
  ConntrackTable table;
  IsolationFlowRules rules(table, Ports());
  const Ipv4 bot = Ip("192.168.10.5"), cnc = Ip("203.0.113.7");
  CHECK(rules.Process(Tcp(bot, 1, cnc, 80, kSyn | kFin, 0), 1).action == FlowAction::Drop);
  CHECK(rules.Process(Tcp(bot, 40000, cnc, 80, kAck, 0), 1).action == FlowAction::Drop);  // never opened
  CHECK(rules.Process(Tcp(Ip("10.231.3.2"), 80, Ip("10.231.2.2"), 41000, kSyn, 0), 2).action == FlowAction::Drop);
  CHECK(rules.Process(Tcp(Ip("10.1.1.1"), 5, bot, 80, kSyn, 0), 3).action == FlowAction::Drop);
  CHECK(table.Size() == 0);
}

TEST_CASE("002 steps: the wrong variants send the bot's traffic out of the uplink, the paper's never", "[analysis][conntrack]") {
  const Ipv4 bot = Ip("192.168.10.5"), cnc = Ip("203.0.113.7");
  auto outOfUplink = [&](IsolationVariant variant) {
    ConntrackTable table;
    IsolationPorts ports = Ports();
    ports.uplink_port = 3;
    ports.variant = variant;
    IsolationFlowRules rules(table, ports);
    int uplink = 0;
    // A SYN, its ACK, and a SYN|FIN probe that conntrack calls invalid.
    for (auto flags : {std::uint8_t(kSyn), std::uint8_t(kAck), std::uint8_t(kSyn | kFin)}) {
      FlowVerdict v = rules.Process(Tcp(bot, 40000 + flags, cnc, 80, flags, 0), 1);
      if (v.action == FlowAction::Forward && v.out_port == 3) {
        CHECK(v.tuple.src == bot);  // left unrewritten: the leak carries the moved host's address
        ++uplink;
      }
    }
    return uplink;
  };
  CHECK(outOfUplink(IsolationVariant::Paper) == 0);
  CHECK(outOfUplink(IsolationVariant::AcceptNew) >= 1);
  CHECK(outOfUplink(IsolationVariant::NoFinalDrop) >= 1);
  CHECK(IsolationVariantByName("no-final-drop") == IsolationVariant::NoFinalDrop);
  CHECK_FALSE(IsolationVariantByName("open").has_value());
}
