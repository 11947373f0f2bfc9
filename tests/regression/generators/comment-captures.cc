#include "tests/regression/generators/comment-captures.h"

#include "analyzers/capture/pcapng-file-writer.h"
#include "analyzers/formats/process-comment.h"
#include "analyzers/labeling/truth-comments.h"

#include <pcap/dlt.h>
#include <tins/ethernetII.h>
#include <tins/ip.h>
#include <tins/rawpdu.h>
#include <tins/tcp.h>
#include <tins/udp.h>

#include <string>
#include <vector>

namespace ntlab::regression {
namespace {

constexpr TimeUs kStart = 1741597200'000000;  // 2025-03-10 09:00:00 UTC, as sim-2host-60s

struct Owner {
  std::uint32_t pid;
  const char* command;
  const char* arguments;
};

const Owner kBash{100, "/usr/bin/bash", "bash"};
const Owner kCurl{300, "/usr/bin/curl", "curl -s http://127.0.0.1:8080/"};
const Owner kServer{200, "/usr/bin/python3", "python3 -m http.server 8080"};
const Owner kDig{400, "/usr/bin/dig", "dig @127.0.0.53 example.org"};
const Owner kResolver{150, "/usr/lib/systemd/systemd-resolved", "/usr/lib/systemd/systemd-resolved"};
const Owner kWorker{501, "/usr/bin/python3", "python3 worker.py"};
const Owner kWorkerChild{502, "/usr/bin/python3", "python3 worker.py"};

// ptcpdump's two comments: the owner, then its parent.
std::vector<std::string> Comments(const Owner& owner, const Owner& parent = kBash) {
  return {FormatProcessComment({owner.pid, owner.command, owner.arguments}),
          "ParentPID: " + std::to_string(parent.pid) + "\nParentCmd: " + parent.command +
              "\nParentArgs: " + parent.arguments};
}

class LoopbackCapture {
 public:
  explicit LoopbackCapture(const std::string& path) : m_writer(path, DLT_EN10MB, 262144) {}
  void Tcp(double at, const char* src, std::uint16_t sport, const char* dst, std::uint16_t dport, std::uint8_t flags,
           std::size_t payload, const std::vector<std::string>& comments) {
    Tins::TCP tcp(dport, sport);
    tcp.flags(flags);
    Tins::EthernetII frame = Tins::EthernetII() / Tins::IP(dst, src) / tcp;
    if (payload) frame /= Tins::RawPDU(std::vector<std::uint8_t>(payload, 'x'));
    Write(at, frame.serialize(), comments);
  }
  void Udp(double at, const char* src, std::uint16_t sport, const char* dst, std::uint16_t dport, std::size_t payload,
           const std::vector<std::string>& comments) {
    Tins::EthernetII frame = Tins::EthernetII() / Tins::IP(dst, src) / Tins::UDP(dport, sport) /
                             Tins::RawPDU(std::vector<std::uint8_t>(payload, 0));
    Write(at, frame.serialize(), comments);
  }
  void Commit() { m_writer.Commit(); }

 private:
  void Write(double at, const std::vector<std::uint8_t>& frame, const std::vector<std::string>& comments) {
    const auto size = static_cast<std::uint32_t>(frame.size());
    m_writer.Write(kStart + static_cast<TimeUs>(at * 1e6), size, frame.data(), size, comments);
  }
  PcapngFileWriter m_writer;
};

void WriteLoopbackCapture(const std::string& path) {
  using F = Tins::TCP::Flags;
  LoopbackCapture c(path);
  const char* lo = "127.0.0.1";
  // curl -> python3 http.server: each packet names its sender, as on loopback.
  c.Tcp(1.000, lo, 45000, lo, 8080, F::SYN, 0, Comments(kCurl));
  c.Tcp(1.001, lo, 8080, lo, 45000, F::SYN | F::ACK, 0, Comments(kServer));
  c.Tcp(1.002, lo, 45000, lo, 8080, F::ACK, 0, Comments(kCurl));
  c.Tcp(1.003, lo, 45000, lo, 8080, F::PSH | F::ACK, 80, Comments(kCurl));
  c.Tcp(1.010, lo, 8080, lo, 45000, F::PSH | F::ACK, 600, Comments(kServer));
  c.Tcp(1.011, lo, 45000, lo, 8080, F::FIN | F::ACK, 0, Comments(kCurl));
  c.Tcp(1.012, lo, 8080, lo, 45000, F::FIN | F::ACK, 0, Comments(kServer));
  // dig -> systemd-resolved at 127.0.0.53 (not a named host with --hosts 127.0.0.1).
  c.Udp(2.000, lo, 53000, "127.0.0.53", 53, 40, Comments(kDig));
  c.Udp(2.004, "127.0.0.53", 53, lo, 53000, 56, Comments(kResolver, Owner{1, "/sbin/init", "/sbin/init"}));
  // A socket a python3 worker shares with its forked child: both send on it (a conflict).
  c.Tcp(3.000, lo, 46000, lo, 9000, F::SYN, 0, Comments(kWorker));
  c.Tcp(3.001, lo, 9000, lo, 46000, F::SYN | F::ACK, 0, Comments(kServer));
  c.Tcp(3.002, lo, 46000, lo, 9000, F::ACK, 0, Comments(kWorker));
  c.Tcp(3.003, lo, 46000, lo, 9000, F::PSH | F::ACK, 20, Comments(kWorkerChild, kWorker));
  c.Tcp(3.004, lo, 46000, lo, 9000, F::RST, 0, Comments(kWorker));
  // An NTP exchange ptcpdump could not attribute: no comment, no truth row.
  c.Udp(4.000, lo, 123, lo, 50123, 48, {});
  c.Commit();
}

}  // namespace

void WriteCommentCaptures(const std::filesystem::path& corpus, const std::filesystem::path& caseDir) {
  const std::filesystem::path simulated = corpus / "sim-2host-60s";
  std::filesystem::create_directories(caseDir / "pcapng");
  TruthOwners owners(ReadAll<TruthReader>((simulated / "truth.csv").string()));
  // pc02's two minutes only: the corpus stays small, and they hold inbound and outbound sessions.
  WriteTruthCommentedCaptures({(simulated / "pcap" / "10.0.0.12_20250310T090000Z.pcap").string(),
                               (simulated / "pcap" / "10.0.0.12_20250310T090100Z.pcap").string()},
                              owners, (caseDir / "pcapng").string());
  WriteLoopbackCapture((caseDir / "loopback.pcapng").string());
}

}  // namespace ntlab::regression
