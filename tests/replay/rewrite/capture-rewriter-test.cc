#include "replay/rewrite/capture-rewriter.h"

#include "tests/support/text-files.h"

#include <catch2/catch.hpp>
#include <pcap/pcap.h>

#include <unistd.h>
#include <cctype>
#include <filesystem>
#include "tests/support/build-paths.h"

using namespace ntlab;
using ntlab::test_support::InputErrorOf;
using ntlab::test_support::ReadText;
using ntlab::test_support::WriteText;
namespace fs = std::filesystem;

namespace {

const std::string kCorpus = std::string(NTLAB_SOURCE_DIR) + "/tests/regression";
const std::string kZeus = kCorpus + "/zeus-clustering/pcap/10.0.0.11_20250310T090000Z.pcap";

// One folder per test case: ctest runs the cases of this file in parallel processes.
std::string Scratch() {
  std::string name = Catch::getResultCapture().getCurrentTestName();
  for (char& c : name) if (!std::isalnum(static_cast<unsigned char>(c))) c = '-';
  const fs::path dir = fs::temp_directory_path() / ("ntlab-capture-rewriter-" + std::to_string(::getpid()) + "-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

std::vector<TimeUs> Times(const std::string& path) {
  char error[PCAP_ERRBUF_SIZE];
  std::unique_ptr<pcap_t, void (*)(pcap_t*)> p(pcap_open_offline(path.c_str(), error), &pcap_close);
  REQUIRE(p);
  std::vector<TimeUs> times;
  pcap_pkthdr* h;
  const u_char* d;
  while (pcap_next_ex(p.get(), &h, &d) == 1) times.push_back(TimeUs(h->ts.tv_sec) * kUsPerSecond + h->ts.tv_usec);
  return times;
}

CaptureRewriteOptions Pnat(const char* pairs) {
  RewriteRules rules;
  rules.addresses = ParseAddressRules(pairs, "--pnat");
  CaptureRewriteOptions options;
  options.maps = RewriteMaps::FromRules(rules);
  return options;
}

}  // namespace

TEST_CASE("No rules give the capture back byte for byte, so do recomputed right checksums",
          "[analysis][replay][rewrite]") {
  const std::string dir = Scratch();
  CaptureRewriteSummary summary = RewriteCapture(kZeus, dir + "/out.pcap", {});
  CHECK(ReadText(dir + "/out.pcap") == ReadText(kZeus));
  CHECK(summary.counts.changed == 0);
  CHECK(summary.counts.packets == Times(kZeus).size());
  // The simulator writes zero IPv4 and TCP checksums (ns-3 computes none by default): recomputing
  // changes them. The fragments capture's checksums are right: recomputing changes none.
  CaptureRewriteOptions fix;
  fix.fix_checksums = true;
  CHECK(RewriteCapture(kZeus, dir + "/fixed.pcap", fix).counts.changed > 0);
  const std::string fragments = kCorpus + "/rewrite-fragments/capture.pcap";
  CHECK(RewriteCapture(fragments, dir + "/same.pcap", fix).counts.changed == 0);
  CHECK(ReadText(dir + "/same.pcap") == ReadText(fragments));
  fs::remove_all(dir);
}

TEST_CASE("pcapng in gives the pcap of the same packets", "[analysis][replay][rewrite]") {
  const std::string dir = Scratch();
  CaptureRewriteOptions options = Pnat("10.0.0.0/24:192.168.5.0/24");
  RewriteCapture(kCorpus + "/capture-pcapng/capture.pcapng", dir + "/from-ng.pcap", options);
  RewriteCapture(kCorpus + "/sim-2host-60s/pcap/10.0.0.12_20250310T090100Z.pcap", dir + "/from-pcap.pcap", options);
  CHECK(ReadText(dir + "/from-ng.pcap") == ReadText(dir + "/from-pcap.pcap"));
  fs::remove_all(dir);
}

TEST_CASE("Time shift and scale from the first packet", "[analysis][replay][rewrite]") {
  const std::string dir = Scratch();
  CaptureRewriteOptions options;
  options.time_scale = 0.5;
  options.time_shift = -3600 * kUsPerSecond;
  RewriteCapture(kZeus, dir + "/out.pcap", options);
  const auto before = Times(kZeus), after = Times(dir + "/out.pcap");
  REQUIRE(before.size() == after.size());
  REQUIRE(before.size() > 10);
  CHECK(after[0] == before[0] - 3600 * kUsPerSecond);
  for (std::size_t i = 1; i < before.size(); ++i) {
    INFO("packet " << i + 1);
    CHECK(std::llabs((after[i] - after[0]) * 2 - (before[i] - before[0])) <= 1);
  }
  fs::remove_all(dir);
}

TEST_CASE("Bad captures: one InputError naming the file, nothing written", "[analysis][replay][rewrite]") {
  const std::string dir = Scratch();
  const std::string out = dir + "/out.pcap";
  const std::string whole = ReadText(kZeus);
  WriteText(dir + "/cut.pcap", whole.substr(0, whole.size() - 7));
  CHECK(InputErrorOf([&] { RewriteCapture(dir + "/cut.pcap", out, {}); }).find(dir + "/cut.pcap: packet ") == 0);
  CHECK(InputErrorOf([&] { RewriteCapture(dir + "/cut.pcap", out, {}); }).find("truncated capture") != std::string::npos);
  std::string wifi = whole.substr(0, 24);
  wifi[20] = 105;  // DLT_IEEE802_11
  WriteText(dir + "/wifi.pcap", wifi);
  CHECK(InputErrorOf([&] { RewriteCapture(dir + "/wifi.pcap", out, {}); })
            .find(dir + "/wifi.pcap: unsupported link type 105 (IEEE802_11)") == 0);
  CaptureRewriteOptions macs;
  RewriteRules rules;
  rules.destination_macs.push_back(ParseMacRule("02:00:00:00:00:01", "--enet-dmac"));
  macs.maps = RewriteMaps::FromRules(rules);
  CHECK(InputErrorOf([&] { RewriteCapture(kCorpus + "/capture-linux-cooked/capture-sll.pcap", out, macs); })
            .find("MAC rules need an Ethernet capture, and its link type is 113 (LINUX_SLL)") != std::string::npos);
  CaptureRewriteOptions early;
  early.time_shift = -2'000'000'000LL * kUsPerSecond;
  CHECK(InputErrorOf([&] { RewriteCapture(kZeus, out, early); }).find("packet 1: its rewritten time") != std::string::npos);
  CHECK(InputErrorOf([&] { RewriteCapture(dir + "/missing.pcap", out, {}); })
            .find("capture file does not exist") != std::string::npos);
  CHECK(InputErrorOf([&] { RewriteCapture(kZeus, out, Pnat("172.31.0.0/16:10.0.0.0/16")); }) ==
        kZeus + ": no packet matches any rule (419 packets read); nothing written");
  std::size_t left = 0;
  for (const auto& entry : fs::directory_iterator(dir)) left += entry.path().filename().string().rfind("out", 0) == 0;
  CHECK(left == 0);
  fs::remove_all(dir);
}
