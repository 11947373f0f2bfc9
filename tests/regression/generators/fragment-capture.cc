// What the capture holds, in order (host 10.0.0.11, gateway and resolver 10.0.0.1, servers in
// 203.0.113.0/24), one frame per millisecond from 2025-03-10T09:00:00Z:
//   1-2    ARP who-has 10.0.0.1 and its reply
//   3-5    TCP handshake 10.0.0.11:50000 -> 203.0.113.10:80
//   6      the HTTP request
//   7-8    the response: 2000 bytes in one segment, fragmented in two (1480 + 540 bytes of IP payload)
//   9-10   DNS query and answer 10.0.0.11:40001 <-> 10.0.0.1:53
//   11-13  one 3000-byte UDP datagram 10.0.0.11:40002 -> 203.0.113.20:9000 in three fragments
//   14     a UDP datagram sent without checksum (0) 10.0.0.11:40003 -> 203.0.113.20:9000
//   15-16  ICMP echo request and reply with 10.0.0.1
//   17-18  a TCP segment to 203.0.113.10:80 whose first fragment holds only 8 bytes (the ports,
//          not the checksum): the tiny-fragment pattern of RFC 1858
#include "tests/regression/generators/fragment-capture.h"

#include <pcap/pcap.h>
#include <tins/tins.h>

#include <cstring>
#include <stdexcept>
#include <vector>

