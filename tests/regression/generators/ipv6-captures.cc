// Times are milliseconds after the first poll (polls every 50 ms): a socket opened at xx30 is in
// the poll at xx50, one living in [xx10, xx20) falls between two polls and is never logged.
#include "tests/regression/generators/ipv6-captures.h"

#include "analyzers/formats/domain-files.h"
#include "models/payload/dns-payload.h"
#include "models/payload/tls-payload.h"
#include "tests/regression/generators/capture-script.h"

#include <pcap/pcap.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

namespace ntlab::regression {
namespace {

const IpAddress kHost6 = *IpAddress::Parse("2001:db8::11");
const IpAddress kHost4 = *IpAddress::Parse("10.0.0.11");
const IpAddress kResolver6 = *IpAddress::Parse("2001:db8::2");

Endpoint At(const char* ip, std::uint16_t port) { return Endpoint{*IpAddress::Parse(ip), port}; }

ScriptConfig Config() {
  ScriptConfig config;
  config.host_ip = kHost4.V4();
  config.first_poll = AtMs(0);
  config.last_poll = AtMs(7000);
  return config;
}

TcpConnection Tls(Endpoint local, Endpoint remote, std::uint32_t pid, const char* process, double openMs,
                  double closeMs, const std::string& sni) {
  TcpConnection c;
  c.local = local;
  c.remote = remote;
  c.pid = pid;
  c.process = process;
  c.open = AtMs(openMs);
  c.close = AtMs(closeMs);
  c.host_closes = false;
  c.client_segments = {payload::BuildTlsClientHello(sni, local.port)};
  c.server_data = payload::BuildTls13ServerFlight(local.port, 1200);
  return c;
}

UdpExchange Lookup(std::uint16_t port, double atMs, const std::string& name,
                   const std::vector<payload::DnsChainRecord>& records) {
  UdpExchange u;
  u.local = {kHost6, port};
  u.remote = {kResolver6, 53};
  u.pid = 1200;
  u.process = "svchost.exe";
  u.open = AtMs(atMs);
  u.close = AtMs(atMs + 10);
  u.request = payload::BuildDnsQuery(port, name, payload::kDnsTypeAaaa);
  u.response = payload::BuildDnsChainResponse(*payload::ParseDnsQuery(u.request.data(), u.request.size()), records);
  return u;
}

payload::DnsChainRecord Aaaa(const char* owner, const char* address) {
  return {owner, payload::kDnsTypeAaaa, address, 300};
}

}  // namespace

void WriteIpv6Case(const std::filesystem::path& dir) {
  CaptureScript s(Config());
  const TimeUs end = AtMs(7001);
  s.Listen(135, 1020, "svchost.exe", AtMs(0), end);
  s.Listen(445, 4, "System", AtMs(0), end);
  s.Udp(Lookup(51001, 500, "cdn6.example", {Aaaa("cdn6.example", "2001:db8:1::60"), Aaaa("cdn6.example", "2001:db8:1::61")}));
  // Logged with their events: stage A; chrome.exe learns cdn6.example for the SNI stage.
  s.Tcp(Tls({kHost6, 50701}, At("2001:db8:1::60", 443), 6540, "chrome.exe", 1030, 1400, "cdn6.example"));
  s.Tcp(Tls({kHost6, 50702}, At("2001:db8:1::60", 443), 6540, "chrome.exe", 2030, 2400, "cdn6.example"));
  // Between two polls, events lost: only the SNI names its process.
  TcpConnection unseen = Tls({kHost6, 50703}, At("2001:db8:1::61", 443), 6540, "chrome.exe", 3010, 3020, "cdn6.example");
  unseen.open_event = unseen.close_event = false;
  s.Tcp(unseen);
  // The same host over IPv4 (dual stack), and an address no answer named.
  s.Tcp(Tls({kHost4, 50704}, At("198.51.100.63", 443), 9100, "Code.exe", 4030, 4400, "update.example.net"));
  s.Tcp(Tls({kHost6, 50705}, At("2001:db8:2::80", 443), 6600, "msedge.exe", 5030, 5400, "hardcoded.example"));
  UdpExchange big;  // a large UDP request, fragmented in the fragments copy
  big.local = {kHost6, 50800};
  big.remote = At("2001:db8:2::70", 4500);
  big.pid = 3300;
  big.process = "python.exe";
  big.open = AtMs(6030);
  big.close = AtMs(6400);
  big.request = payload::Bytes(900, 0x5a);
  big.response = payload::Bytes(40, 0xa5);
  s.Udp(big);
  s.Write(dir);
  WriteExpectedDomainsCsv((dir / "expected-domains.csv").string(),
                          {{Proto::Tcp, {kHost6, 50701}, At("2001:db8:1::60", 443), "cdn6.example"},
                           {Proto::Tcp, {kHost6, 50702}, At("2001:db8:1::60", 443), "cdn6.example"},
                           {Proto::Tcp, {kHost6, 50703}, At("2001:db8:1::61", 443), "cdn6.example"}});
}

namespace {

using Pcap = std::unique_ptr<pcap_t, void (*)(pcap_t*)>;
constexpr std::size_t kEthernet = 14, kFixed = 40, kMaxPiece = 128;

void Dump(pcap_dumper_t* dumper, const pcap_pkthdr& original, const payload::Bytes& frame) {
  pcap_pkthdr header = original;
  header.caplen = header.len = static_cast<bpf_u_int32>(frame.size());
  pcap_dump(reinterpret_cast<u_char*>(dumper), &header, frame.data());
}

// The fragments of the IPv6 frame `f`: each the Ethernet and fixed headers, a fragment header,
// and up to kMaxPiece bytes of what followed the fixed header.
std::vector<payload::Bytes> Fragments(const std::uint8_t* f, std::size_t size, std::uint32_t id) {
  const std::uint8_t* rest = f + kEthernet + kFixed;
  const std::size_t restSize = size - kEthernet - kFixed;
  std::vector<payload::Bytes> pieces;
  for (std::size_t offset = 0; offset < restSize; offset += kMaxPiece) {
    const std::size_t length = std::min(kMaxPiece, restSize - offset);
    const bool more = offset + length < restSize;
    payload::Bytes piece(f, f + kEthernet + kFixed);
    const std::size_t payloadLength = 8 + length;
    piece[kEthernet + 4] = std::uint8_t(payloadLength >> 8);
    piece[kEthernet + 5] = std::uint8_t(payloadLength);
    piece[kEthernet + 6] = 44;  // fragment header
    const std::uint16_t field = std::uint16_t(offset | (more ? 1 : 0));
    piece.insert(piece.end(), {f[kEthernet + 6], 0, std::uint8_t(field >> 8), std::uint8_t(field),
                               std::uint8_t(id >> 24), std::uint8_t(id >> 16), std::uint8_t(id >> 8), std::uint8_t(id)});
    piece.insert(piece.end(), rest + offset, rest + offset + length);
    pieces.push_back(std::move(piece));
  }
  return pieces;
}

}  // namespace

void WriteIpv6FragmentedCopy(const std::filesystem::path& in, const std::filesystem::path& out) {
  char error[PCAP_ERRBUF_SIZE] = {};
  Pcap source(pcap_open_offline(in.c_str(), error), &pcap_close);
  if (!source) throw std::runtime_error(in.string() + ": " + error);
  Pcap dead(pcap_open_dead(DLT_EN10MB, 65535), &pcap_close);
  pcap_dumper_t* dumper = pcap_dump_open(dead.get(), out.c_str());
  if (!dumper) throw std::runtime_error(out.string() + ": cannot write: " + pcap_geterr(dead.get()));
  pcap_pkthdr* header = nullptr;
  const u_char* data = nullptr;
  std::uint32_t id = 0x1000;
  while (pcap_next_ex(source.get(), &header, &data) == 1) {
    const bool ipv6 = header->caplen >= kEthernet + kFixed && data[12] == 0x86 && data[13] == 0xdd;
    if (!ipv6 || header->caplen - kEthernet - kFixed <= 256) {
      Dump(dumper, *header, payload::Bytes(data, data + header->caplen));
      continue;
    }
    std::vector<payload::Bytes> pieces = Fragments(data, header->caplen, id);
    if (id++ % 2 == 1) std::reverse(pieces.begin(), pieces.end());
    for (const auto& piece : pieces) Dump(dumper, *header, piece);
  }
  pcap_dump_close(dumper);
}

}  // namespace ntlab::regression
