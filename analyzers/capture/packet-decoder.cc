#include "analyzers/capture/packet-decoder.h"

#include <pcap/dlt.h>

namespace ntlab {
namespace {

constexpr std::uint16_t kEtherIpv4 = 0x0800;
constexpr std::uint16_t kEtherVlan = 0x8100;
constexpr std::uint16_t kEtherQinQ = 0x88a8;
constexpr std::uint16_t kEtherIpv6 = 0x86dd;
constexpr std::uint16_t kEtherPppoeSession = 0x8864;
constexpr std::size_t kPppoeHeaderBytes = 6 + 2;  // RFC 2516 §4 header, then the PPP protocol field
constexpr std::uint16_t kPppIpv4 = 0x0021;
constexpr std::uint16_t kPppIpv6 = 0x0057;

std::uint16_t Be16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }
std::uint32_t Be32(const std::uint8_t* p) {
  return std::uint32_t(p[0]) << 24 | std::uint32_t(p[1]) << 16 | std::uint32_t(p[2]) << 8 | p[3];
}

}  // namespace

bool FindNetworkHeader(int linkType, const std::uint8_t* f, std::size_t n, std::size_t& offset,
                std::uint16_t& etherType) {
  switch (linkType) {
    case DLT_EN10MB:
      if (n < 14) return false;
      etherType = Be16(f + 12);
      offset = 14;
      // 802.1Q / QinQ tags: mirror ports often keep them.
      while ((etherType == kEtherVlan || etherType == kEtherQinQ) && n >= offset + 4) {
        etherType = Be16(f + offset + 2);
        offset += 4;
      }
      // PPPoE session frames (DSL uplinks): the PPP protocol says what the payload is; LCP, IPCP
      // and the rest are control traffic, not IP (etherType 0).
      if (etherType == kEtherPppoeSession) {
        if (n < offset + kPppoeHeaderBytes) return false;
        const std::uint16_t ppp = Be16(f + offset + 6);
        etherType = ppp == kPppIpv4 ? kEtherIpv4 : ppp == kPppIpv6 ? kEtherIpv6 : 0;
        offset += kPppoeHeaderBytes;
      }
      return true;
    case DLT_LINUX_SLL:  // 16-byte cooked header, protocol in the last two bytes
      if (n < 16) return false;
      etherType = Be16(f + 14);
      offset = 16;
      return true;
    case DLT_LINUX_SLL2:  // 20-byte cooked header, protocol first
      if (n < 20) return false;
      etherType = Be16(f);
      offset = 20;
      return true;
    case DLT_RAW:
    case DLT_IPV4:
      etherType = n > 0 && (f[0] >> 4) == 4 ? kEtherIpv4 : 0;
      offset = 0;
      return true;
    case DLT_NULL:
    case DLT_LOOP: {  // 4-byte address family, host (NULL) or network (LOOP) byte order
      if (n < 4) return false;
      std::uint32_t family = f[0] | f[1] << 8 | f[2] << 16 | std::uint32_t(f[3]) << 24;
      if (linkType == DLT_LOOP || family > 0xffff) family = Be32(f);
      etherType = family == 2 ? kEtherIpv4 : 0;  // AF_INET
      offset = 4;
      return true;
    }
    default:
      return false;
  }
}

namespace {

DecodeResult Malformed(DecodeProblem* problem, BadPacketReason reason, std::string detail) {
  if (problem) *problem = DecodeProblem{reason, std::move(detail)};
  return DecodeResult::Malformed;
}

// The TCP or UDP header at `l4` (`l4Len` bytes of segment) and the payload after it.
DecodeResult DecodeTransport(const std::uint8_t* l4, std::size_t l4Len, DecodedPacket& p, DecodeProblem* problem) {
  if (p.proto == Proto::Tcp) {
    if (l4Len < 20)
      return Malformed(problem, BadPacketReason::TcpHeader,
                       "segment of " + std::to_string(l4Len) + " bytes, shorter than a 20-byte header");
    std::size_t dataOffset = std::size_t(l4[12] >> 4) * 4;
    if (dataOffset < 20 || dataOffset > l4Len)
      return Malformed(problem, BadPacketReason::TcpHeader,
                       "data offset " + std::to_string(dataOffset) + " bytes in a segment of " + std::to_string(l4Len));
    p.src.port = Be16(l4);
    p.dst.port = Be16(l4 + 2);
    p.tcp_seq = Be32(l4 + 4);
    p.tcp_flags = l4[13];
    p.payload = l4 + dataOffset;
    p.payload_length = static_cast<std::uint32_t>(l4Len - dataOffset);
    return DecodeResult::Ok;
  }
  if (l4Len < 8)
    return Malformed(problem, BadPacketReason::UdpHeader,
                     "datagram of " + std::to_string(l4Len) + " bytes, shorter than an 8-byte header");
  p.src.port = Be16(l4);
  p.dst.port = Be16(l4 + 2);
  p.tcp_seq = 0;
  p.tcp_flags = 0;
  p.payload = l4 + 8;
  p.payload_length = static_cast<std::uint32_t>(l4Len - 8);
  return DecodeResult::Ok;
}

}  // namespace

