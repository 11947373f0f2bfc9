// `ntlab merge` end to end on two tiny captures: the merged record carries the device view's
// process and, from the device view's socket log, that process's user.
#include "analyzers/domains/merge-pipeline.h"

#include "analyzers/formats/merge-files.h"
#include "analyzers/formats/records.h"
#include "tests/analyzers/analyzer-fixtures.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include "tests/support/build-paths.h"

using namespace ntlab;
using namespace ntlab::fixtures;
namespace fs = std::filesystem;

namespace {

const Endpoint kServer = Ep("198.51.100.10", 443);
const Endpoint kInside = Ep("10.0.0.11", 50001);
const Endpoint kOutside = Ep("203.0.113.1", 20000);

// One connection's packets, as seen from `host` (inside or outside the NAT): same bytes otherwise.
void WriteConnection(const std::string& path, Endpoint host) {
  PcapBuilder pcap(path);
  pcap.Tcp(Sec(1741597200), host, kServer, TcpFlag::kSyn, 100);
  pcap.Tcp(Sec(1741597200) + 1000, host, kServer, std::uint8_t(TcpFlag::kAck | TcpFlag::kPsh), 101, {0x16, 0x03, 0x01, 0x42});
  pcap.Tcp(Sec(1741597200) + 2000, host, kServer, std::uint8_t(TcpFlag::kAck | TcpFlag::kPsh), 105, {0x17, 0x03, 0x03, 0x43});
}

MergeRunOptions Options(const fs::path& dir) {
  WriteConnection((dir / "device.pcap").string(), kInside);
  WriteConnection((dir / "network.pcap").string(), kOutside);
  LabelRow label;
  label.host = kInside;
  label.remote = kServer;
  label.first_ts = Sec(1741597200);
  label.last_ts = Sec(1741597200) + 2000;
  label.packets = 3;
  label.process = "chrome.exe";
  label.pid = 4242;
  label.stage = "A";
  LabelWriter labels((dir / "labels.csv").string());
  labels.Write(label);
  labels.Commit();
  MergeRunOptions options;
  options.device = {(dir / "device.pcap").string()};
  options.network = {(dir / "network.pcap").string()};
  options.labels = (dir / "labels.csv").string();
  options.out_dir = dir.string();
  return options;
}

}  // namespace

TEST_CASE("merge pipeline: the merged flow carries its process's user from the socket log", "[analysis][domains][owners]") {
  const fs::path dir = fs::path(NTLAB_BINARY_DIR) / "test-merge-users";
  fs::remove_all(dir);
  fs::create_directories(dir);
  MergeRunOptions options = Options(dir);
  std::ofstream(dir / "socketlog.csv")
      << "ts,host,proto,local_ip,local_port,remote_ip,remote_port,state,pid,process,user\n"
         "1741597200.000500,pc01,tcp,10.0.0.11,50001,198.51.100.10,443,ESTABLISHED,4242,chrome.exe,alice\n"
         "1741597200.000500,pc01,tcp,10.0.0.11,50002,198.51.100.10,443,ESTABLISHED,4300,chrome.exe,bob\n";
  options.socket_log = (dir / "socketlog.csv").string();
  nlohmann::json m = RunViewMerge(options);
  CHECK(m["merged_flows"] == 1);
  CHECK(m["merged_with_user"] == 1);
  const auto rows = ReadMergedFlowsCsv((dir / "merged.csv").string());
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].process == "chrome.exe");
  CHECK(rows[0].user == "alice");  // PID 4242's owner, not the other chrome.exe's

  options.socket_log.clear();  // without the socket log: the process, no user
  m = RunViewMerge(options);
  CHECK(m["merged_with_user"] == 0);
  CHECK(ReadMergedFlowsCsv((dir / "merged.csv").string())[0].user.empty());
}
