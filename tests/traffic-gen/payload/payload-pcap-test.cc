// Integration check: the payload builders' output, written into a capture, is recognised by a
// real dissector (tshark) the way the analyzers and the labelling pipeline expect.

#include "traffic-gen/payload/dns-payload.h"
#include "traffic-gen/payload/http-payload.h"
#include "traffic-gen/payload/ssh-payload.h"
#include "traffic-gen/payload/tls-payload.h"

#include <catch2/catch.hpp>

#include <tins/ethernetII.h>
#include <tins/ip.h>
#include <tins/packet.h>
#include <tins/packet_writer.h>
#include <tins/rawpdu.h>
#include <tins/tcp.h>
#include <tins/udp.h>

#include <cstdio>
#include <memory>
#include <string>
#include <unistd.h>

using namespace ntlab::payload;

namespace {

class CaptureBuilder {
 public:
  explicit CaptureBuilder(const std::string& path)
      : m_writer(path, Tins::DataLinkType<Tins::EthernetII>()) {}

  void Udp(const std::string& src, uint16_t sport, const std::string& dst, uint16_t dport,
           const Bytes& payload) {
    Tins::EthernetII pkt = Frame() / Tins::IP(dst, src) / Tins::UDP(dport, sport) /
                           Tins::RawPDU(payload.data(), static_cast<uint32_t>(payload.size()));
    Write(pkt);
  }

  // One data segment (PSH|ACK) of an already-established connection; tshark dissects the
  // application protocol by port without needing the handshake.
  void Tcp(const std::string& src, uint16_t sport, const std::string& dst, uint16_t dport,
           uint32_t seq, const Bytes& payload) {
    Tins::TCP tcp(dport, sport);
    tcp.flags(Tins::TCP::PSH | Tins::TCP::ACK);
    tcp.seq(seq);
    tcp.ack_seq(1);
    tcp.window(65535);
    Tins::EthernetII pkt = Frame() / Tins::IP(dst, src) / tcp /
                           Tins::RawPDU(payload.data(), static_cast<uint32_t>(payload.size()));
    Write(pkt);
  }

 private:
  static Tins::EthernetII Frame() {
    return Tins::EthernetII("00:00:00:00:00:02", "00:00:00:00:00:01");
  }
  void Write(Tins::EthernetII& pkt) {
    // Fixed, increasing packet times: the capture must not depend on the wall clock.
    Tins::Packet p(pkt, Tins::Timestamp(std::chrono::microseconds(1700000000000000LL + 1000 * m_n++)));
    m_writer.write(p);
  }

  Tins::PacketWriter m_writer;
  int m_n = 0;
};

std::string RunCommand(const std::string& cmd) {
  std::string out;
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
  REQUIRE(pipe);
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), pipe.get())) > 0) out.append(buf, n);
  return out;
}

}  // namespace

TEST_CASE("payloads written to a pcap decode in tshark", "[analysis][payload][tshark]") {
  const std::string path = std::string(NTLAB_BINARY_DIR) + "/test-payload-decode.pcap";
  {
    CaptureBuilder cap(path);
    Bytes q = BuildDnsQuery(0x4242, "clwafrfuuxq.yi.org");
    cap.Udp("10.0.0.11", 53000, "10.0.0.2", 53, q);
    cap.Udp("10.0.0.2", 53, "10.0.0.11", 53000,
            BuildDnsResponse(*ParseDnsQuery(q.data(), q.size()), {0x5db8d822u}, 300));
    cap.Tcp("10.0.0.11", 50001, "93.184.216.34", 443, 1, BuildTlsClientHello("www.example.com", 7));
    Bytes flight = BuildTls13ServerFlight(7, 2800);
    cap.Tcp("93.184.216.34", 443, "10.0.0.11", 50001, 1, flight);
    Bytes client = BuildTlsClientFinished(7);
    Bytes request = BuildTlsApplicationData(500, 7);
    client.insert(client.end(), request.begin(), request.end());
    cap.Tcp("10.0.0.11", 50001, "93.184.216.34", 443,
            1 + uint32_t(BuildTlsClientHello("www.example.com", 7).size()), client);
    // A TLS 1.2 handshake on another connection, with its plaintext certificate.
    Bytes hello12 = BuildTlsClientHello("update.example.net", 8);
    cap.Tcp("10.0.0.11", 50003, "93.184.216.35", 443, 1, hello12);
    cap.Tcp("93.184.216.35", 443, "10.0.0.11", 50003, 1,
            BuildTlsServerFlight(8, 3000, "update.example.net"));
    cap.Tcp("10.0.0.11", 50003, "93.184.216.35", 443, 1 + uint32_t(hello12.size()),
            BuildTlsApplicationData(300, 8));
    cap.Tcp("10.0.0.11", 50002, "93.184.216.34", 80, 1,
            BuildHttpRequest("GET", "intranet.corp.example", "/", {{"User-Agent", "ntlab"}}));
    Bytes banner = BuildSshBanner("OpenSSH_9.2");
    cap.Tcp("198.51.100.7", 40000, "10.0.0.20", 22, 1, banner);
    cap.Tcp("198.51.100.7", 40000, "10.0.0.20", 22, 1 + uint32_t(banner.size()),
            BuildSshBinaryPacket(96, 3));
  }

  const std::string tshark = "/usr/bin/tshark";
  if (access(tshark.c_str(), X_OK) != 0) {
    WARN("tshark not installed; only the capture was written: " << path);
    return;
  }
  std::string fields = RunCommand(tshark + " -n -r " + path +
                                  " -T fields -e dns.qry.name -e tls.handshake.extensions_server_name"
                                  " -e http.host -e ssh.protocol 2>/dev/null");
  INFO(fields);
  CHECK(fields.find("clwafrfuuxq.yi.org") != std::string::npos);
  CHECK(fields.find("www.example.com") != std::string::npos);
  CHECK(fields.find("intranet.corp.example") != std::string::npos);
  CHECK(fields.find("SSH-2.0-OpenSSH_9.2") != std::string::npos);

  std::string records = RunCommand(tshark + " -n -r " + path +
                                   " -T fields -e tls.handshake.type -e tls.record.content_type"
                                   " -e tls.record.opaque_type -e dns.a 2>/dev/null");
  INFO(records);
  CHECK(records.find("93.184.216.34") != std::string::npos);  // the DNS A answer
  // TLS 1.3 records after ChangeCipherSpec show their type as opaque_type.
  CHECK(records.find("2\t22,20\t23") != std::string::npos);  // ServerHello, CCS | encrypted hs
  CHECK(records.find("\t20\t23,23") != std::string::npos);    // client CCS | Finished, data
  CHECK(records.find("2,11,14\t22,22,22") != std::string::npos);  // TLS 1.2 flight

  std::string cert = RunCommand(tshark + " -n -r " + path +
                                " -T fields -e x509sat.uTF8String -e x509af.serialNumber 2>/dev/null");
  INFO(cert);
  CHECK(cert.find("update.example.net") != std::string::npos);

  // Nothing the dissectors consider malformed.
  std::string malformed = RunCommand(tshark + " -n -r " + path + " -Y _ws.malformed 2>/dev/null");
  CHECK(malformed.empty());
}
