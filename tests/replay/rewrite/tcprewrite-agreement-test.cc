// ntlab rewrite against tcprewrite (Debian's tcpreplay package, 4.4.3 in Debian 12), byte for
// byte, on the corpus's captures (TCP, UDP, ARP, pcapng, Linux cooked) and the capture with IPv4
// fragments, with options that mean the same to both. Every capture is rewritten as committed and
// as a copy with the Ethernet padding and trailers cut off (see kPadding below). A packet that
// differs must be one of the differences by design named here (docs/replay.md explains each);
// any other difference fails. Without tcprewrite installed the test says so and checks nothing
// (CI installs it: .ci/setup).
//
// The agreement it prints is the number quoted in docs/replay.md:
//   ctest --test-dir build-analysis -R tcprewrite -V
#include "tests/support/command-outcome.h"

#include <catch2/catch.hpp>
#include <pcap/pcap.h>

#include <unistd.h>
#include <array>
#include <filesystem>
#include <iostream>
#include <memory>
#include "tests/support/build-paths.h"

namespace fs = std::filesystem;
using ntlab::test_support::Ntlab;
using ntlab::test_support::RunShell;

namespace {

const std::string kCorpus = std::string(NTLAB_SOURCE_DIR) + "/tests/regression";

struct Capture {
  std::string path;  // under the corpus
  bool ethernet = true;
  bool right_checksums = false;  // the simulator's captures carry zero IPv4/TCP checksums
};

const std::vector<Capture> kCaptures = {
    {"zeus-clustering/pcap/10.0.0.11_20250310T090000Z.pcap"},
    {"zeus-clustering/pcap/10.0.0.13_20250310T091000Z.pcap"},
    {"kraken-detection/pcap/10.0.0.13_20250310T090000Z.pcap"},
    {"sim-2host-60s/pcap/10.0.0.11_20250310T090000Z.pcap"},
    {"domains-cdn/capture.pcap", true, true},
    {"capture-pcapng/capture.pcapng"},
    {"capture-linux-cooked/capture-sll.pcap", false},
    {"rewrite-fragments/capture.pcap", true, true},
};

struct OptionSet {
  std::string name;
  std::string options;  // the same spelling for both tools
  bool ethernet_only = false;
  bool needs_right_checksums = false;  // ntlab's default updates checksums; tcprewrite 4.4.3 recomputes them
};

const std::vector<OptionSet> kOptionSets = {
    {"pnat", "--pnat=10.0.0.0/24:192.168.5.0/24 --fixcsum"},
    {"pnat+portmap", "--pnat=10.0.0.0/16:172.20.0.0/16,203.0.113.0/24:198.51.100.0/24 --portmap=80:8080,53:5353,447:4447 --fixcsum"},
    {"ipmaps+portmap+dmac",
     "--srcipmap=10.0.0.0/24:192.168.5.0/24 --dstipmap=203.0.113.10:192.168.5.200 --portmap=80:8080,443:8443 "
     "--enet-dmac=02:00:00:00:00:99 --fixcsum",
     true},
    {"pnat+portmap, checksums updated", "--pnat=10.0.0.0/24:192.168.5.0/24 --portmap=80:8080,53:5353", false, true},
};

enum class Why { Padding, CookedUntouched, TinyFragment, Unexplained };
constexpr std::array<const char*, 4> kWhy = {
    "Ethernet padding counted into the IP total length by tcprewrite 4.4.3 (tcpreplay issue #845)",
    "Linux cooked frame left as it was by tcprewrite 4.4.3",
    "first fragment too short for its transport checksum: ntlab passes it unchanged",
    "UNEXPLAINED"};

struct Record {
  pcap_pkthdr header{};
  std::string bytes;
};
struct PcapContents {
  int link_type = 0;
  std::vector<Record> records;
};

PcapContents Read(const std::string& path) {
  char error[PCAP_ERRBUF_SIZE];
  std::unique_ptr<pcap_t, void (*)(pcap_t*)> p(pcap_open_offline(path.c_str(), error), &pcap_close);
  INFO(path << ": " << error);
  REQUIRE(p);
  PcapContents capture{pcap_datalink(p.get()), {}};
  pcap_pkthdr* h;
  const u_char* d;
  while (pcap_next_ex(p.get(), &h, &d) == 1)
    capture.records.push_back({*h, std::string(reinterpret_cast<const char*>(d), h->caplen)});
  return capture;
}

// The IPv4 header of an Ethernet or Linux cooked frame, or npos.
std::size_t Ipv4Offset(int linkType, const std::string& f) {
  const std::size_t l2 = linkType == DLT_LINUX_SLL ? 16 : 14;
  if (f.size() < l2 + 20 || f[l2 - 2] != '\x08' || f[l2 - 1] != '\x00') return std::string::npos;
  return l2;
}
std::size_t Be16(const std::string& f, std::size_t at) { return std::size_t(std::uint8_t(f[at])) << 8 | std::uint8_t(f[at + 1]); }

bool Padded(int linkType, const std::string& f) {
  const std::size_t ip = Ipv4Offset(linkType, f);
  return ip != std::string::npos && ip + Be16(f, ip + 2) < f.size();
}

bool TinyFirstFragment(int linkType, const std::string& f) {
  const std::size_t ip = Ipv4Offset(linkType, f);
  if (ip == std::string::npos) return false;
  const std::size_t header = (std::uint8_t(f[ip]) & 0x0f) * 4, fragment = Be16(f, ip + 6);
  return (fragment & 0x1fff) == 0 && (fragment & 0x2000) && Be16(f, ip + 2) - header < 18;
}

// The committed capture with every IPv4 frame cut at the end of its datagram (as a capture taken
// at the host, before the NIC pads, would hold it).
void WriteTrimmed(const PcapContents& in, const std::string& path) {
  std::unique_ptr<pcap_t, void (*)(pcap_t*)> dead(pcap_open_dead(in.link_type, 65535), &pcap_close);
  pcap_dumper_t* out = pcap_dump_open(dead.get(), path.c_str());
  REQUIRE(out);
  for (Record r : in.records) {
    const std::size_t ip = Ipv4Offset(in.link_type, r.bytes);
    if (Padded(in.link_type, r.bytes)) r.bytes.resize(ip + Be16(r.bytes, ip + 2));
    r.header.caplen = r.header.len = static_cast<bpf_u_int32>(r.bytes.size());
    pcap_dump(reinterpret_cast<u_char*>(out), &r.header, reinterpret_cast<const u_char*>(r.bytes.data()));
  }
  pcap_dump_close(out);
}

Why Classify(int linkType, const Record& input, const Record& theirs) {
  if (Padded(linkType, input.bytes)) return Why::Padding;
  if (linkType == DLT_LINUX_SLL && theirs.bytes == input.bytes) return Why::CookedUntouched;
  if (TinyFirstFragment(linkType, input.bytes)) return Why::TinyFragment;
  return Why::Unexplained;
}

bool Same(const Record& a, const Record& b) {
  return a.header.ts.tv_sec == b.header.ts.tv_sec && a.header.ts.tv_usec == b.header.ts.tv_usec &&
         a.header.len == b.header.len && a.bytes == b.bytes;
}

struct Tally {
  std::size_t runs = 0, identical_runs = 0, packets = 0, identical = 0;
  std::array<std::size_t, 4> by_design{};
  void Print(const char* what) const {
    std::cout << "tcprewrite agreement, " << what << ": " << identical_runs << "/" << runs
              << " rewritten captures identical, " << identical << "/" << packets << " packets identical";
    for (std::size_t i = 0; i < by_design.size(); ++i)
      if (by_design[i]) std::cout << "; " << by_design[i] << " " << kWhy[i];
    std::cout << "\n";
  }
};

void Compare(const std::string& in, const Capture& capture, const OptionSet& set, const fs::path& dir, Tally& tally) {
  const std::string ours = (dir / "ntlab.pcap").string(), theirs = (dir / "tcprewrite.pcap").string();
  INFO(capture.path << " (" << in << ") with " << set.options);
  auto ntlab = Ntlab("rewrite " + in + " " + ours + " " + set.options);
  INFO(ntlab.output);
  REQUIRE(ntlab.exit_code == 0);
  auto tcprewrite = RunShell("tcprewrite --infile=" + in + " --outfile=" + theirs + " " + set.options + " 2>&1");
  INFO(tcprewrite.output);
  REQUIRE(tcprewrite.exit_code == 0);
  const PcapContents input = Read(in), a = Read(ours), b = Read(theirs);
  REQUIRE(a.records.size() == input.records.size());
  REQUIRE(b.records.size() == input.records.size());
  std::size_t identical = 0;
  for (std::size_t i = 0; i < a.records.size(); ++i) {
    if (Same(a.records[i], b.records[i])) {
      ++identical;
      continue;
    }
    const Why why = Classify(input.link_type, input.records[i], b.records[i]);
    INFO("packet " << i + 1);
    CHECK(why != Why::Unexplained);
    ++tally.by_design[static_cast<std::size_t>(why)];
  }
  ++tally.runs;
  tally.identical_runs += identical == a.records.size();
  tally.packets += a.records.size();
  tally.identical += identical;
}

}  // namespace

TEST_CASE("tcprewrite agreement: byte-identical outputs where the options mean the same",
          "[analysis][replay][rewrite][tcprewrite][e2e]") {
  if (RunShell("command -v tcprewrite > /dev/null 2>&1").exit_code != 0) {
    WARN("tcprewrite is not installed (Debian package tcpreplay): the agreement is not checked");
    return;
  }
  const fs::path dir = fs::temp_directory_path() / ("ntlab-tcprewrite-agreement-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  Tally committed, trimmed;
  for (const Capture& capture : kCaptures) {
    const std::string original = kCorpus + "/" + capture.path, cut = (dir / "trimmed.pcap").string();
    WriteTrimmed(Read(original), cut);
    for (const OptionSet& set : kOptionSets) {
      if ((set.ethernet_only && !capture.ethernet) || (set.needs_right_checksums && !capture.right_checksums)) continue;
      Compare(original, capture, set, dir, committed);
      Compare(cut, capture, set, dir, trimmed);
    }
  }
  committed.Print("captures as committed");
  trimmed.Print("captures without Ethernet padding");
  CHECK(committed.by_design[static_cast<std::size_t>(Why::Unexplained)] == 0);
  CHECK(trimmed.identical_runs > 0);
  fs::remove_all(dir);
}
