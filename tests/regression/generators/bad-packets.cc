#include "tests/regression/generators/bad-packets.h"

#include <pcap/pcap.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace ntlab::regression {
namespace {

namespace fs = std::filesystem;
using Frame = std::vector<std::uint8_t>;

constexpr std::size_t kEthernet = 14;
constexpr std::uint8_t kTcp = 6, kUdp = 17;

std::uint16_t Be16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }
void SetBe16(std::uint8_t* p, std::uint32_t v) {
  p[0] = std::uint8_t(v >> 8);
  p[1] = std::uint8_t(v);
}

// Where the parts of an Ethernet/IPv4 TCP or UDP frame are; `proto` 0 for anything else.
struct Layout {
  std::uint8_t proto = 0;
  std::size_t l4 = 0;       // transport header
  std::size_t payload = 0;  // transport payload
  std::size_t end = 0;      // end of the IPv4 packet
};

Layout LayoutOf(const Frame& f) {
  Layout l;
  if (f.size() < kEthernet + 20 || Be16(&f[12]) != 0x0800) return l;
  std::size_t ihl = std::size_t(f[kEthernet] & 0x0f) * 4;
  l.end = std::min(f.size(), kEthernet + Be16(&f[kEthernet + 2]));
  l.l4 = kEthernet + ihl;
  if (f[kEthernet + 9] == kTcp && l.end >= l.l4 + 20) l.payload = l.l4 + std::size_t(f[l.l4 + 12] >> 4) * 4;
  else if (f[kEthernet + 9] == kUdp && l.end >= l.l4 + 8) l.payload = l.l4 + 8;
  else return l;
  l.proto = f[kEthernet + 9];
  return l;
}

bool IsClientHello(const Frame& f, const Layout& l) {
  return l.proto == kTcp && l.end > l.payload + 5 && f[l.payload] == 22 && f[l.payload + 1] == 3 &&
         f[l.payload + 5] == 1;
}

/// Copies `in` to `out` frame by frame; `edit` may change a frame and says whether it did.
/// Returns how many frames it changed.
int Rewrite(const fs::path& in, const fs::path& out, const std::function<bool(Frame&)>& edit) {
  char error[PCAP_ERRBUF_SIZE];
  std::unique_ptr<pcap_t, void (*)(pcap_t*)> reader(pcap_open_offline(in.c_str(), error), pcap_close);
  if (!reader) throw std::runtime_error(in.string() + ": " + error);
  std::unique_ptr<pcap_t, void (*)(pcap_t*)> dead(
      pcap_open_dead(pcap_datalink(reader.get()), pcap_snapshot(reader.get())), pcap_close);
  fs::create_directories(out.parent_path());
  pcap_dumper_t* dumper = pcap_dump_open(dead.get(), out.c_str());
  if (!dumper) throw std::runtime_error(out.string() + ": " + pcap_geterr(dead.get()));
  int edits = 0;
  pcap_pkthdr* header = nullptr;
  const u_char* data = nullptr;
  while (pcap_next_ex(reader.get(), &header, &data) == 1) {
    Frame frame(data, data + header->caplen);
    edits += edit(frame) ? 1 : 0;
    pcap_dump(reinterpret_cast<u_char*>(dumper), header, frame.data());
  }
  pcap_dump_close(dumper);
  return edits;
}

void Require(int edits, int wanted, const fs::path& in) {
  if (edits != wanted)
    throw std::runtime_error(in.string() + ": " + std::to_string(edits) + " packets to break, " +
                             std::to_string(wanted) + " wanted");
}

