// Paper 000's device <-> network merge on hand-made views: the fingerprint ignores what a NAT
// rewrites and nothing else, each outside flow finds its host's own flow, and packets that two
// device flows share (the collisions) never decide a merge.
#include "analyzers/domains/view-merge.h"

#include "tests/analyzers/analyzer-fixtures.h"

#include <catch2/catch.hpp>

#include <vector>

using namespace ntlab;
using namespace ntlab::fixtures;
using namespace ntlab::TcpFlag;

namespace {

class PacketList : public PacketSource {
 public:
  void Run(PacketSink& sink) override {
    for (const auto& p : packets) sink.OnPacket(p);
    sink.OnGroupFinished();
  }
  std::vector<DecodedPacket> packets;
};

const Endpoint kServer = Ep("198.51.100.10", 443);
const Endpoint kPc1 = Ep("10.0.0.11", 50001);
const Endpoint kPc2 = Ep("10.0.0.12", 50001);
const Endpoint kPublic1 = Ep("203.0.113.1", 20000);
const Endpoint kPublic2 = Ep("203.0.113.1", 20001);

DecodedPacket Segment(double t, Endpoint src, Endpoint dst, std::uint16_t ipId, std::uint32_t seq, std::uint32_t ack,
                      const std::vector<std::uint8_t>* payload = nullptr, std::uint8_t flags = kAck) {
  DecodedPacket p = Packet(Sec(t), Proto::Tcp, src, dst, flags, 60, seq, payload);
  p.ip_id = ipId;
  p.tcp_ack = ack;
  return p;
}

/// The same packet outside the NAT: the inside endpoint replaced, everything hashed kept.
DecodedPacket Translated(DecodedPacket p, Endpoint inside, Endpoint outside) {
  if (p.src == inside) p.src = outside;
  if (p.dst == inside) p.dst = outside;
  return p;
}

}  // namespace

TEST_CASE("view merge: the fingerprint ignores addresses and ports, not what survives NAT", "[analysis][domains]") {
  const std::vector<std::uint8_t> hello{1, 2, 3, 4};
  const std::vector<std::uint8_t> other{1, 2, 3, 5};
  const DecodedPacket inside = Segment(1, kPc1, kServer, 7, 100, 200, &hello);
  CHECK(PacketFingerprint(inside) == PacketFingerprint(Translated(inside, kPc1, kPublic1)));
  DecodedPacket changed = inside;
  changed.ip_id = 8;
  CHECK(PacketFingerprint(changed) != PacketFingerprint(inside));
  changed = inside;
  changed.tcp_ack = 201;
  CHECK(PacketFingerprint(changed) != PacketFingerprint(inside));
  changed = inside;
  changed.tcp_seq = 101;
  CHECK(PacketFingerprint(changed) != PacketFingerprint(inside));
  CHECK(PacketFingerprint(Segment(1, kPc1, kServer, 7, 100, 200, &other)) != PacketFingerprint(inside));
}

TEST_CASE("view merge: outside flows find their host's flow, collisions decide nothing", "[analysis][domains]") {
  const std::vector<std::uint8_t> a{0xa1}, b{0xb1}, c{0xc1};
  PacketList device, network;
  // Both hosts open a connection from the same local port: only the packets tell them apart.
  // The SYNs are identical (IP ID 0, sequence 0 as ns-3 starts): a collision.
  const DecodedPacket syn1 = Segment(1.0, kPc1, kServer, 0, 0, 0, nullptr, kSyn);
  const DecodedPacket syn2 = Segment(1.1, kPc2, kServer, 0, 0, 0, nullptr, kSyn);
  const DecodedPacket data1 = Segment(1.2, kPc1, kServer, 1, 1, 1, &a);
  const DecodedPacket data2 = Segment(1.3, kPc2, kServer, 1, 1, 1, &b);
  const DecodedPacket reply2 = Segment(1.4, kServer, kPc2, 5, 1, 2, &c);
  device.packets = {syn1, syn2, data1, data2, reply2};
  network.packets = {Translated(syn1, kPc1, kPublic1), Translated(syn2, kPc2, kPublic2),
                     Translated(data1, kPc1, kPublic1), Translated(data2, kPc2, kPublic2),
                     Translated(reply2, kPc2, kPublic2),
                     // A host with no device view (no plug-in): nothing to merge with.
                     Segment(2.0, Ep("203.0.113.1", 20002), kServer, 9, 50, 60, &c)};
  const ViewMergeResult result = MergeViews(device, network);
  CHECK(result.device_flows == 2);
  CHECK(result.fingerprint_collisions == 1);
  REQUIRE(result.flows.size() == 3);
  const MergedViewFlow& first = result.flows[0];
  CHECK(first.network.host == kPublic1);
  CHECK(first.merged);
  CHECK(first.device.host == kPc1);
  CHECK(first.votes == 1);
  CHECK(first.colliding == 1);
  const MergedViewFlow& second = result.flows[1];
  CHECK(second.network.host == kPublic2);
  CHECK(second.merged);
  CHECK(second.device.host == kPc2);
  CHECK(second.device.remote == kServer);
  CHECK(second.votes == 2);  // its data and the server's reply, oriented by the device view
  CHECK(second.packets == 3);
  CHECK_FALSE(result.flows[2].merged);
  CHECK(result.flows[2].matched == 0);
}

TEST_CASE("view merge: a tie between two device flows is left unmerged", "[analysis][domains]") {
  const std::vector<std::uint8_t> a{0xa1}, b{0xb1};
  PacketList device, network;
  const DecodedPacket one = Segment(1.0, kPc1, kServer, 3, 10, 10, &a);
  const DecodedPacket two = Segment(1.0, kPc2, kServer, 4, 10, 10, &b);
  device.packets = {one, two};
  // A middlebox that coalesced both hosts onto one outside flow: one vote each.
  network.packets = {Translated(one, kPc1, kPublic1), Translated(two, kPc2, kPublic1)};
  const ViewMergeResult result = MergeViews(device, network);
  REQUIRE(result.flows.size() == 1);
  CHECK(result.flows[0].matched == 2);
  CHECK_FALSE(result.flows[0].merged);
}
