#include "replay/rewrite/packet-rewriter.h"

#include "analyzers/capture/packet-decoder.h"
#include "replay/rewrite/checksums.h"

#include <pcap/dlt.h>

#include <algorithm>
#include <cstring>

namespace ntlab {
namespace {

constexpr std::uint16_t kEtherIpv4 = 0x0800;
constexpr std::uint16_t kEtherArp = 0x0806;
constexpr std::uint8_t kTcp = 6;
constexpr std::uint8_t kUdp = 17;

std::uint16_t Be16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }
std::uint32_t Be32(const std::uint8_t* p) {
  return std::uint32_t(p[0]) << 24 | std::uint32_t(p[1]) << 16 | std::uint32_t(p[2]) << 8 | p[3];
}
void PutBe16(std::uint8_t* p, std::uint16_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 8);
  p[1] = static_cast<std::uint8_t>(v);
}
void PutBe32(std::uint8_t* p, std::uint32_t v) {
  PutBe16(p, static_cast<std::uint16_t>(v >> 16));
  PutBe16(p + 2, static_cast<std::uint16_t>(v));
}

bool MapMac(const MacMap& map, std::uint8_t* field) {
  MacAddress mac;
  std::memcpy(mac.data(), field, mac.size());
  auto mapped = map.Map(mac);
  if (!mapped || *mapped == mac) return false;
  std::memcpy(field, mapped->data(), mapped->size());
  return true;
}

bool MapArpAddress(const AddressMap& map, std::uint8_t* field) {
  const Ipv4 address = Be32(field);
  auto mapped = map.Map(address);
  if (!mapped || *mapped == address) return false;
  PutBe32(field, *mapped);
  return true;
}

// A UDP datagram sent without a checksum (0) keeps none.
bool HasTransportChecksum(const std::uint8_t* segment, std::uint8_t protocol) {
  const std::uint8_t* field = segment + TransportChecksumOffset(protocol);
  return protocol == kTcp || field[0] != 0 || field[1] != 0;
}

// The IPv4 header fields the rewrite needs, once checked.
struct Ipv4Layout {
  std::size_t header_length = 0;
  std::size_t segment_captured = 0;  // transport bytes captured (up to the total length)
  std::uint16_t total_length = 0;
  std::uint8_t protocol = 0;
  bool first_fragment_or_whole = false;  // fragment offset 0: holds the transport header
  bool more_fragments = false;
};

bool ReadIpv4Layout(const std::uint8_t* ip, std::size_t available, Ipv4Layout& layout) {
  if (available < 20 || (ip[0] >> 4) != 4) return false;
  layout.header_length = std::size_t(ip[0] & 0x0f) * 4;
  layout.total_length = Be16(ip + 2);
  if (layout.header_length < 20 || layout.header_length > available || layout.total_length < layout.header_length)
    return false;
  layout.segment_captured = std::min<std::size_t>(layout.total_length, available) - layout.header_length;
  layout.protocol = ip[9];
  const std::uint16_t fragment = Be16(ip + 6);
  layout.first_fragment_or_whole = (fragment & 0x1fff) == 0;
  layout.more_fragments = (fragment & 0x2000) != 0;
  return true;
}

}  // namespace

const char* Key(PassReason reason) {
  switch (reason) {
    case PassReason::LinkHeader: return "link_header";
    case PassReason::NotIpv4: return "not_ipv4";
    case PassReason::Ipv4Header: return "ipv4_header";
    case PassReason::TransportNotCaptured: return "transport_not_captured";
  }
  return "?";
}

std::uint64_t RewriteCounts::Passed() const {
  std::uint64_t total = 0;
  for (auto n : passed) total += n;
  return total;
}

nlohmann::json RewriteCounts::ToJson() const {
  nlohmann::json byReason = nlohmann::json::object();
  for (std::size_t i = 0; i < kPassReasons; ++i)
    if (passed[i]) byReason[Key(static_cast<PassReason>(i))] = passed[i];
  return {{"packets", packets},
          {"mapped", mapped},
          {"changed", changed},
          {"unchanged", packets - changed},
          {"passed_through", {{"total", Passed()}, {"by_reason", byReason}}}};
}

std::string RewriteCounts::DescribePassed() const {
  std::string text;
  for (std::size_t i = 0; i < kPassReasons; ++i)
    if (passed[i]) text += (text.empty() ? "" : ", ") + std::string(Key(static_cast<PassReason>(i))) + " " +
                           std::to_string(passed[i]);
  return text.empty() ? "none" : text;
}

PacketRewriter::PacketRewriter(const RewriteMaps& maps, int linkType, bool fixChecksums)
    : m_maps(maps), m_linkType(linkType), m_fixChecksums(fixChecksums) {}

void PacketRewriter::Rewrite(std::uint8_t* frame, std::size_t captured, std::size_t wireLength) {
  ++m_counts.packets;
  bool mapped = RewriteMacs(frame, captured);
  bool fixed = false;
  std::size_t offset = 0;
  std::uint16_t etherType = 0;
  if (!FindNetworkHeader(m_linkType, frame, captured, offset, etherType)) {
    Pass(PassReason::LinkHeader);
  } else if (etherType == kEtherArp) {
    mapped |= RewriteArp(frame + offset, captured - offset);
  } else if (etherType != kEtherIpv4) {
    Pass(PassReason::NotIpv4);
  } else {
    const Ipv4Outcome outcome = RewriteIpv4(frame + offset, captured - offset);
    mapped |= outcome == Ipv4Outcome::Mapped;
    if (outcome != Ipv4Outcome::Passed && m_fixChecksums)
      fixed = FixChecksums(frame + offset, captured - offset, captured == wireLength);
  }
  if (mapped) ++m_counts.mapped;
  if (mapped || fixed) ++m_counts.changed;
}