// The first DNS response with an answer: its first answer's owner name begins with the length
// of a label; that byte becomes 0xc0, so the name starts with a compression pointer to the offset
// of the label's first letter ('g' of gmail.com: 103), past the end of the 78-byte message.
void BreakDnsAnswer(const fs::path& in, const fs::path& out) {
  bool done = false;
  int edits = Rewrite(in, out, [&done](Frame& f) {
    Layout l = LayoutOf(f);
    if (done || l.proto != kUdp || Be16(&f[l.l4]) != 53 || l.end < l.payload + 12) return false;
    const std::size_t dns = l.payload;
    if (Be16(&f[dns + 4]) != 1 || Be16(&f[dns + 6]) == 0) return false;
    std::size_t at = dns + 12;
    while (at < l.end && f[at] != 0) at += 1 + f[at];  // the question's name, uncompressed
    at += 1 + 4;                                       // its end, type and class
    if (at >= l.end || f[at] == 0 || (f[at] & 0xc0)) return false;
    f[at] = 0xc0;
    return done = true;
  });
  Require(edits, 1, in);
}

// The first ClientHello's record length becomes 1024, more than the client ever sends on that
// connection; the second ClientHello's extension list grows by 64 bytes past the hello; the
// host's first bare ACK after the first ClientHello gets an IPv4 header length of 3 (12 bytes).
void BreakTlsAndIp(const fs::path& in, const fs::path& out, std::uint32_t host) {
  int hellos = 0;
  bool ackBroken = false;
  int edits = Rewrite(in, out, [&](Frame& f) {
    Layout l = LayoutOf(f);
    if (IsClientHello(f, l) && hellos < 2) {
      std::uint8_t* p = &f[l.payload];
      if (++hellos == 1) {
        SetBe16(p + 3, 1024);
      } else {
        std::size_t at = 5 + 4 + 2 + 32;      // record, handshake header, version, random
        at += 1 + p[at];                      // session id
        at += 2 + Be16(p + at);               // cipher suites
        at += 1 + p[at];                      // compression methods
        SetBe16(p + at, Be16(p + at) + 64u);  // extension list length
      }
      return true;
    }
    const bool fromHost =
        l.proto == kTcp && Be16(&f[kEthernet + 12]) == (host >> 16) && Be16(&f[kEthernet + 14]) == (host & 0xffff);
    if (hellos == 1 && !ackBroken && fromHost && f[l.l4 + 13] == 0x10 && l.payload == l.end) {
      f[kEthernet] = 0x43;
      return ackBroken = true;
    }
    return false;
  });
  Require(edits, 3, in);
}

// The first Zeus report ("POST /gate.php HTTP/1.1"): HTTP/1.1 becomes HTTQ/1.1.
void BreakHttpRequest(const fs::path& in, const fs::path& out) {
  static const std::string kLine = "POST /gate.php HTTP/1.1\r\n";
  bool done = false;
  int edits = Rewrite(in, out, [&done](Frame& f) {
    Layout l = LayoutOf(f);
    if (done || l.proto != kTcp || l.end < l.payload + kLine.size()) return false;
    if (!std::equal(kLine.begin(), kLine.end(), f.begin() + std::ptrdiff_t(l.payload))) return false;
    f[l.payload + kLine.find("HTTP/") + 3] = 'Q';
    return done = true;
  });
  Require(edits, 1, in);
}

}  // namespace

void WriteBadPacketCaptures(const fs::path& corpus) {
  BreakDnsAnswer(corpus / "kraken-detection/pcap/10.0.0.11_20250310T090000Z.pcap",
                 corpus / "bad-packet-dns-answer/10.0.0.11_20250310T090000Z.pcap");
  BreakTlsAndIp(corpus / "sim-2host-60s/pcap/10.0.0.12_20250310T090000Z.pcap",
                corpus / "bad-packet-tls-ip/10.0.0.12_20250310T090000Z.pcap", 0x0a00000c);
  BreakHttpRequest(corpus / "zeus-clustering/pcap/10.0.0.12_20250310T091000Z.pcap",
                   corpus / "bad-packet-http-request/10.0.0.12_20250310T091000Z.pcap");
}

}  // namespace ntlab::regression
