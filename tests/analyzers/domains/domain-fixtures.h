// Hand-made packet sequences for the domain labelling tests: DNS responses (with CNAME chains and
// AAAA records, built by models/payload) and TCP flows, fed straight to a DomainFlowMonitor.
#pragma once

#include "analyzers/domains/domain-flow-monitor.h"
#include "models/payload/dns-payload.h"
#include "tests/analyzers/analyzer-fixtures.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ntlab::fixtures {

/// Collects the monitor's flows by remote port (each test gives its flows distinct host ports).
struct FlowCollector : DomainFlowObserver {
  std::vector<DomainFlowRow> flows;
  std::map<std::uint16_t, DomainLabel> labels_at_start;  // by host port
  void OnLabelledPacket(const Session& s, const DomainLabel& label, const DecodedPacket&) override {
    if (s.packets == 1) labels_at_start[s.key.host.port] = label;
  }
  void OnFlowFinished(const DomainFlowRow& flow) override { flows.push_back(flow); }
  const DomainFlowRow& ByHostPort(std::uint16_t port) const {
    for (const auto& f : flows)
      if (f.host.port == port) return f;
    throw std::runtime_error("no flow from host port " + std::to_string(port));
  }
};

/// Feeds packets built on the fly; payload buffers live as long as the feed.
class PacketFeed {
 public:
  explicit PacketFeed(PacketSink& sink) : m_sink(sink) {}

  /// A response from resolver 10.0.0.53:53 to `client`:`port`, the question `name`, `records`.
  void Answer(double at, const char* client, std::uint16_t port, const std::string& name,
              const std::vector<payload::DnsChainRecord>& records) {
    payload::DnsQuestion q{port, name, payload::kDnsTypeA, true};
    Send(Packet(Sec(at), Proto::Udp, Ep("10.0.0.53", 53), Ep(client, port)),
         payload::BuildDnsChainResponse(q, records));
  }
  /// A response with A records only, each owned by the question.
  void AnswerA(double at, const char* client, std::uint16_t port, const std::string& name,
               const std::vector<std::string>& addresses, std::uint32_t ttl) {
    std::vector<payload::DnsChainRecord> records;
    for (const auto& a : addresses) records.push_back({name, payload::kDnsTypeA, a, ttl});
    Answer(at, client, port, name, records);
  }
  /// A short TCP connection from `client`:`port` to `server`:443: SYN, SYN/ACK, then a
  /// ClientHello with `sni` (none when empty), then FIN both ways.
  void Connect(double at, const char* client, std::uint16_t port, const char* server, const std::string& sni = "") {
    Endpoint c = Ep(client, port), s = Ep(server, 443);
    m_sink.OnPacket(Packet(Sec(at), Proto::Tcp, c, s, TcpFlag::kSyn, 60, 1000));
    m_sink.OnPacket(Packet(Sec(at + 0.01), Proto::Tcp, s, c, TcpFlag::kSyn | TcpFlag::kAck, 60, 5000));
    if (!sni.empty())
      Send(Packet(Sec(at + 0.02), Proto::Tcp, c, s, TcpFlag::kAck | TcpFlag::kPsh, 200, 1001), ClientHelloRecord(sni));
    m_sink.OnPacket(Packet(Sec(at + 0.03), Proto::Tcp, c, s, TcpFlag::kFin | TcpFlag::kAck, 52, 1500));
    m_sink.OnPacket(Packet(Sec(at + 0.04), Proto::Tcp, s, c, TcpFlag::kFin | TcpFlag::kAck, 52, 5001));
  }

 private:
  void Send(DecodedPacket p, std::vector<std::uint8_t> bytes) {
    m_payloads.push_back(std::make_unique<std::vector<std::uint8_t>>(std::move(bytes)));
    p.payload = m_payloads.back()->data();
    p.payload_length = static_cast<std::uint32_t>(m_payloads.back()->size());
    m_sink.OnPacket(p);
  }
  PacketSink& m_sink;
  std::vector<std::unique_ptr<std::vector<std::uint8_t>>> m_payloads;
};

}  // namespace ntlab::fixtures
