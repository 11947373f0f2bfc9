// Bad packets are skipped, never fatal: a packet whose headers or payload an analyzer cannot
// parse is counted by reason, the first few of each reason are named with their capture file and
// packet number in a warning, and the run goes on. Every analyzer reports through this one type:
// the packet source owns a BadPackets and hands each packet a PacketOrigin pointing at it, so an
// analyzer deep in the chain (the sessionizer's TLS parser, Kraken's DNS parser, the HTTP
// extractor) needs nothing but the packet it was given.
//
//   ntlab: warning: caps/x.pcap: packet 1234: DNS answer: compression pointer out of range
//   ntlab: warning: 7 bad packets skipped (DNS answer 6, IPv4 header 1); the first 5 of each reason are named above
#pragma once

#include "analyzers/capture/decoded-packet.h"

#include <nlohmann/json.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace ntlab {

/// Why a packet was skipped. Keys ("ipv4_header") name the counts in metrics; labels ("IPv4
/// header") start the warning's reason. A new analyzer adds its reasons here.
enum class BadPacketReason : std::uint8_t {
  RecordTime,      // a capture record whose time the formats cannot hold (beyond kMaxTimeSeconds)
  LinkHeader,      // Ethernet / cooked / loopback header cut short
  Ipv4Header,      // IPv4 header length or total length impossible
  Ipv6Header,      // IPv6 header cut short, or an extension header chain too long or running past the packet
  TcpHeader,       // TCP header cut short or data offset impossible
  UdpHeader,       // UDP header cut short
  TlsClientHello,  // a client stream that starts as a TLS handshake but is not a valid ClientHello
  QuicInitial,     // a QUIC client Initial that cannot be parsed, decrypted, or holds no valid ClientHello
  DnsHeader,       // DNS message shorter than its header
  DnsQuestion,     // the question section, per section so that the warning says where
  DnsAnswer,
  DnsAuthority,
  DnsAdditional,
  HttpRequest,   // an HTTP request (known method) whose header block cannot be parsed
  HttpResponse,  // an HTTP response whose status line or header cannot be parsed
  PcapngBlock,   // a pcapng block read by PcapngBlockReader that is wrong (bad length, unknown interface …)
};
constexpr std::size_t kBadPacketReasons = static_cast<std::size_t>(BadPacketReason::PcapngBlock) + 1;

const char* Key(BadPacketReason reason);
const char* Label(BadPacketReason reason);

/// Counts of skipped packets by reason: what metrics report.
struct BadPacketCounts {
  std::array<std::uint64_t, kBadPacketReasons> by_reason{};

  std::uint64_t Total() const;
  std::uint64_t Of(BadPacketReason reason) const { return by_reason[static_cast<std::size_t>(reason)]; }
  /// {"total": n, "by_reason": {"dns_answer": 2, ...}}, reasons with a count only.
  nlohmann::json ToJson() const;
  /// "DNS answer 2, IPv4 header 1" (reasons with a count, in enum order).
  std::string Describe() const;
};

class BadPackets;

/// Where a packet came from, set by the packet source; null on synthetic feeds (tests, benches),
/// whose bad packets are then neither counted nor named.
struct PacketOrigin {
  const std::string* file = nullptr;  // the capture file; lives as long as the source
  std::uint64_t number = 0;           // 1-based record number in the file, as Wireshark counts
  BadPackets* bad_packets = nullptr;
};

class BadPackets {
 public:
  /// Receives each warning line without the "ntlab: warning: " prefix.
  using Warn = std::function<void(const std::string&)>;
  static constexpr std::uint64_t kNamedPerReason = 5;

  /// An empty `warn` prints "ntlab: warning: <line>" on stderr, control bytes escaped.
  explicit BadPackets(Warn warn = {});

  /// Counts the packet; names it in a warning while its reason has had fewer than
  /// kNamedPerReason. `detail` says what was wrong ("compression pointer out of range").
  void Report(const PacketOrigin& origin, BadPacketReason reason, const std::string& detail);
  /// One warning with the counts; nothing when no packet was bad.
  void WarnSummary() const;
  const BadPacketCounts& Counts() const { return m_counts; }

 private:
  Warn m_warn;
  BadPacketCounts m_counts;
};

/// Reports `packet` to the BadPackets of its origin (nothing for a packet without one).
void ReportBadPacket(const DecodedPacket& packet, BadPacketReason reason, const std::string& detail);
/// The same for a packet seen earlier, by the origin kept from it.
void ReportBadPacket(const PacketOrigin& origin, BadPacketReason reason, const std::string& detail);

}  // namespace ntlab
