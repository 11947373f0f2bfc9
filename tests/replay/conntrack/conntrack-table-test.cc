// The conntrack state machine: what paper 002's replay rules read (new / established / related /
// invalid), commit, NAT in both directions, zones, marks and per-state timeouts.
#include "replay/conntrack/conntrack-table.h"

#include <catch2/catch.hpp>

using namespace ntlab;
using namespace ntlab::conntrack;

namespace {

Ipv4 Ip(const char* text) { return *ParseIpv4(text); }

CtPacket Tcp(const char* src, std::uint16_t sport, const char* dst, std::uint16_t dport, std::uint8_t flags,
             TimeUs ts = 0, std::uint16_t zone = 0) {
  CtPacket p;
  p.tuple = {Ip(src), Ip(dst), sport, dport, L4Proto::Tcp};
  p.tcp_flags = flags;
  p.ts = ts;
  p.zone = zone;
  return p;
}

CtPacket Udp(const char* src, std::uint16_t sport, const char* dst, std::uint16_t dport, TimeUs ts = 0) {
  CtPacket p;
  p.tuple = {Ip(src), Ip(dst), sport, dport, L4Proto::Udp};
  p.ts = ts;
  return p;
}

constexpr TimeUs kSecond = kUsPerSecond;

}  // namespace

TEST_CASE("conntrack: a committed TCP handshake goes new, then established both ways", "[analysis][conntrack]") {
  ConntrackTable table;
  CtPacket syn = Tcp("10.0.0.5", 40000, "203.0.113.7", 80, kSyn);
  CHECK(table.Track(syn).state == CtState::New);
  CHECK(table.Size() == 0);  // looking up does not remember: only a commit does
  table.Commit(syn);
  CHECK(table.Size() == 1);
  CHECK(table.Track(Tcp("10.0.0.5", 40000, "203.0.113.7", 80, kSyn, 1)).state == CtState::New);  // no reply yet
  CtLookup synack = table.Track(Tcp("203.0.113.7", 80, "10.0.0.5", 40000, kSyn | kAck, 2));
  CHECK(synack.state == CtState::Established);
  CHECK(synack.direction == CtDirection::Reply);
  CtLookup ack = table.Track(Tcp("10.0.0.5", 40000, "203.0.113.7", 80, kAck, 3));
  CHECK(ack.state == CtState::Established);
  CHECK(ack.direction == CtDirection::Original);
  CHECK(table.Find(*ack.entry)->tcp == TcpPhase::Established);
}

TEST_CASE("conntrack: a reply with no commit is not established", "[analysis][conntrack]") {
  ConntrackTable table;
  table.Track(Tcp("10.0.0.5", 40000, "203.0.113.7", 80, kSyn));  // seen, never committed
  CHECK(table.Track(Tcp("203.0.113.7", 80, "10.0.0.5", 40000, kSyn | kAck)).state == CtState::Invalid);
  CHECK(table.Track(Tcp("203.0.113.7", 80, "10.0.0.5", 40000, kAck)).state == CtState::Invalid);
  CHECK(table.Track(Udp("203.0.113.7", 53, "10.0.0.5", 5353)).state == CtState::New);  // UDP: just new
}

TEST_CASE("conntrack: flag combinations no stack sends are invalid", "[analysis][conntrack]") {
  ConntrackTable table;
  CHECK(table.Track(Tcp("10.0.0.5", 1, "203.0.113.7", 80, kSyn | kFin)).state == CtState::Invalid);
  CtPacket syn = Tcp("10.0.0.5", 40000, "203.0.113.7", 80, kSyn);
  table.Commit(syn);
  CHECK(table.Track(Tcp("10.0.0.5", 40000, "203.0.113.7", 80, kSyn | kRst)).state == CtState::Invalid);
  CHECK(table.Track(Tcp("10.0.0.5", 40000, "203.0.113.7", 80, kSyn | kAck)).state == CtState::Invalid);
}

