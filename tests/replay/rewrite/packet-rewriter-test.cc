#include "replay/rewrite/packet-rewriter.h"

#include <catch2/catch.hpp>
#include <pcap/dlt.h>
#include <tins/tins.h>

#include <cstring>

using namespace ntlab;
using namespace Tins;

namespace {

using Bytes = std::vector<std::uint8_t>;

// libtins computes every checksum when it serializes: the expected frames are built with it.
Bytes TcpFrame(const char* src, const char* dst, std::uint16_t sport, std::uint16_t dport) {
  EthernetII frame = EthernetII("02:00:00:00:00:02", "02:00:00:00:00:01") / IP(dst, src) / TCP(dport, sport) /
                     RawPDU("GET / HTTP/1.1\r\n\r\n");
  return frame.serialize();
}

Bytes UdpFrame(const char* src, const char* dst, std::uint16_t sport, std::uint16_t dport, std::size_t payload) {
  EthernetII frame = EthernetII("02:00:00:00:00:02", "02:00:00:00:00:01") / IP(dst, src) / UDP(dport, sport) /
                     RawPDU(std::string(payload, 'x'));
  return frame.serialize();
}

RewriteMaps Maps(const char* pnat, const char* portmap = nullptr) {
  RewriteRules rules;
  if (pnat) rules.addresses = ParseAddressRules(pnat, "--pnat");
  if (portmap) rules.ports = ParsePortRules(portmap, "--portmap");
  return RewriteMaps::FromRules(rules);
}

Bytes Rewritten(const RewriteMaps& maps, Bytes frame, bool fix = false) {
  PacketRewriter rewriter(maps, DLT_EN10MB, fix);
  rewriter.Rewrite(frame.data(), frame.size(), frame.size());
  return frame;
}

// Splits an Ethernet/IPv4 frame into two fragments at `split` bytes of IP payload (a multiple of 8).
std::pair<Bytes, Bytes> Fragment(const Bytes& frame, std::size_t split) {
  const std::size_t ip = 14, header = 20;
  Bytes first(frame.begin(), frame.begin() + ip + header + split);
  Bytes second(frame.begin(), frame.begin() + ip + header);
  second.insert(second.end(), frame.begin() + ip + header + split, frame.end());
  auto finish = [&](Bytes& f, std::uint16_t flagsOffset) {
    const std::uint16_t total = static_cast<std::uint16_t>(f.size() - ip);
    f[ip + 2] = total >> 8;
    f[ip + 3] = total & 0xff;
    f[ip + 6] = flagsOffset >> 8;
    f[ip + 7] = flagsOffset & 0xff;
    IP parsed(f.data() + ip, static_cast<std::uint32_t>(f.size() - ip));  // header checksum via libtins
    Bytes header = parsed.serialize();
    std::memcpy(f.data() + ip + 10, header.data() + 10, 2);
  };
  finish(first, 0x2000);
  finish(second, static_cast<std::uint16_t>(split / 8));
  return {first, second};
}

}  // namespace

TEST_CASE("TCP: addresses and ports mapped, checksums as libtins computes them", "[analysis][replay][rewrite]") {
  RewriteMaps maps = Maps("10.0.0.0/24:192.168.5.0/24", "80:8080");
  Bytes expected = TcpFrame("192.168.5.11", "192.168.5.200", 50000, 8080);
  CHECK(Rewritten(maps, TcpFrame("10.0.0.11", "10.0.0.200", 50000, 80)) == expected);
  CHECK(Rewritten(maps, TcpFrame("10.0.0.11", "10.0.0.200", 50000, 80), true) == expected);
  // Outside the map: unchanged, and --fixcsum on a right checksum changes nothing either.
  Bytes outside = TcpFrame("10.0.1.11", "10.0.1.200", 50000, 81);
  CHECK(Rewritten(maps, outside, true) == outside);
}

// How far checksum `a` is from `b` in ones' complement arithmetic (0 to 0xfffe).
unsigned OnesComplementOffset(const Bytes& a, const Bytes& b, std::size_t at) {
  const unsigned x = a[at] << 8 | a[at + 1], y = b[at] << 8 | b[at + 1];
  return (x + 0xffff - y) % 0xffff;
}

TEST_CASE("A wrong checksum stays exactly as wrong unless --fixcsum", "[analysis][replay][rewrite]") {
  RewriteMaps maps = Maps("10.0.0.0/24:192.168.5.0/24");
  const Bytes original = TcpFrame("10.0.0.11", "10.0.0.200", 50000, 80);
  const std::size_t tcpChecksum = 14 + 20 + 16;
  Bytes broken = original;
  broken[tcpChecksum] ^= 0x10;
  const Bytes right = TcpFrame("192.168.5.11", "192.168.5.200", 50000, 80);
  const Bytes kept = Rewritten(maps, broken);
  CHECK(OnesComplementOffset(kept, right, tcpChecksum) == OnesComplementOffset(broken, original, tcpChecksum));
  CHECK(OnesComplementOffset(kept, right, tcpChecksum) != 0);
  CHECK(Bytes(kept.begin(), kept.begin() + tcpChecksum) == Bytes(right.begin(), right.begin() + tcpChecksum));
  CHECK(Rewritten(maps, broken, true) == right);
}

