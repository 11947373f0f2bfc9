#include "analyzers/capture/pcapng-file-writer.h"

#include "analyzers/capture/pcap-packet-source.h"
#include "analyzers/capture/pcapng-block-reader.h"
#include "analyzers/formats/process-comment.h"
#include "tests/analyzers/analyzer-fixtures.h"

#include <catch2/catch.hpp>
#include <pcap/dlt.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <memory>

using namespace ntlab;
using namespace ntlab::fixtures;

namespace {

std::vector<std::uint8_t> TcpFrame(const char* src, std::uint16_t sport, const char* dst, std::uint16_t dport) {
  Tins::EthernetII frame = Tins::EthernetII() / Tins::IP(dst, src) / Tins::TCP(dport, sport);
  return frame.serialize();
}

// What a shell command prints, or nullopt when it could not run.
std::optional<std::string> CommandOutput(const std::string& command) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), &pclose);
  if (!pipe) return std::nullopt;
  std::string out;
  std::array<char, 256> buffer;
  while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe.get())) out.append(buffer.data(), n);
  return out;
}

}  // namespace

TEST_CASE("pcapng written with comments reads back block by block", "[analysis][pcapng]") {
  const std::string path = TempPath("pcapng-writer-roundtrip.pcapng");
  const auto first = TcpFrame("10.0.0.11", 50000, "93.184.216.34", 443);
  const auto second = TcpFrame("93.184.216.34", 443, "10.0.0.11", 50000);
  {
    PcapngFileWriter writer(path, DLT_EN10MB, 65535);
    writer.Write(Sec(1741597200.25), std::uint32_t(first.size()), first.data(), std::uint32_t(first.size()),
                 FormatProcessComment({812, "chrome.exe", ""}));
    writer.Write(Sec(1741597200.5), std::uint32_t(second.size() + 100), second.data(), std::uint32_t(second.size()));
    writer.Commit();
  }
  PcapngBlockReader reader(path);
  PcapngPacket packet;
  REQUIRE(reader.Next(packet));
  CHECK(packet.link_type == DLT_EN10MB);
  CHECK(packet.ts == Sec(1741597200.25));
  CHECK(std::vector<std::uint8_t>(packet.data, packet.data + packet.captured) == first);
  REQUIRE(packet.comments.size() == 1);
  CHECK(packet.comments[0] == "PID: 812\nCmd: chrome.exe\nArgs: ");
  REQUIRE(reader.Next(packet));
  CHECK(packet.wire_length == second.size() + 100);
  CHECK(packet.comments.empty());
  CHECK_FALSE(reader.Next(packet));
  CHECK(reader.Stats().packets == 2);
  CHECK(reader.Stats().bad_blocks == 0);
  CHECK(reader.Stats().truncated_tail.empty());

  // libpcap reads the same file, so every command without the comment path sees the same packets.
  PcapPacketSource source(CapturePlan::FromInputs({path}));
  struct Count : PacketSink {
    std::vector<std::uint16_t> ports;
    void OnPacket(const DecodedPacket& p) override { ports.push_back(p.src.port); }
    void OnGroupFinished() override {}
  } sink;
  source.Run(sink);
  CHECK(sink.ports == std::vector<std::uint16_t>{50000, 443});
}

TEST_CASE("tshark shows the owner comment ntlab writes", "[analysis][pcapng][e2e]") {
  if (!std::filesystem::exists("/usr/bin/tshark")) {
    WARN("tshark is not installed: the Wireshark cross-check is skipped");
    return;
  }
  const std::string path = TempPath("pcapng-writer-tshark.pcapng");
  const auto frame = TcpFrame("10.0.0.11", 50001, "10.0.0.2", 80);
  {
    PcapngFileWriter writer(path, DLT_EN10MB, 65535);
    writer.Write(Sec(1741597200), std::uint32_t(frame.size()), frame.data(), std::uint32_t(frame.size()),
                 FormatProcessComment({4321, "/usr/bin/curl", "curl http://10.0.0.2/"}));
    writer.Commit();
  }
  auto out = CommandOutput("tshark -r '" + path + "' -T fields -e frame.comment -e tcp.srcport 2>&1");
  REQUIRE(out);
  // tshark writes the comment's line breaks as "\n" escapes in field output.
  CHECK(out->find("PID: 4321") != std::string::npos);
  CHECK(out->find("Cmd: /usr/bin/curl") != std::string::npos);
  CHECK(out->find("50001") != std::string::npos);
}
