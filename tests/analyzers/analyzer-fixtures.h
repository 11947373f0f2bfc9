// Fixtures shared by the analyzer tests: hand-made packets, TLS ClientHello bytes and small pcaps
// written with libtins (explicit timestamps, never the wall clock).
#pragma once

#include "analyzers/capture/decoded-packet.h"
#include "analyzers/formats/basic-types.h"
#include "tests/support/text-files.h"

#include <tins/ethernetII.h>
#include <tins/ip.h>
#include <tins/packet.h>
#include <tins/packet_writer.h>
#include <tins/timestamp.h>
#include <tins/rawpdu.h>
#include <tins/tcp.h>
#include <tins/udp.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace ntlab::fixtures {

using test_support::TempPath;

inline Ipv4 Ip(const char* text) { return *ParseIpv4(text); }
inline Endpoint Ep(const char* ip, std::uint16_t port) { return Endpoint{Ip(ip), port}; }
inline TimeUs Sec(double s) { return static_cast<TimeUs>(s * 1e6 + (s >= 0 ? 0.5 : -0.5)); }

/// Collects bad-packet warnings instead of printing them (BadPackets' `warn`).
struct WarningLog {
  std::vector<std::string> lines;
  std::function<void(const std::string&)> Sink() {
    return [this](const std::string& line) { lines.push_back(line); };
  }
};

/// A decoded packet as PcapPacketSource would emit it (no payload unless given).
inline DecodedPacket Packet(TimeUs ts, Proto proto, Endpoint src, Endpoint dst, std::uint8_t flags = 0,
                            std::uint16_t ipLength = 60, std::uint32_t seq = 0,
                            const std::vector<std::uint8_t>* payload = nullptr) {
  DecodedPacket p;
  p.ts = ts;
  p.proto = proto;
  p.src = src;
  p.dst = dst;
  p.tcp_flags = flags;
  p.tcp_seq = seq;
  p.ip_length = ipLength;
  p.wire_length = ipLength + 14u;
  if (payload) {
    p.payload = payload->data();
    p.payload_length = static_cast<std::uint32_t>(payload->size());
  }
  return p;
}

/// A TLS 1.2-style record holding a ClientHello with the given SNI (and one more extension so
/// the parser must walk the list).
inline std::vector<std::uint8_t> ClientHelloRecord(const std::string& sni) {
  auto be16 = [](std::vector<std::uint8_t>& v, std::size_t x) {
    v.push_back(std::uint8_t(x >> 8));
    v.push_back(std::uint8_t(x));
  };
  std::vector<std::uint8_t> ext;
  be16(ext, 0x000b);  // ec_point_formats
  be16(ext, 2);
  ext.push_back(1);
  ext.push_back(0);
  if (!sni.empty()) {
    be16(ext, 0x0000);  // server_name
    be16(ext, sni.size() + 5);
    be16(ext, sni.size() + 3);
    ext.push_back(0);   // host_name
    be16(ext, sni.size());
    ext.insert(ext.end(), sni.begin(), sni.end());
  }
  std::vector<std::uint8_t> body = {0x03, 0x03};
  for (int i = 0; i < 32; ++i) body.push_back(std::uint8_t(i));  // random
  body.push_back(0);                                              // session id
  be16(body, 4);
  body.insert(body.end(), {0x13, 0x01, 0xc0, 0x2f});              // cipher suites
  body.push_back(1);
  body.push_back(0);                                              // compression: null
  be16(body, ext.size());
  body.insert(body.end(), ext.begin(), ext.end());
  std::vector<std::uint8_t> record = {22, 3, 1};
  be16(record, body.size() + 4);
  record.push_back(1);                                            // ClientHello
  record.push_back(0);
  be16(record, body.size());
  record.insert(record.end(), body.begin(), body.end());
  return record;
}

/// Writes Ethernet/IPv4 packets to a pcap with explicit timestamps.
class PcapBuilder {
 public:
  explicit PcapBuilder(const std::string& path)
      : m_writer(path, Tins::DataLinkType<Tins::EthernetII>()) {}

  void Tcp(TimeUs ts, Endpoint src, Endpoint dst, std::uint8_t flags, std::uint32_t seq = 1000,
           const std::vector<std::uint8_t>& payload = {}) {
    Tins::TCP tcp(dst.port, src.port);
    tcp.flags(flags);
    tcp.seq(seq);
    Tins::EthernetII frame = Tins::EthernetII() / Ip(src, dst) / tcp;
    if (!payload.empty()) frame /= Tins::RawPDU(payload);
    Write(ts, frame);
  }
  void Udp(TimeUs ts, Endpoint src, Endpoint dst, std::size_t payloadBytes) {
    UdpPayload(ts, src, dst, std::vector<std::uint8_t>(payloadBytes, 0x42));
  }
  void UdpPayload(TimeUs ts, Endpoint src, Endpoint dst, const std::vector<std::uint8_t>& payload) {
    Tins::EthernetII frame = Tins::EthernetII() / Ip(src, dst) / Tins::UDP(dst.port, src.port) / Tins::RawPDU(payload);
    Write(ts, frame);
  }
  /// A frame written byte for byte as given (a broken header, say).
  void Raw(TimeUs ts, const std::vector<std::uint8_t>& frame) {
    Tins::RawPDU raw(frame);
    Tins::Packet packet(raw, Tins::Timestamp(std::chrono::microseconds(ts)));
    m_writer.write(packet);
  }

 private:
  static Tins::IP Ip(Endpoint src, Endpoint dst) {
    return Tins::IP(FormatIp(dst.ip), FormatIp(src.ip));
  }
  void Write(TimeUs ts, Tins::EthernetII& frame) {
    Tins::Packet packet(frame, Tins::Timestamp(std::chrono::microseconds(ts)));
    m_writer.write(packet);
  }
  Tins::PacketWriter m_writer;
};

}  // namespace ntlab::fixtures