const char* ToString(DecodeResult result) {
  switch (result) {
    case DecodeResult::Ok: return "ok";
    case DecodeResult::NotIpv4: return "not IPv4";
    case DecodeResult::NotTcpUdp: return "not TCP/UDP";
    case DecodeResult::Fragment: return "IPv4 fragment";
    case DecodeResult::Malformed: return "malformed";
    case DecodeResult::UnsupportedLink: return "unsupported link type";
  }
  return "?";
}

bool PacketDecoder::SupportsLinkType(int linkType) {
  switch (linkType) {
    case DLT_EN10MB: case DLT_LINUX_SLL: case DLT_LINUX_SLL2: case DLT_RAW: case DLT_IPV4:
    case DLT_NULL: case DLT_LOOP:
      return true;
    default:
      return false;
  }
}

DecodeResult PacketDecoder::Decode(const std::uint8_t* f, std::size_t n, DecodedPacket& p,
                                   DecodeProblem* problem) const {
  if (!SupportsLinkType(m_linkType)) return DecodeResult::UnsupportedLink;
  std::size_t off = 0;
  std::uint16_t etherType = 0;
  if (!FindNetworkHeader(m_linkType, f, n, off, etherType))
    return Malformed(problem, BadPacketReason::LinkHeader,
                     "frame of " + std::to_string(n) + " bytes is shorter than its link header");
  if (etherType != kEtherIpv4) return DecodeResult::NotIpv4;

  const std::uint8_t* ip = f + off;
  std::size_t avail = n - off;
  if (avail < 20)
    return Malformed(problem, BadPacketReason::Ipv4Header,
                     std::to_string(avail) + " bytes captured, fewer than the 20 of a header");
  if ((ip[0] >> 4) != 4)
    return Malformed(problem, BadPacketReason::Ipv4Header, "version " + std::to_string(ip[0] >> 4) + ", not 4");
  std::size_t ihl = std::size_t(ip[0] & 0x0f) * 4;
  std::uint16_t total = Be16(ip + 2);
  if (ihl < 20)
    return Malformed(problem, BadPacketReason::Ipv4Header,
                     "header length " + std::to_string(ihl) + " bytes, below the minimum 20");
  if (avail < ihl)
    return Malformed(
        problem, BadPacketReason::Ipv4Header,
        "header length " + std::to_string(ihl) + " bytes, more than the " + std::to_string(avail) + " captured");
  if (total < ihl)
    return Malformed(problem, BadPacketReason::Ipv4Header,
                     "total length " + std::to_string(total) + " is below the header length " + std::to_string(ihl));
  std::uint8_t proto = ip[9];
  if (proto != static_cast<std::uint8_t>(Proto::Tcp) && proto != static_cast<std::uint8_t>(Proto::Udp))
    return DecodeResult::NotTcpUdp;
  // Every fragment, the first one too: the packet source puts them back together (Ipv4Reassembler)
  // so that the datagram is read once, with all its bytes.
  if ((Be16(ip + 6) & 0x3fff) != 0) return DecodeResult::Fragment;

  // The transport segment ends at the IP total length (Ethernet padding is not payload) or at the
  // snap length, whichever comes first.
  std::size_t segEnd = total < avail ? total : avail;
  p.proto = static_cast<Proto>(proto);
  p.src.ip = Be32(ip + 12);
  p.dst.ip = Be32(ip + 16);
  p.ip_length = total;
  return DecodeTransport(ip + ihl, segEnd - ihl, p, problem);
}

}  // namespace ntlab
