#include "analyzers/capture/pcap-packet-source.h"

#include "tests/analyzers/analyzer-fixtures.h"

#include <catch2/catch.hpp>
#include <tins/sll.h>

#include <filesystem>
#include <fstream>

using namespace ntlab;
using namespace ntlab::fixtures;
namespace fs = std::filesystem;

namespace {

struct Collector : PacketSink {
  std::vector<DecodedPacket> packets;
  std::vector<std::size_t> groupEnds;
  void OnPacket(const DecodedPacket& p) override {
    packets.push_back(p);
    packets.back().payload = nullptr;  // the buffer is only valid during the call
  }
  void OnGroupFinished() override { groupEnds.push_back(packets.size()); }
};

std::string FreshDir(const std::string& name) {
  auto dir = TempPath(name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void ExpectInputError(const std::vector<std::string>& inputs, const std::string& fileName,
                      const std::string& reason, CaptureOptions options = {}) {
  Collector sink;
  try {
    PcapPacketSource source(CapturePlan::FromInputs(inputs), options);
    source.Run(sink);
    FAIL("no InputError");
  } catch (const InputError& e) {
    std::string what = e.what();
    CHECK_THAT(what, Catch::Contains(fileName));
    CHECK_THAT(what, Catch::Contains(reason));
  }
}

void Be32(std::vector<std::uint8_t>& v, std::uint32_t x) {  // pcapng written little-endian
  for (int i = 0; i < 4; ++i) v.push_back(std::uint8_t(x >> (8 * i)));
}

// Minimal pcapng: section header, one Ethernet interface, one enhanced packet block.
void WritePcapng(const std::string& path, TimeUs ts, const std::vector<std::uint8_t>& frame) {
  std::vector<std::uint8_t> f;
  Be32(f, 0x0A0D0D0A); Be32(f, 28); Be32(f, 0x1A2B3C4D);
  f.insert(f.end(), {1, 0, 0, 0});                              // version 1.0
  Be32(f, 0xffffffff); Be32(f, 0xffffffff); Be32(f, 28);        // section length unknown
  Be32(f, 1); Be32(f, 20); f.insert(f.end(), {1, 0, 0, 0}); Be32(f, 0); Be32(f, 20);  // IDB
  std::size_t padded = (frame.size() + 3) / 4 * 4;
  std::uint32_t blockLength = std::uint32_t(32 + padded);
  Be32(f, 6); Be32(f, blockLength); Be32(f, 0);
  Be32(f, std::uint32_t(std::uint64_t(ts) >> 32)); Be32(f, std::uint32_t(ts));
  Be32(f, std::uint32_t(frame.size())); Be32(f, std::uint32_t(frame.size()));
  f.insert(f.end(), frame.begin(), frame.end());
  f.resize(f.size() + padded - frame.size(), 0);
  Be32(f, blockLength);
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(f.data()), std::streamsize(f.size()));
}

}  // namespace

TEST_CASE("a capture folder is grouped by host and ordered by time", "[analysis][capture]") {
  auto dir = FreshDir("rotated");
  auto a = Ep("10.0.0.11", 50000), b = Ep("10.0.0.12", 50001), server = Ep("198.51.100.1", 80);
  // Written out of name order on purpose.
  PcapBuilder(dir + "/10.0.0.11_20250310T090100Z.pcap").Tcp(Sec(1741597260), server, a, TcpFlag::kAck);
  PcapBuilder(dir + "/10.0.0.11_20250310T090000Z.pcap").Tcp(Sec(1741597200.25), a, server, TcpFlag::kSyn);
  PcapBuilder(dir + "/10.0.0.12_20250310T090000Z.pcap").Udp(Sec(1741597201), b, server, 10);
  PcapBuilder(dir + "/other.pcap").Udp(Sec(1741597300), b, server, 3);
  std::ofstream(dir + "/notes.txt") << "ignored";

  auto plan = CapturePlan::FromInputs({dir});
  REQUIRE(plan.Groups().size() == 3);
  CHECK(plan.Groups()[0].host_hint == a.ip);
  CHECK(plan.Groups()[2].host_hint == 0);

  Collector sink;
  PcapPacketSource source(plan);
  source.Run(sink);
  REQUIRE(sink.packets.size() == 4);
  CHECK(sink.groupEnds == std::vector<std::size_t>{2, 3, 4});
  const auto& first = sink.packets[0];
  CHECK(first.ts == Sec(1741597200.25));
  CHECK(first.src == a);
  CHECK(first.dst == server);
  CHECK(first.proto == Proto::Tcp);
  CHECK(first.HasFlag(TcpFlag::kSyn));
  CHECK(first.ip_length == 40);
  CHECK(first.wire_length == 60);  // libtins pads the frame to the Ethernet minimum; the padding is not payload
  CHECK(first.host_hint == a.ip);
  CHECK(sink.packets[2].proto == Proto::Udp);
  CHECK(sink.packets[2].payload_length == 10);
  CHECK(sink.packets[2].host_hint == b.ip);
  CHECK(sink.packets[3].host_hint == 0);
  CHECK(source.Stats().files == 4);
  CHECK(source.Stats().decoded == 4);
}

TEST_CASE("Linux cooked and pcapng captures decode, and non-IP frames are counted", "[analysis][capture]") {
  auto dir = FreshDir("linktypes");
  auto a = Ep("10.0.0.11", 40000), server = Ep("203.0.113.5", 443);
  {
    Tins::PacketWriter writer(dir + "/sll.pcap", Tins::DataLinkType<Tins::SLL>());
    Tins::SLL sll;
    sll.protocol(0x0800);
    Tins::SLL frame = sll / Tins::IP(FormatIp(server.ip), FormatIp(a.ip)) / Tins::TCP(server.port, a.port);
    Tins::Packet packet(frame, Tins::Timestamp(std::chrono::microseconds(Sec(100))));
    writer.write(packet);
  }
  Tins::EthernetII eth = Tins::EthernetII() / Tins::IP(FormatIp(server.ip), FormatIp(a.ip)) /
                         Tins::UDP(server.port, a.port) / Tins::RawPDU(std::vector<std::uint8_t>(5, 1));
  WritePcapng(dir + "/ng.pcapng", Sec(200.5), eth.serialize());
  {
    Tins::PacketWriter writer(dir + "/arp.pcap", Tins::DataLinkType<Tins::EthernetII>());
    Tins::EthernetII arp = Tins::EthernetII() / Tins::RawPDU(std::vector<std::uint8_t>(28, 0));
    arp.payload_type(0x0806);
    Tins::Packet packet(arp, Tins::Timestamp(std::chrono::microseconds(Sec(300))));
    writer.write(packet);
  }
  Collector sink;
  PcapPacketSource source(CapturePlan::FromInputs({dir + "/sll.pcap", dir + "/ng.pcapng", dir + "/arp.pcap"}));
  source.Run(sink);
  REQUIRE(sink.packets.size() == 2);
  CHECK(sink.packets[0].ts == Sec(100));
  CHECK(sink.packets[0].src == a);
  CHECK(sink.packets[0].dst == server);
  CHECK(sink.packets[1].ts == Sec(200.5));
  CHECK(sink.packets[1].proto == Proto::Udp);
  CHECK(sink.packets[1].payload_length == 5);
  CHECK(source.Stats().not_ipv4 == 1);
  CHECK(source.Stats().records == 3);
}

// A classic pcap with the nanosecond magic (a1b23c4d): ntlab's clock is in microseconds (every
// format it writes), so the time keeps its microseconds and drops the last three digits.
TEST_CASE("a nanosecond-resolution pcap reads in microseconds, truncated", "[analysis][capture]") {
  auto dir = FreshDir("nanosecond");
  auto a = Ep("10.0.0.11", 40000), server = Ep("203.0.113.5", 443);
  Tins::EthernetII eth = Tins::EthernetII() / Tins::IP(FormatIp(server.ip), FormatIp(a.ip)) / Tins::TCP(server.port, a.port);
  const std::vector<std::uint8_t> frame = eth.serialize();
  std::vector<std::uint8_t> f;
  Be32(f, 0xa1b23c4d);
  f.insert(f.end(), {2, 0, 4, 0});                // version 2.4
  Be32(f, 0); Be32(f, 0); Be32(f, 65535); Be32(f, 1);  // zone, sigfigs, snap length, Ethernet
  Be32(f, 1741597200); Be32(f, 123456789);        // seconds, nanoseconds
  Be32(f, std::uint32_t(frame.size())); Be32(f, std::uint32_t(frame.size()));
  f.insert(f.end(), frame.begin(), frame.end());
  std::ofstream(dir + "/ns.pcap", std::ios::binary).write(reinterpret_cast<const char*>(f.data()), std::streamsize(f.size()));
  Collector sink;
  PcapPacketSource source(CapturePlan::FromInputs({dir + "/ns.pcap"}));
  source.Run(sink);
  REQUIRE(sink.packets.size() == 1);
  CHECK(sink.packets[0].ts == Sec(1741597200) + 123456);
  CHECK(sink.packets[0].src == a);
}

TEST_CASE("bad capture inputs raise InputError naming the file", "[analysis][capture]") {
  auto dir = FreshDir("bad");
  ExpectInputError({dir + "/missing.pcap"}, "missing.pcap", "does not exist");

  std::ofstream(dir + "/text.pcap") << "this is not a capture\n";
  ExpectInputError({dir + "/text.pcap"}, "text.pcap", "not a readable pcap");

  auto truncated = dir + "/10.0.0.11_20250310T090000Z.pcap";
  {
    PcapBuilder b(truncated);
    b.Tcp(Sec(1), Ep("10.0.0.11", 1), Ep("10.0.0.2", 2), TcpFlag::kSyn);
    b.Tcp(Sec(2), Ep("10.0.0.11", 1), Ep("10.0.0.2", 2), TcpFlag::kAck);
  }
  fs::resize_file(truncated, fs::file_size(truncated) - 10);
  CaptureOptions strict;
  strict.strict_captures = true;
  ExpectInputError({truncated}, "10.0.0.11_20250310T090000Z.pcap: record 2 is cut short (10 of its 60 bytes missing)",
                   "--strict-captures", strict);

  SECTION("by default a truncated last record is reported and the records before it are used") {
    WarningLog log;
    CaptureOptions options;
    options.warn = log.Sink();
    Collector sink;
    PcapPacketSource source(CapturePlan::FromInputs({truncated}), options);
    source.Run(sink);
    CHECK(sink.packets.size() == 1);
    CHECK(source.Stats().truncated_files == 1);
    REQUIRE(log.lines.size() == 2);  // the cut, then the skipped-packet line
    CHECK(log.lines[0] == truncated + ": record 2 is cut short (10 of its 60 bytes missing); the 1 complete records "
                                      "before it are used (--strict-captures makes this an error)");
    CHECK(log.lines[1] == "1 records read; skipped: cut-short last record 1");
    CHECK(source.Stats().warnings == std::vector<std::string>{log.lines[0]});
  }
  SECTION("a pcapng cut inside its last block likewise") {
    auto ng = dir + "/cut.pcapng";
    WritePcapng(ng, Sec(1), std::vector<std::uint8_t>(60, 0));
    fs::resize_file(ng, fs::file_size(ng) - 7);
    WarningLog log;
    CaptureOptions options;
    options.warn = log.Sink();
    Collector sink;
    PcapPacketSource source(CapturePlan::FromInputs({ng}), options);
    source.Run(sink);
    CHECK(sink.packets.empty());
    REQUIRE(log.lines.size() == 2);
    CHECK(log.lines[1] == "0 records read; skipped: cut-short last record 1");
    CHECK_THAT(log.lines[0], Catch::Contains("cut.pcapng: record 1 is cut short ("));
    CHECK_THAT(log.lines[0], Catch::Contains("bytes missing); the 0 complete records"));
  }
  SECTION("an empty folder is an error") {
    auto empty = FreshDir("empty");
    ExpectInputError({empty}, "empty", "no .pcap");
  }
}

namespace {

// Ethernet + IPv4 + TCP (or UDP) bytes by hand, so that any header field can be wrong.
std::vector<std::uint8_t> Frame(std::uint8_t versionIhl, std::uint16_t totalLength, std::uint8_t proto,
                                std::vector<std::uint8_t> transport) {
  std::vector<std::uint8_t> f(12, 0);
  f.insert(f.end(), {0x08, 0x00});
  const std::uint8_t lengthHigh = std::uint8_t(totalLength >> 8), lengthLow = std::uint8_t(totalLength);
  // version/IHL, TOS, total length, id, flags (DF), TTL, protocol, checksum, 10.0.0.11 -> 10.0.0.2
  f.insert(f.end(), {versionIhl, 0, lengthHigh, lengthLow, 0, 0, 0x40, 0, 64, proto, 0, 0, 10, 0, 0, 11, 10, 0, 0, 2});
  f.insert(f.end(), transport.begin(), transport.end());
  return f;
}

std::vector<std::uint8_t> TcpHeader(std::uint8_t dataOffsetWords) {
  std::vector<std::uint8_t> t = {0xc3, 0x50, 0x01, 0xbb, 0, 0, 0x03, 0xe8, 0, 0, 0, 0};
  t.insert(t.end(), {std::uint8_t(dataOffsetWords << 4), TcpFlag::kAck, 0xff, 0xff, 0, 0, 0, 0});
  return t;
}

}  // namespace

TEST_CASE("a frame with a bad header is skipped, counted by reason and named, and the run goes on",
          "[analysis][capture]") {
  auto path = FreshDir("bad-headers") + "/headers.pcap";
  {
    PcapBuilder b(path);
    b.Tcp(Sec(1), Ep("10.0.0.11", 50000), Ep("10.0.0.2", 443), TcpFlag::kSyn);  // packet 1: good
    b.Raw(Sec(2), Frame(0x43, 40, 6, TcpHeader(5)));                            // 2: IHL 3 (12 bytes)
    b.Raw(Sec(3), Frame(0x4f, 40, 6, TcpHeader(5)));                            // 3: IHL 15, 60 > 40 captured
    b.Raw(Sec(4), Frame(0x45, 12, 6, TcpHeader(5)));                            // 4: total length 12 < 20
    b.Raw(Sec(5), Frame(0x45, 40, 6, TcpHeader(15)));                           // 5: data offset 60 > 20
    b.Raw(Sec(6), Frame(0x45, 24, 17, {0x00, 0x35, 0xc3, 0x50}));               // 6: 4-byte UDP header
    b.Raw(Sec(7), std::vector<std::uint8_t>(10, 0));                            // 7: no room for Ethernet
    b.Tcp(Sec(8), Ep("10.0.0.11", 50000), Ep("10.0.0.2", 443), TcpFlag::kAck);  // 8: good
  }
  WarningLog log;
  CaptureOptions options;
  options.warn = log.Sink();
  Collector sink;
  PcapPacketSource source(CapturePlan::FromInputs({path}), options);
  source.Run(sink);

  CHECK(sink.packets.size() == 2);
  const CaptureStats& stats = source.Stats();
  CHECK(stats.records == 8);
  CHECK(stats.malformed == 6);
  CHECK(stats.bad_packets.Total() == 6);
  CHECK(stats.bad_packets.Of(BadPacketReason::Ipv4Header) == 3);
  CHECK(stats.bad_packets.Of(BadPacketReason::TcpHeader) == 1);
  CHECK(stats.bad_packets.Of(BadPacketReason::UdpHeader) == 1);
  CHECK(stats.bad_packets.Of(BadPacketReason::LinkHeader) == 1);
  REQUIRE(log.lines.size() == 8);  // six named, the bad-packet summary, the skipped-packet line
  CHECK(log.lines[0] == path + ": packet 2: IPv4 header: header length 12 bytes, below the minimum 20");
  CHECK(log.lines[1] == path + ": packet 3: IPv4 header: header length 60 bytes, more than the 40 captured");
  CHECK(log.lines[2] == path + ": packet 4: IPv4 header: total length 12 is below the header length 20");
  CHECK(log.lines[3] == path + ": packet 5: TCP header: data offset 60 bytes in a segment of 20");
  CHECK(log.lines[4] == path + ": packet 6: UDP header: datagram of 4 bytes, shorter than an 8-byte header");
  CHECK(log.lines[5] == path + ": packet 7: link header: frame of 10 bytes is shorter than its link header");
  CHECK_THAT(log.lines[6], Catch::StartsWith("6 bad packets skipped (link header 1, IPv4 header 3, TCP header 1"));
  CHECK(log.lines[7] == "8 records read; skipped: bad 6");
}

TEST_CASE("the skipped-packet line counts every reason and each family's fragments", "[analysis][capture]") {
  CaptureStats stats;
  CHECK(DescribeSkippedPackets(stats).empty());  // a clean capture says nothing
  stats.records = 1500;
  stats.not_ipv4 = 10;
  stats.not_tcp_udp = 2;
  stats.truncated_files = 1;
  stats.ipv6_fragments = 68;
  stats.reassembly6 = {9, 1, 2, 3};
  CHECK(DescribeSkippedPackets(stats) ==
        "1500 records read; skipped: not IP 10, not TCP/UDP 2, cut-short last record 1; IPv6 fragments 68: 9 "
        "datagrams reassembled, 1 expired, 2 dropped at the memory bound, 3 over 65535 bytes");
  CaptureStats fragmentsOnly;
  fragmentsOnly.records = 4;
  fragmentsOnly.ipv4_fragments = 4;
  fragmentsOnly.reassembly.reassembled = 2;
  CHECK(DescribeSkippedPackets(fragmentsOnly) ==
        "4 records read; IPv4 fragments 4: 2 datagrams reassembled, 0 expired, 0 dropped at the memory bound, 0 over "
        "65535 bytes");
}

TEST_CASE("a read error names the packet it stopped at", "[analysis][capture]") {
  auto path = FreshDir("cut") + "/cut.pcap";
  {
    PcapBuilder b(path);
    for (int i = 0; i < 3; ++i) b.Tcp(Sec(i), Ep("10.0.0.11", 50000), Ep("10.0.0.2", 443), TcpFlag::kAck);
  }
  fs::resize_file(path, fs::file_size(path) - 10);
  CaptureOptions strict;
  strict.strict_captures = true;
  ExpectInputError({path}, "cut.pcap: record 3 is cut short", "truncated capture (--strict-captures)", strict);
}

// Found by tests/fuzz/capture-file-fuzzer: a pcapng timestamp with one bit flipped (year 2310) went
// through, and one of 2^64-1 microseconds overflowed the conversion to TimeUs.
TEST_CASE("a record time beyond what the formats hold is a malformed record", "[analysis][capture]") {
  auto dir = FreshDir("record-time");
  Tins::EthernetII eth = Tins::EthernetII() / Tins::IP("203.0.113.5", "10.0.0.11") / Tins::UDP(53, 40000);
  WritePcapng(dir + "/fine.pcapng", Sec(4'000'000'000.5), eth.serialize());
  WritePcapng(dir + "/2310.pcapng", Sec(10'748'796'515.607142), eth.serialize());
  WritePcapng(dir + "/huge.pcapng", TimeUs(-1), eth.serialize());  // 2^64-1 microseconds
  Collector sink;
  PcapPacketSource source(CapturePlan::FromInputs({dir + "/fine.pcapng", dir + "/2310.pcapng", dir + "/huge.pcapng"}));
  source.Run(sink);
  REQUIRE(sink.packets.size() == 1);
  CHECK(sink.packets[0].ts == Sec(4'000'000'000.5));
  CHECK(source.Stats().records == 3);
  CHECK(source.Stats().malformed == 2);
  CHECK(source.Stats().bad_packets.Of(BadPacketReason::RecordTime) == 2);
}
