// Integration check: the payload builders' output, written into a capture, is recognised by a
// real dissector (tshark) the way the analyzers and the labelling pipeline expect.

#include "models/payload/dns-payload.h"
#include "models/payload/http-payload.h"
#include "models/payload/split-mix64.h"
#include "models/payload/ssh-payload.h"
#include "models/payload/tls-payload.h"

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
#include "tests/support/build-paths.h"

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

// A whole SSH session as SshClientApplication and InboundServerApplication hold it: banners,
// plaintext curve25519 key exchange, NEWKEYS both ways, then encrypted exchanges.
void WriteSshConversation(CaptureBuilder& cap, uint64_t seed) {
  const std::string client = "198.51.100.7", server = "10.0.0.20";
  uint32_t cseq = 1, sseq = 1;
  auto c2s = [&](const Bytes& b) {
    cap.Tcp(client, 40000, server, 22, cseq, b);
    cseq += uint32_t(b.size());
  };
  auto s2c = [&](const Bytes& b) {
    cap.Tcp(server, 22, client, 40000, sseq, b);
    sseq += uint32_t(b.size());
  };
  c2s(BuildSshBanner("OpenSSH_9.2"));
  s2c(BuildSshBanner("OpenSSH_for_Windows_8.6"));
  c2s(BuildSshKexInit(DeriveSeed(seed, 1), false));
  s2c(BuildSshKexInit(DeriveSeed(seed, 2), true));
  c2s(BuildSshKexEcdhInit(DeriveSeed(seed, 3)));
  Bytes reply = BuildSshKexEcdhReply(DeriveSeed(seed, 4), 77);
  Bytes newKeys = BuildSshNewKeys();
  reply.insert(reply.end(), newKeys.begin(), newKeys.end());
  s2c(reply);
  c2s(BuildSshNewKeys());
  for (uint64_t i = 0; i < 4; ++i) {
    c2s(BuildSshEncryptedPacket(36 + 40 * i, DeriveSeed(seed, 10 + i)));
    s2c(BuildSshEncryptedPacket(32 + 150 * i, DeriveSeed(seed, 20 + i)));
  }
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
    WriteSshConversation(cap, 3);
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

  // The SSH session: every key exchange message decoded in clear, encrypted packets after it.
  std::string ssh = RunCommand(tshark + " -n -r " + path +
                               " -Y ssh -T fields -e ssh.message_code -e _ws.col.Info 2>/dev/null");
  INFO(ssh);
  CHECK(ssh.find("20\tClient: Key Exchange Init") != std::string::npos);
  CHECK(ssh.find("20\tServer: Key Exchange Init") != std::string::npos);
  CHECK(ssh.find("30\tClient: Elliptic Curve Diffie-Hellman Key Exchange Init") != std::string::npos);
  CHECK(ssh.find("31,21\tServer: Elliptic Curve Diffie-Hellman Key Exchange Reply, New Keys") !=
        std::string::npos);
  CHECK(ssh.find("21\tClient: New Keys") != std::string::npos);
  std::string kex = RunCommand(tshark + " -n -r " + path +
                               " -Y ssh -T fields -e ssh.kex_algorithms -e ssh.host_key.type"
                               " -e ssh.ecdh.q_c_length -e ssh.ecdh.q_s_length -e ssh.host_sig.type"
                               " 2>/dev/null");
  INFO(kex);
  CHECK(kex.find("curve25519-sha256,") != std::string::npos);
  CHECK(kex.find("\tssh-ed25519\t\t32\tssh-ed25519") != std::string::npos);  // ECDH_REPLY
  CHECK(kex.find("\t\t32\t\t") != std::string::npos);                         // ECDH_INIT
  // After NEWKEYS: SSH frames with no clear message, under the negotiated algorithms. tshark
  // labels them "Encrypted packet (len=N)" when it cannot attempt decryption; 4.0 attempts
  // aes128-ctr without keys, finds nothing and leaves the Info column at "Client: "/"Server: ".
  std::string encrypted = RunCommand(tshark + " -n -r " + path +
                                     " -Y 'ssh && !ssh.message_code && !ssh.protocol'"
                                     " -T fields -e _ws.col.Info 2>/dev/null");
  INFO(encrypted);
  size_t lines = 0;
  for (size_t at = 0; (at = encrypted.find('\n', at)) != std::string::npos; ++at) ++lines;
  CHECK(lines == 8);  // 4 client packets, 4 server answers
  for (const char* bare : {"Client: \n", "Server: \n"}) {
    std::string text = encrypted;
    for (size_t at; (at = text.find("Encrypted packet")) != std::string::npos;) {
      text.erase(at, text.find('\n', at) - at);
    }
    CHECK(text.find(bare) != std::string::npos);
  }
  std::string chosen = RunCommand(tshark + " -n -r " + path + " -Y ssh -V 2>/dev/null");
  CHECK(chosen.find("Key Exchange (method:curve25519-sha256)") != std::string::npos);
  CHECK(chosen.find("SSH Version 2 (encryption:aes128-ctr") != std::string::npos);

  // Nothing the dissectors consider malformed.
  std::string malformed = RunCommand(tshark + " -n -r " + path + " -Y _ws.malformed 2>/dev/null");
  CHECK(malformed.empty());
}
