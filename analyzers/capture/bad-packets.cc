#include "analyzers/capture/bad-packets.h"

#include "analyzers/formats/basic-types.h"

#include <cstdio>

namespace ntlab {
namespace {

struct ReasonName {
  const char* key;
  const char* label;
};

constexpr ReasonName kReasonNames[kBadPacketReasons] = {
    {"record_time", "record time"},
    {"link_header", "link header"},
    {"ipv4_header", "IPv4 header"},
    {"ipv6_header", "IPv6 header"},
    {"tcp_header", "TCP header"},
    {"udp_header", "UDP header"},
    {"tls_client_hello", "TLS ClientHello"},
    {"quic_initial", "QUIC Initial"},
    {"dns_header", "DNS header"},
    {"dns_question", "DNS question"},
    {"dns_answer", "DNS answer"},
    {"dns_authority", "DNS authority"},
    {"dns_additional", "DNS additional"},
    {"http_request", "HTTP request"},
    {"http_response", "HTTP response"},
    {"pcapng_block", "pcapng block"},
};

std::size_t Index(BadPacketReason reason) { return static_cast<std::size_t>(reason); }

void WarnOnStderr(const std::string& line) {
  std::fprintf(stderr, "ntlab: warning: %s\n", EscapeForMessage(line).c_str());
}

}  // namespace

const char* Key(BadPacketReason reason) { return kReasonNames[Index(reason)].key; }
const char* Label(BadPacketReason reason) { return kReasonNames[Index(reason)].label; }

std::uint64_t BadPacketCounts::Total() const {
  std::uint64_t total = 0;
  for (std::uint64_t n : by_reason) total += n;
  return total;
}

nlohmann::json BadPacketCounts::ToJson() const {
  nlohmann::json reasons = nlohmann::json::object();
  for (std::size_t i = 0; i < kBadPacketReasons; ++i)
    if (by_reason[i] > 0) reasons[kReasonNames[i].key] = by_reason[i];
  return {{"total", Total()}, {"by_reason", reasons}};
}

std::string BadPacketCounts::Describe() const {
  std::string text;
  for (std::size_t i = 0; i < kBadPacketReasons; ++i) {
    if (by_reason[i] == 0) continue;
    if (!text.empty()) text += ", ";
    text += std::string(kReasonNames[i].label) + " " + std::to_string(by_reason[i]);
  }
  return text;
}

BadPackets::BadPackets(Warn warn) : m_warn(warn ? std::move(warn) : Warn(WarnOnStderr)) {}

void BadPackets::Report(const PacketOrigin& origin, BadPacketReason reason, const std::string& detail) {
  std::uint64_t seen = ++m_counts.by_reason[Index(reason)];
  if (seen > kNamedPerReason) return;
  std::string file = origin.file ? *origin.file : std::string("(capture)");
  m_warn(file + ": packet " + std::to_string(origin.number) + ": " + Label(reason) + ": " + detail);
}

void BadPackets::WarnSummary() const {
  std::uint64_t total = m_counts.Total();
  if (total == 0) return;
  m_warn(std::to_string(total) + (total == 1 ? " bad packet" : " bad packets") + " skipped (" + m_counts.Describe() +
         "); the first " + std::to_string(kNamedPerReason) + " of each reason are named above");
}

void ReportBadPacket(const PacketOrigin& origin, BadPacketReason reason, const std::string& detail) {
  if (origin.bad_packets) origin.bad_packets->Report(origin, reason, detail);
}

void ReportBadPacket(const DecodedPacket& packet, BadPacketReason reason, const std::string& detail) {
  if (packet.origin) ReportBadPacket(*packet.origin, reason, detail);
}

}  // namespace ntlab