TEST_CASE("conntrack: NAT rewrites on commit and is undone on replies", "[analysis][conntrack][nat]") {
  ConntrackTable table;
  CtPacket syn = Tcp("192.168.10.5", 40000, "203.0.113.7", 80, kSyn);
  NatBinding nat;
  nat.to_src = Ip("10.231.2.2");
  nat.to_dst = Ip("10.231.3.2");
  std::uint64_t id = table.Commit(syn, nat, 2);
  CHECK(table.Find(id)->mark == 2);
  CtLookup out = table.Track(syn);
  Tuple rewritten = table.Translate(syn.tuple, out);
  CHECK(rewritten == Tuple{Ip("10.231.2.2"), Ip("10.231.3.2"), 40000, 80, L4Proto::Tcp});
  CtPacket reply = Tcp("10.231.3.2", 80, "10.231.2.2", 40000, kSyn | kAck, 1);
  CtLookup back = table.Track(reply);
  REQUIRE(back.state == CtState::Established);
  CHECK(table.Translate(reply.tuple, back) == syn.tuple.Reversed());
  // The original destination answering directly is not part of the connection any more.
  CHECK(table.Track(Tcp("203.0.113.7", 80, "192.168.10.5", 40000, kSyn | kAck, 2)).state == CtState::Invalid);
}

TEST_CASE("conntrack: an ICMP error about a committed connection is related", "[analysis][conntrack]") {
  ConntrackTable table;
  CtPacket query = Udp("10.0.0.5", 5353, "198.51.100.53", 53);
  table.Commit(query);
  CtPacket error;
  error.tuple = {Ip("198.51.100.53"), Ip("10.0.0.5"), 0, 0, L4Proto::Icmp};
  error.icmp_error_about = query.tuple;  // the query quoted as the server got it
  CtLookup related = table.Track(error);
  CHECK(related.state == CtState::Related);
  CHECK(related.direction == CtDirection::Reply);
  error.icmp_error_about = Tuple{Ip("10.0.0.5"), Ip("198.51.100.99"), 5353, 53, L4Proto::Udp};
  CHECK(table.Track(error).state == CtState::Invalid);
}

TEST_CASE("conntrack: zones keep equal tuples apart", "[analysis][conntrack]") {
  ConntrackTable table;
  table.Commit(Tcp("10.0.0.5", 40000, "203.0.113.7", 80, kSyn, 0, /*zone*/ 1));
  CHECK(table.Track(Tcp("203.0.113.7", 80, "10.0.0.5", 40000, kSyn | kAck, 1, 1)).state == CtState::Established);
  CHECK(table.Track(Tcp("203.0.113.7", 80, "10.0.0.5", 40000, kSyn | kAck, 1, 2)).state == CtState::Invalid);
  table.Commit(Tcp("10.0.0.5", 40000, "203.0.113.7", 80, kSyn, 1, 2));
  CHECK(table.Size() == 2);
}

TEST_CASE("conntrack: timeouts expire by state", "[analysis][conntrack][timeouts]") {
  Timeouts timeouts;
  ConntrackTable table(timeouts);
  table.Commit(Udp("10.0.0.5", 5353, "198.51.100.53", 53, 0));
  table.Expire(timeouts.udp_unreplied - 1);
  CHECK(table.Size() == 1);
  table.Expire(timeouts.udp_unreplied);
  CHECK(table.Size() == 0);  // unreplied UDP: 30 s

  table.Commit(Udp("10.0.0.5", 5353, "198.51.100.53", 53, 0));
  table.Track(Udp("198.51.100.53", 53, "10.0.0.5", 5353, 10 * kSecond));  // replied: 120 s from here
  table.Expire(10 * kSecond + timeouts.udp_replied - 1);
  CHECK(table.Size() == 1);
  CHECK(table.Track(Udp("198.51.100.53", 53, "10.0.0.5", 5353, 10 * kSecond + timeouts.udp_replied)).state ==
        CtState::New);  // forgotten: a late reply starts nothing established

  std::uint64_t id = table.Commit(Tcp("10.0.0.5", 40000, "203.0.113.7", 80, kSyn, 0));
  table.ForceEstablished(id);
  CHECK(table.Find(id)->expires == timeouts.tcp_established);
  table.Track(Tcp("10.0.0.5", 40000, "203.0.113.7", 80, kRst, kSecond));
  CHECK(table.Find(id)->expires == kSecond + timeouts.tcp_close);
}