bool PacketRewriter::RewriteMacs(std::uint8_t* frame, std::size_t captured) const {
  if (m_linkType != DLT_EN10MB || captured < 12) return false;
  const bool destination = MapMac(m_maps.destination_macs, frame);
  return MapMac(m_maps.source_macs, frame + 6) || destination;
}

bool PacketRewriter::RewriteArp(std::uint8_t* arp, std::size_t available) const {
  // IPv4 over any hardware, request or reply: sender and target protocol addresses.
  if (available < 8 || Be16(arp + 2) != kEtherIpv4 || arp[5] != 4) return false;
  const std::uint16_t operation = Be16(arp + 6);
  const std::size_t hardwareLength = arp[4];
  if ((operation != 1 && operation != 2) || available < 8 + 2 * hardwareLength + 8) return false;
  std::uint8_t* sender = arp + 8 + hardwareLength;
  std::uint8_t* target = sender + 4 + hardwareLength;
  const bool senderChanged = MapArpAddress(m_maps.addresses, sender);
  return MapArpAddress(m_maps.addresses, target) || senderChanged;
}

PacketRewriter::Ipv4Outcome PacketRewriter::RewriteIpv4(std::uint8_t* ip, std::size_t available) {
  Ipv4Layout layout;
  if (!ReadIpv4Layout(ip, available, layout)) {
    Pass(PassReason::Ipv4Header);
    return Ipv4Outcome::Passed;
  }
  const Ipv4 source = Be32(ip + 12), destination = Be32(ip + 16);
  const Ipv4 newSource = m_maps.MapSource(source).value_or(source);
  const Ipv4 newDestination = m_maps.MapDestination(destination).value_or(destination);
  std::uint8_t* segment = ip + layout.header_length;
  const bool transport = (layout.protocol == kTcp || layout.protocol == kUdp) && layout.first_fragment_or_whole;
  const bool addressesChange = newSource != source || newDestination != destination;
  // The ports and the transport checksum must both be there to be changed together.
  if (transport && (addressesChange || !m_maps.ports.Empty()) &&
      layout.segment_captured < TransportChecksumOffset(layout.protocol) + 2) {
    Pass(PassReason::TransportNotCaptured);
    return Ipv4Outcome::Passed;
  }
  const bool transportChecksum = transport &&
                                 layout.segment_captured >= TransportChecksumOffset(layout.protocol) + 2 &&
                                 HasTransportChecksum(segment, layout.protocol);
  std::uint8_t* transportField = segment + TransportChecksumOffset(layout.protocol);
  if (newSource != source) {
    PutBe32(ip + 12, newSource);
    UpdateChecksum32(ip + 10, source, newSource);
    if (transportChecksum) UpdateChecksum32(transportField, source, newSource);
  }
  if (newDestination != destination) {
    PutBe32(ip + 16, newDestination);
    UpdateChecksum32(ip + 10, destination, newDestination);
    if (transportChecksum) UpdateChecksum32(transportField, destination, newDestination);
  }
  const bool portsChange = transport && MapPorts(segment, layout.protocol);
  return addressesChange || portsChange ? Ipv4Outcome::Mapped : Ipv4Outcome::Unmapped;
}

bool PacketRewriter::MapPorts(std::uint8_t* segment, std::uint8_t protocol) const {
  if (m_maps.ports.Empty()) return false;
  const bool checksum = HasTransportChecksum(segment, protocol);
  bool changed = false;
  for (std::uint8_t* field : {segment, segment + 2}) {
    const std::uint16_t port = Be16(field);
    const std::uint16_t mapped = m_maps.ports.Map(port).value_or(port);
    if (mapped == port) continue;
    PutBe16(field, mapped);
    if (checksum) UpdateChecksum(segment + TransportChecksumOffset(protocol), port, mapped);
    changed = true;
  }
  return changed;
}

bool PacketRewriter::FixChecksums(std::uint8_t* ip, std::size_t available, bool wholeFrame) const {
  Ipv4Layout layout;
  ReadIpv4Layout(ip, available, layout);  // checked by the caller
  std::uint8_t before[4] = {ip[10], ip[11], 0, 0};
  RecomputeIpv4Checksum(ip, layout.header_length);
  bool changed = before[0] != ip[10] || before[1] != ip[11];
  // A fragment's transport checksum covers bytes in other frames: only the update above keeps it
  // right. A frame cut short by the snap length cannot be summed either.
  const bool summable = (layout.protocol == kTcp || layout.protocol == kUdp) && layout.first_fragment_or_whole &&
                        !layout.more_fragments && wholeFrame &&
                        layout.segment_captured == std::size_t(layout.total_length) - layout.header_length &&
                        layout.segment_captured >= TransportChecksumOffset(layout.protocol) + 2;
  if (!summable) return changed;
  std::uint8_t* field = ip + layout.header_length + TransportChecksumOffset(layout.protocol);
  before[2] = field[0];
  before[3] = field[1];
  RecomputeTransportChecksum(ip, layout.protocol, ip + layout.header_length, layout.segment_captured);
  return changed || before[2] != field[0] || before[3] != field[1];
}

}  // namespace ntlab
