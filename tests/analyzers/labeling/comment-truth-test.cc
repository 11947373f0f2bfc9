#include "analyzers/labeling/comment-truth.h"

#include "analyzers/capture/pcapng-file-writer.h"
#include "analyzers/formats/process-comment.h"
#include "tests/analyzers/analyzer-fixtures.h"

#include <catch2/catch.hpp>
#include <pcap/dlt.h>

using namespace ntlab;
using namespace ntlab::fixtures;

namespace {

void WriteTcp(PcapngFileWriter& w, double t, const char* src, std::uint16_t sport, const char* dst,
              std::uint16_t dport, std::uint8_t flags, const std::string& comment) {
  Tins::TCP tcp(dport, sport);
  tcp.flags(flags);
  const auto frame = (Tins::EthernetII() / Tins::IP(dst, src) / tcp).serialize();
  w.Write(Sec(t), std::uint32_t(frame.size()), frame.data(), std::uint32_t(frame.size()), comment);
}

std::string Owner(std::uint32_t pid, const char* command) { return FormatProcessComment({pid, command, ""}); }

}  // namespace

TEST_CASE("session owners come from the packets' comments, by majority, conflicts counted",
          "[analysis][pcapng][truth]") {
  const std::string path = TempPath("comment-truth.pcapng");
  {
    PcapngFileWriter w(path, DLT_EN10MB, 65535);
    // Session 1: curl's three packets, one packet claimed by another process (a conflict).
    WriteTcp(w, 10.0, "10.0.0.11", 50000, "10.0.0.2", 80, Tins::TCP::SYN, Owner(4321, "/usr/bin/curl"));
    WriteTcp(w, 10.1, "10.0.0.2", 80, "10.0.0.11", 50000, Tins::TCP::SYN | Tins::TCP::ACK, Owner(4321, "/usr/bin/curl"));
    WriteTcp(w, 10.2, "10.0.0.11", 50000, "10.0.0.2", 80, Tins::TCP::ACK, Owner(77, "/usr/bin/wget"));
    WriteTcp(w, 10.3, "10.0.0.11", 50000, "10.0.0.2", 80, Tins::TCP::ACK, Owner(4321, "/usr/bin/curl"));
    // Session 2: no comment at all: no row.
    WriteTcp(w, 11.0, "10.0.0.11", 50001, "10.0.0.2", 443, Tins::TCP::SYN, "");
    // Session 3: inbound; the host's SYN/ACK decides, the remote's packets do not (the ACK's owner
    // would be the remote's process on loopback).
    WriteTcp(w, 12.0, "10.0.0.9", 40000, "10.0.0.11", 8080, Tins::TCP::SYN, "captured on eth0");
    WriteTcp(w, 12.1, "10.0.0.11", 8080, "10.0.0.9", 40000, Tins::TCP::SYN | Tins::TCP::ACK,
             Owner(600, "/usr/sbin/nginx"));
    WriteTcp(w, 12.2, "10.0.0.9", 40000, "10.0.0.11", 8080, Tins::TCP::ACK, Owner(601, "/usr/sbin/nginx"));
    w.Commit();
  }
  CommentTruth truth = ExtractCommentTruth({path}, CommentTruthOptions{{Ip("10.0.0.11")}, {}, {}, {}});
  REQUIRE(truth.rows.size() == 2);
  const TruthRow& curl = truth.rows[0];
  CHECK(curl.host == "10.0.0.11");
  CHECK(curl.local_ip == Ip("10.0.0.11"));
  CHECK(curl.local_port == 50000);
  CHECK(curl.remote == Ep("10.0.0.2", 80));
  CHECK(curl.pid == 4321);
  CHECK(curl.process == "curl");
  CHECK(curl.open_ts == Sec(10.0));
  CHECK(curl.close_ts == Sec(10.3));
  const TruthRow& nginx = truth.rows[1];
  CHECK(nginx.local_port == 8080);
  CHECK(nginx.pid == 600);
  CHECK(truth.stats.sessions == 3);
  CHECK(truth.stats.sessions_with_owner == 2);
  CHECK(truth.stats.conflicting_sessions == 1);
  CHECK(truth.stats.packets_with_owner == 6);
  REQUIRE(truth.stats.conflicts.size() == 1);
  CHECK(truth.stats.conflicts[0].find("curl (pid 4321) in 2 packets, wget (pid 77) in 1 packets; curl is kept") !=
        std::string::npos);
}

TEST_CASE("on loopback the remote's packets name the remote's process, the host's decide", "[analysis][pcapng][truth]") {
  const std::string path = TempPath("comment-truth-loopback.pcapng");
  {
    PcapngFileWriter w(path, DLT_EN10MB, 65535);
    WriteTcp(w, 1.0, "127.0.0.1", 45000, "127.0.0.1", 8080, Tins::TCP::SYN, Owner(300, "/usr/bin/curl"));
    WriteTcp(w, 1.1, "127.0.0.1", 8080, "127.0.0.1", 45000, Tins::TCP::SYN | Tins::TCP::ACK, Owner(200, "/usr/bin/python3"));
    WriteTcp(w, 1.2, "127.0.0.1", 8080, "127.0.0.1", 45000, Tins::TCP::ACK, Owner(200, "/usr/bin/python3"));
    w.Commit();
  }
  CommentTruthOptions options;
  options.host_networks = {HostNetwork{*ParseIpv4("127.0.0.1"), 32}};
  CommentTruth truth = ExtractCommentTruth({path}, options);
  REQUIRE(truth.rows.size() == 1);
  CHECK(truth.rows[0].local_port == 45000);  // both sides are named hosts: the SYN sender is the host side
  CHECK(truth.rows[0].process == "curl");
  CHECK(truth.stats.conflicting_sessions == 0);
}

TEST_CASE("a pcap file has no comments and gives no truth rows", "[analysis][pcapng][truth]") {
  const std::string path = TempPath("comment-truth-plain.pcap");
  {
    Tins::PacketWriter writer(path, Tins::DataLinkType<Tins::EthernetII>());
    Tins::EthernetII frame = Tins::EthernetII() / Tins::IP("10.0.0.2", "10.0.0.11") / Tins::TCP(80, 50000);
    Tins::Packet packet(frame, Tins::Timestamp(std::chrono::microseconds(Sec(5))));
    writer.write(packet);
  }
  CommentTruth truth = ExtractCommentTruth({path});
  CHECK(truth.rows.empty());
  CHECK(truth.stats.sessions == 1);
  CHECK(truth.stats.capture.decoded == 1);
}
