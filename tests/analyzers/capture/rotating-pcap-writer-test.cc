#include "analyzers/capture/rotating-pcap-writer.h"

#include "analyzers/capture/capture-plan.h"
#include "analyzers/formats/capture-file-name.h"

#include <catch2/catch.hpp>
#include <pcap/pcap.h>

#include <unistd.h>
#include <array>
#include <filesystem>
#include <memory>
#include <vector>

using namespace ntlab;
namespace fs = std::filesystem;

namespace {

/// (seconds, caplen, len) of every record of a capture file.
std::vector<std::array<long, 3>> Records(const std::string& path) {
  char error[PCAP_ERRBUF_SIZE];
  std::unique_ptr<pcap_t, void (*)(pcap_t*)> p(pcap_open_offline(path.c_str(), error), &pcap_close);
  REQUIRE(p);
  std::vector<std::array<long, 3>> records;
  pcap_pkthdr* h;
  const u_char* d;
  while (pcap_next_ex(p.get(), &h, &d) == 1) records.push_back({long(h->ts.tv_sec), long(h->caplen), long(h->len)});
  return records;
}

}  // namespace

TEST_CASE("RotatingPcapWriter: one file per aligned interval, each named after its start and cut to the snap length", "[analysis][capture]") {
  const fs::path dir = fs::temp_directory_path() / ("ntlab-rotating-pcap-writer-test-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const Ipv4 host = 0x0a00000b;  // 10.0.0.11
  const TimeUs minute = 60 * kUsPerSecond;
  const TimeUs t0 = TimeUs(1741597200) * kUsPerSecond;  // 2025-03-10 09:00:00 UTC, a whole minute
  std::vector<std::uint8_t> frame(100, 0xab);
  RotatingPcapWriter writer(dir.string(), host, DLT_EN10MB, 64, minute);
  writer.Write(t0 + 59 * kUsPerSecond, frame.data(), 100);
  writer.Write(t0 + 59 * kUsPerSecond + 999'999, frame.data(), 40);
  CHECK(fs::is_empty(dir) == false);        // the open file's temporary
  CHECK(writer.Files().empty());            // nothing complete yet
  writer.Write(t0 + minute, frame.data(), 100);  // the next minute: the first file is committed
  REQUIRE(writer.Files().size() == 1);
  CHECK(writer.Files()[0] == (dir / FormatCaptureFileName(host, t0)).string());
  writer.Write(t0 + 3 * minute + 1, frame.data(), 100);  // a minute with no packet makes no file
  writer.Close();
  REQUIRE(writer.Files().size() == 3);
  CHECK(writer.Files()[1] == (dir / FormatCaptureFileName(host, t0 + minute)).string());
  CHECK(writer.Files()[2] == (dir / FormatCaptureFileName(host, t0 + 3 * minute)).string());
  CHECK(writer.Packets() == 4);
  CHECK(Records(writer.Files()[0]) == std::vector<std::array<long, 3>>{{1741597259, 64, 100}, {1741597259, 40, 40}});
  CHECK(Records(writer.Files()[2]).size() == 1);
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir)) ++entries;
  CHECK(entries == 3);  // no temporary left behind
  fs::remove_all(dir);
}

TEST_CASE("RotatingPcapWriter: a rotation interval that is not positive is refused", "[analysis][capture]") {
  CHECK_THROWS_AS(RotatingPcapWriter("/tmp", 1, DLT_RAW, 65535, 0), InputError);
}

TEST_CASE("RotatingPcapWriter: an IPv6 host's files are read back as that host's group", "[analysis][capture][ipv6]") {
  const fs::path dir = fs::temp_directory_path() / ("ntlab-rotating-pcap-writer-ipv6-test-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const IpAddress host = *ParseIp("2001:db8::11");
  const TimeUs minute = 60 * kUsPerSecond;
  const TimeUs t0 = TimeUs(1741597200) * kUsPerSecond;
  std::vector<std::uint8_t> frame(60, 0);
  {
    RotatingPcapWriter writer(dir.string(), host, DLT_EN10MB, 65535, minute);
    writer.Write(t0 + 1, frame.data(), 60);
    writer.Write(t0 + minute + 1, frame.data(), 60);
    writer.Close();
    REQUIRE(writer.Files().size() == 2);
    CHECK(fs::path(writer.Files()[0]).filename() == "2001-db8--11_20250310T090000Z.pcap");
  }
  // The capture plan takes the host back from the names: one group, in time order, hinted.
  CapturePlan plan = CapturePlan::FromInputs({dir.string()});
  REQUIRE(plan.Groups().size() == 1);
  CHECK(plan.Groups()[0].name == "2001:db8::11");
  CHECK(plan.Groups()[0].host_hint == host);
  CHECK(plan.Groups()[0].files.size() == 2);
  fs::remove_all(dir);
}