namespace ntlab::regression {
namespace {

using Bytes = std::vector<std::uint8_t>;
using namespace Tins;

constexpr std::int64_t kStartSeconds = 1741597200;  // 2025-03-10T09:00:00Z
const HWAddress<6> kHostMac("02:00:00:00:00:0b");
const HWAddress<6> kGatewayMac("02:00:00:00:00:01");

EthernetII Outbound() { return EthernetII(kGatewayMac, kHostMac); }
EthernetII Inbound() { return EthernetII(kHostMac, kGatewayMac); }

TCP Segment(std::uint16_t dport, std::uint16_t sport, std::uint32_t seq, std::uint32_t ack, std::uint8_t flags) {
  TCP tcp(dport, sport);
  tcp.seq(seq);
  tcp.ack_seq(ack);
  tcp.flags(flags);
  tcp.window(64240);
  return tcp;
}

IP Datagram(const char* dst, const char* src, std::uint16_t id) {
  IP ip(dst, src);
  ip.id(id);
  ip.ttl(64);
  return ip;
}

void SetBe16(Bytes& frame, std::size_t at, std::uint16_t value) {
  frame[at] = static_cast<std::uint8_t>(value >> 8);
  frame[at + 1] = static_cast<std::uint8_t>(value);
}

// Slices an Ethernet/IPv4 frame (20-byte IP header) into fragments of at most `each` bytes of IP
// payload (a multiple of 8; the first fragment may be given its own size); header checksums right.
std::vector<Bytes> Fragments(const Bytes& frame, std::size_t first, std::size_t each) {
  const std::size_t ip = 14, header = 20, payload = frame.size() - ip - header;
  std::vector<Bytes> fragments;
  for (std::size_t offset = 0; offset < payload;) {
    const std::size_t size = std::min(offset == 0 ? first : each, payload - offset);
    Bytes f(frame.begin(), frame.begin() + ip + header);
    f.insert(f.end(), frame.begin() + ip + header + offset, frame.begin() + ip + header + offset + size);
    SetBe16(f, ip + 2, static_cast<std::uint16_t>(header + size));
    const bool more = offset + size < payload;
    SetBe16(f, ip + 6, static_cast<std::uint16_t>((more ? 0x2000 : 0) | offset / 8));
    f[ip + 10] = f[ip + 11] = 0;
    const std::uint16_t sum = Utils::sum_range(f.data() + ip, f.data() + ip + header);
    const std::uint16_t checksum = static_cast<std::uint16_t>(~sum);
    std::memcpy(f.data() + ip + 10, &checksum, 2);  // sum_range adds in memory order
    fragments.push_back(std::move(f));
    offset += size;
  }
  return fragments;
}

std::vector<Bytes> Frames() {
  std::vector<Bytes> frames;
  auto add = [&](PDU&& pdu) { frames.push_back(pdu.serialize()); };
  auto addAll = [&](const std::vector<Bytes>& more) { frames.insert(frames.end(), more.begin(), more.end()); };
  EthernetII who = ARP::make_arp_request("10.0.0.1", "10.0.0.11", kHostMac);
  add(std::move(who));
  add(ARP::make_arp_reply("10.0.0.11", "10.0.0.1", kHostMac, kGatewayMac));
  add(Outbound() / Datagram("203.0.113.10", "10.0.0.11", 1) / Segment(80, 50000, 1000, 0, TCP::SYN));
  add(Inbound() / Datagram("10.0.0.11", "203.0.113.10", 7001) / Segment(50000, 80, 5000, 1001, TCP::SYN | TCP::ACK));
  add(Outbound() / Datagram("203.0.113.10", "10.0.0.11", 2) / Segment(80, 50000, 1001, 5001, TCP::ACK));
  const std::string request = "GET /config.bin HTTP/1.1\r\nHost: 203.0.113.10\r\n\r\n";
  add(Outbound() / Datagram("203.0.113.10", "10.0.0.11", 3) / Segment(80, 50000, 1001, 5001, TCP::PSH | TCP::ACK) /
      RawPDU(request));
  EthernetII response = Inbound() / Datagram("10.0.0.11", "203.0.113.10", 7002) /
                        Segment(50000, 80, 5001, 1001 + request.size(), TCP::PSH | TCP::ACK) /
                        RawPDU("HTTP/1.1 200 OK\r\nContent-Length: 1963\r\n\r\n" + std::string(1963, 'z'));
  addAll(Fragments(response.serialize(), 1480, 1480));
  DNS query;
  query.id(0x1234);
  query.recursion_desired(1);
  query.add_query(DNS::query("update.example.net", DNS::A, DNS::INTERNET));
  add(Outbound() / Datagram("10.0.0.1", "10.0.0.11", 4) / UDP(53, 40001) / query);
  DNS answer = query;
  answer.type(DNS::RESPONSE);
  answer.add_answer(DNS::resource("update.example.net", "203.0.113.10", DNS::A, DNS::INTERNET, 300));
  add(Inbound() / Datagram("10.0.0.11", "10.0.0.1", 7003) / UDP(40001, 53) / answer);
  EthernetII big = Outbound() / Datagram("203.0.113.20", "10.0.0.11", 5) / UDP(9000, 40002) / RawPDU(std::string(2992, 'u'));
  addAll(Fragments(big.serialize(), 1480, 1480));
  EthernetII bare = Outbound() / Datagram("203.0.113.20", "10.0.0.11", 6) / UDP(9000, 40003) / RawPDU("no checksum");
  Bytes bareBytes = bare.serialize();
  bareBytes[14 + 20 + 6] = bareBytes[14 + 20 + 7] = 0;
  frames.push_back(bareBytes);
  add(Outbound() / Datagram("10.0.0.1", "10.0.0.11", 7) / ICMP(ICMP::ECHO_REQUEST) / RawPDU("ping"));
  add(Inbound() / Datagram("10.0.0.11", "10.0.0.1", 7004) / ICMP(ICMP::ECHO_REPLY) / RawPDU("ping"));
  EthernetII tiny = Outbound() / Datagram("203.0.113.10", "10.0.0.11", 8) /
                    Segment(80, 50001, 9000, 0, TCP::PSH | TCP::ACK) / RawPDU(std::string(64, 't'));
  addAll(Fragments(tiny.serialize(), 8, 1480));
  return frames;
}

}  // namespace

void WriteFragmentCapture(const std::string& path) {
  std::unique_ptr<pcap_t, void (*)(pcap_t*)> dead(pcap_open_dead(DLT_EN10MB, 65535), &pcap_close);
  pcap_dumper_t* dumper = pcap_dump_open(dead.get(), path.c_str());
  if (!dumper) throw std::runtime_error(path + ": cannot write: " + pcap_geterr(dead.get()));
  std::int64_t millisecond = 0;
  for (const Bytes& frame : Frames()) {
    pcap_pkthdr header{};
    header.ts.tv_sec = static_cast<time_t>(kStartSeconds + millisecond / 1000);
    header.ts.tv_usec = static_cast<suseconds_t>(millisecond % 1000 * 1000);
    header.caplen = header.len = static_cast<bpf_u_int32>(frame.size());
    pcap_dump(reinterpret_cast<u_char*>(dumper), &header, frame.data());
    ++millisecond;
  }
  pcap_dump_close(dumper);
}

}  // namespace ntlab::regression
