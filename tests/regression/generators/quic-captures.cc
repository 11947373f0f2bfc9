// What the QUIC capture holds (host 10.0.0.11, servers in 203.0.113.0/24, resolver 10.0.0.1), one
// frame per 10 ms from 2025-03-10T09:00:00Z; every client Initial is a real, decryptable one
// (models/payload BuildQuicClientInitials), every server packet the simulator's look-alike:
//   1-6    QUIC v1 51000 -> 203.0.113.30:443, ClientHello for www.example.com over two Initials;
//          the server's Initial; 1-RTT packets both ways
//   7-9    QUIC v2 (RFC 9369) 51001 -> 203.0.113.31:443, v2.example.org in one Initial; answers
//   10-12  QUIC v1 51002 -> 203.0.113.32:443, reordered.example.net over two Initials that arrive
//          last-first, the second one retransmitted
//   13     QUIC v1 51003 -> 203.0.113.33:443: an Initial with one payload byte changed on the way
//          (does not authenticate: a bad packet, no SNI)
//   14-15  DNS 40001 -> 10.0.0.1:53 and its answer (UDP, not QUIC: no SNI, not bad)
//   16     the simulator's unencrypted look-alike Initial 51004 -> 203.0.113.34:443 (bad, no SNI)
#include "tests/regression/generators/quic-captures.h"

#include "models/payload/quic-initial-protection.h"
#include "models/payload/quic-payload.h"

#include <pcap/pcap.h>
#include <tins/tins.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <vector>

namespace ntlab::regression {
namespace {

using Bytes = std::vector<std::uint8_t>;
using namespace Tins;

constexpr std::int64_t kStartSeconds = 1741597200;  // 2025-03-10T09:00:00Z
const HWAddress<6> kHostMac("02:00:00:00:00:0b");
const HWAddress<6> kGatewayMac("02:00:00:00:00:01");
const char* kHost = "10.0.0.11";

Bytes Udp(const char* src, std::uint16_t sport, const char* dst, std::uint16_t dport, const Bytes& payload) {
  const bool outbound = std::string(src) == kHost;
  EthernetII frame = (outbound ? EthernetII(kGatewayMac, kHostMac) : EthernetII(kHostMac, kGatewayMac)) /
                     IP(dst, src) / UDP(dport, sport) / RawPDU(payload);
  return frame.serialize();
}

Bytes Out(std::uint16_t sport, const char* server, const Bytes& payload) {
  return Udp(kHost, sport, server, 443, payload);
}
Bytes In(const char* server, std::uint16_t dport, const Bytes& payload) { return Udp(server, 443, kHost, dport, payload); }

std::vector<Bytes> Frames() {
  using namespace payload;
  std::vector<Bytes> frames;
  auto v1 = BuildQuicClientInitials("www.example.com", 101, 1, kQuicVersion1, 2);
  frames.push_back(Out(51000, "203.0.113.30", v1[0]));
  frames.push_back(Out(51000, "203.0.113.30", v1[1]));
  frames.push_back(In("203.0.113.30", 51000, BuildQuicInitial(101, true, kQuicMinInitialSize, 2)));
  frames.push_back(Out(51000, "203.0.113.30", BuildQuicShort(101, false, 80, 3)));
  frames.push_back(In("203.0.113.30", 51000, BuildQuicShort(101, true, 900, 4)));
  frames.push_back(Out(51000, "203.0.113.30", BuildQuicShort(101, false, 60, 5)));
  auto v2 = BuildQuicClientInitials("v2.example.org", 102, 6, kQuicVersion2, 1);
  frames.push_back(Out(51001, "203.0.113.31", v2[0]));
  frames.push_back(In("203.0.113.31", 51001, BuildQuicInitial(102, true, kQuicMinInitialSize, 7)));
  frames.push_back(Out(51001, "203.0.113.31", BuildQuicShort(102, false, 70, 8)));
  auto reordered = BuildQuicClientInitials("reordered.example.net", 103, 9, kQuicVersion1, 2);
  frames.push_back(Out(51002, "203.0.113.32", reordered[1]));
  frames.push_back(Out(51002, "203.0.113.32", reordered[1]));
  frames.push_back(Out(51002, "203.0.113.32", reordered[0]));
  auto damaged = BuildQuicClientInitials("damaged.example.com", 104, 10, kQuicVersion1, 1)[0];
  damaged[400] ^= 0x01;
  frames.push_back(Out(51003, "203.0.113.33", damaged));
  DNS query;
  query.id(0x4242);
  query.recursion_desired(1);
  query.add_query(DNS::query("www.example.com", DNS::A, DNS::INTERNET));
  frames.push_back(Udp(kHost, 40001, "10.0.0.1", 53, query.serialize()));
  DNS answer = query;
  answer.type(DNS::RESPONSE);
  answer.add_answer(DNS::resource("www.example.com", "203.0.113.30", DNS::A, DNS::INTERNET, 300));
  frames.push_back(Udp("10.0.0.1", 53, kHost, 40001, answer.serialize()));
  frames.push_back(Out(51004, "203.0.113.34", BuildQuicInitial(105, false, kQuicMinInitialSize, 11)));
  return frames;
}

}  // namespace

void WriteQuicCapture(const std::string& path) {
  std::unique_ptr<pcap_t, void (*)(pcap_t*)> dead(pcap_open_dead(DLT_EN10MB, 65535), &pcap_close);
  pcap_dumper_t* dumper = pcap_dump_open(dead.get(), path.c_str());
  if (!dumper) throw std::runtime_error(path + ": cannot write: " + pcap_geterr(dead.get()));
  std::int64_t tick = 0;  // 10 ms each
  for (const Bytes& frame : Frames()) {
    pcap_pkthdr header{};
    header.ts.tv_sec = static_cast<time_t>(kStartSeconds + tick / 100);
    header.ts.tv_usec = static_cast<suseconds_t>(tick % 100 * 10000);
    header.caplen = header.len = static_cast<bpf_u_int32>(frame.size());
    pcap_dump(reinterpret_cast<u_char*>(dumper), &header, frame.data());
    ++tick;
  }
  pcap_dump_close(dumper);
}

void WriteTruncatedCopy(const std::string& source, const std::string& out, unsigned cut) {
  std::filesystem::copy_file(source, out, std::filesystem::copy_options::overwrite_existing);
  const auto size = std::filesystem::file_size(out);
  if (size <= cut) throw std::runtime_error(source + ": too small to cut " + std::to_string(cut) + " bytes");
  std::filesystem::resize_file(out, size - cut);
}

}  // namespace ntlab::regression