TEST_CASE("UDP: a datagram without checksum keeps none", "[analysis][replay][rewrite]") {
  RewriteMaps maps = Maps("10.0.0.0/24:192.168.5.0/24", "53:5353");
  Bytes frame = UdpFrame("10.0.0.11", "10.0.0.1", 40000, 53, 30);
  const std::size_t udpChecksum = 14 + 20 + 6;
  CHECK(Rewritten(maps, frame) == UdpFrame("192.168.5.11", "192.168.5.1", 40000, 5353, 30));
  frame[udpChecksum] = frame[udpChecksum + 1] = 0;
  Bytes out = Rewritten(maps, frame, true);
  CHECK(out[udpChecksum] == 0);
  CHECK(out[udpChecksum + 1] == 0);
}

TEST_CASE("Fragments: every fragment's addresses, the datagram's checksum right", "[analysis][replay][rewrite]") {
  RewriteMaps maps = Maps("10.0.0.0/24:192.168.5.0/24", "53:5353");
  auto [first, second] = Fragment(UdpFrame("10.0.0.11", "10.0.0.1", 40000, 53, 1200), 800);
  auto [wantFirst, wantSecond] = Fragment(UdpFrame("192.168.5.11", "192.168.5.1", 40000, 5353, 1200), 800);
  for (bool fix : {false, true}) {
    PacketRewriter rewriter(maps, DLT_EN10MB, fix);
    Bytes a = first, b = second;
    rewriter.Rewrite(a.data(), a.size(), a.size());
    rewriter.Rewrite(b.data(), b.size(), b.size());
    CHECK(a == wantFirst);
    CHECK(b == wantSecond);
    CHECK(rewriter.Counts().changed == 2);
    CHECK(rewriter.Counts().mapped == 2);
    CHECK(rewriter.Counts().Passed() == 0);
  }
}

TEST_CASE("Frames the rewriter does not understand pass unchanged, counted by reason", "[analysis][replay][rewrite]") {
  RewriteMaps maps = Maps("10.0.0.0/24:192.168.5.0/24", "80:8080");
  PacketRewriter rewriter(maps, DLT_EN10MB, true);
  EthernetII v6 = EthernetII() / IPv6("::2", "::1") / UDP(80, 80);
  Bytes ipv6 = v6.serialize();
  Bytes ipv6Before = ipv6;
  rewriter.Rewrite(ipv6.data(), ipv6.size(), ipv6.size());
  CHECK(ipv6 == ipv6Before);
  Bytes shortIp = TcpFrame("10.0.0.11", "10.0.0.200", 50000, 80);
  shortIp.resize(14 + 12);  // snap length inside the IPv4 header
  rewriter.Rewrite(shortIp.data(), shortIp.size(), 74);
  Bytes tiny = TcpFrame("10.0.0.11", "10.0.0.200", 50000, 80);
  tiny.resize(14 + 20 + 8);  // the TCP checksum not captured
  Bytes tinyBefore = tiny;
  rewriter.Rewrite(tiny.data(), tiny.size(), 74);
  CHECK(tiny == tinyBefore);
  Bytes link(6, 0);
  rewriter.Rewrite(link.data(), link.size(), link.size());
  const RewriteCounts& counts = rewriter.Counts();
  CHECK(counts.packets == 4);
  CHECK(counts.changed == 0);
  CHECK(counts.mapped == 0);
  CHECK(counts.DescribePassed() == "link_header 1, not_ipv4 1, ipv4_header 1, transport_not_captured 1");
  CHECK(counts.ToJson()["passed_through"]["by_reason"]["not_ipv4"] == 1);
}

TEST_CASE("ARP addresses follow the both-ways map, MACs their own", "[analysis][replay][rewrite]") {
  RewriteRules rules;
  rules.addresses = ParseAddressRules("10.0.0.0/24:192.168.5.0/24", "--pnat");
  rules.destination_macs.push_back(ParseMacRule("02:00:00:00:00:99", "--enet-dmac"));
  RewriteMaps maps = RewriteMaps::FromRules(rules);
  EthernetII request = ARP::make_arp_request("10.0.0.1", "10.0.0.11", "02:00:00:00:00:0b");
  EthernetII expected = ARP::make_arp_request("192.168.5.1", "192.168.5.11", "02:00:00:00:00:0b");
  expected.dst_addr("02:00:00:00:00:99");
  CHECK(Rewritten(maps, request.serialize()) == expected.serialize());
}
