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
// IPv6 extension headers the decoder walks (IANA protocol numbers).
constexpr std::uint8_t kIpv6HopByHop = 0;
constexpr std::uint8_t kIpv6Routing = 43;
constexpr std::uint8_t kIpv6Fragment = 44;
constexpr std::uint8_t kIpv6Auth = 51;
constexpr std::uint8_t kIpv6DestinationOptions = 60;

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
    case DLT_RAW:  // the version nibble says which
      etherType = n == 0 ? 0 : (f[0] >> 4) == 4 ? kEtherIpv4 : (f[0] >> 4) == 6 ? kEtherIpv6 : 0;
      offset = 0;
      return true;
    case DLT_IPV4:
      etherType = n > 0 && (f[0] >> 4) == 4 ? kEtherIpv4 : 0;
      offset = 0;
      return true;
    case DLT_IPV6:
      etherType = n > 0 && (f[0] >> 4) == 6 ? kEtherIpv6 : 0;
      offset = 0;
      return true;
    case DLT_NULL:
    case DLT_LOOP: {  // 4-byte address family, host (NULL) or network (LOOP) byte order
      if (n < 4) return false;
      std::uint32_t family = f[0] | f[1] << 8 | f[2] << 16 | std::uint32_t(f[3]) << 24;
      if (linkType == DLT_LOOP || family > 0xffff) family = Be32(f);
      // AF_INET is 2 everywhere; AF_INET6 is 10 (Linux), 24 (NetBSD, OpenBSD), 28 (FreeBSD) or
      // 30 (macOS), and a capture keeps the value of the system that wrote it.
      const bool inet6 = family == 10 || family == 24 || family == 28 || family == 30;
      etherType = family == 2 ? kEtherIpv4 : inet6 ? kEtherIpv6 : 0;
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

bool IsTcpOrUdp(std::uint8_t protocol) {
  return protocol == static_cast<std::uint8_t>(Proto::Tcp) || protocol == static_cast<std::uint8_t>(Proto::Udp);
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
    p.tcp_ack = Be32(l4 + 8);
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
  p.tcp_ack = 0;
  p.tcp_flags = 0;
  p.payload = l4 + 8;
  p.payload_length = static_cast<std::uint32_t>(l4Len - 8);
  return DecodeResult::Ok;
}

DecodeResult DecodeIpv4(const std::uint8_t* ip, std::size_t avail, DecodedPacket& p, DecodeProblem* problem) {
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
  if (!IsTcpOrUdp(proto)) return DecodeResult::NotTcpUdp;
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
  p.ip_id = Be16(ip + 4);
  return DecodeTransport(ip + ihl, segEnd - ihl, p, problem);
}

// Headers a fragment's fragmentable part may start with before its transport header.
bool MayPrecedeTransport(std::uint8_t header) {
  return IsTcpOrUdp(header) || header == kIpv6Routing || header == kIpv6DestinationOptions || header == kIpv6Auth;
}

DecodeResult DecodeIpv6(const std::uint8_t* ip, std::size_t avail, DecodedPacket& p, DecodeProblem* problem) {
  if (avail < kIpv6HeaderBytes)
    return Malformed(problem, BadPacketReason::Ipv6Header,
                     std::to_string(avail) + " bytes captured, fewer than the 40 of a header");
  if ((ip[0] >> 4) != 6)
    return Malformed(problem, BadPacketReason::Ipv6Header, "version " + std::to_string(ip[0] >> 4) + ", not 6");
  // The packet ends at its payload length (Ethernet padding is not payload) or at the snap length;
  // a payload length of 0 is a jumbogram's (RFC 2675), whose frame says how long it is.
  const std::size_t payloadLength = Be16(ip + 4);
  const std::size_t total = payloadLength == 0 ? avail : kIpv6HeaderBytes + payloadLength;
  const std::size_t end = total < avail ? total : avail;
  Ipv6Payload chain;
  std::string detail;
  if (!FindIpv6Payload(ip, end, chain, detail)) return Malformed(problem, BadPacketReason::Ipv6Header, detail);
  if (chain.fragment_header != 0)  // for Ipv6Reassembler, as IPv4 fragments are for Ipv4Reassembler
    return MayPrecedeTransport(chain.protocol) ? DecodeResult::Fragment : DecodeResult::NotTcpUdp;
  if (!IsTcpOrUdp(chain.protocol)) return DecodeResult::NotTcpUdp;
  p.proto = static_cast<Proto>(chain.protocol);
  p.src.ip = IpAddress::FromIpv6Bytes(ip + 8);
  p.dst.ip = IpAddress::FromIpv6Bytes(ip + 24);
  p.ip_length = static_cast<std::uint16_t>(total < 0xffff ? total : 0xffff);
  p.ip_id = 0;  // IPv6 has no identification outside fragments
  return DecodeTransport(ip + chain.offset, end - chain.offset, p, problem);
}

}  // namespace

bool FindIpv6Payload(const std::uint8_t* ip, std::size_t size, Ipv6Payload& payload, std::string& problem) {
  std::uint8_t next = ip[6];
  std::size_t offset = kIpv6HeaderBytes;
  for (std::size_t headers = 0; headers <= kMaxIpv6ExtensionHeaders; ++headers) {
    const bool options = next == kIpv6HopByHop || next == kIpv6Routing || next == kIpv6DestinationOptions;
    if (!options && next != kIpv6Auth && next != kIpv6Fragment) {
      payload = Ipv6Payload{next, offset, 0};
      return true;
    }
    if (headers == kMaxIpv6ExtensionHeaders) break;
    const std::size_t least = next == kIpv6Fragment ? 8 : 2;
    if (size < offset + least) {
      problem = "extension header " + std::to_string(next) + " at byte " + std::to_string(offset) +
                " runs past the " + std::to_string(size) + " bytes of the packet";
      return false;
    }
    if (next == kIpv6Fragment) {
      const bool atomic = (Be16(ip + offset + 2) & 0xfff9) == 0;  // offset 0, no more (RFC 6946)
      if (!atomic) {
        payload = Ipv6Payload{ip[offset], offset + 8, offset};
        return true;
      }
      next = ip[offset];
      offset += 8;
      continue;
    }
    // Options and routing headers count 8-octet units, the authentication header 4-octet ones
    // (RFC 8200 §4.3-4.6, RFC 4302 §2.2), neither counting the first 8 octets.
    const std::size_t length = next == kIpv6Auth ? (std::size_t(ip[offset + 1]) + 2) * 4
                                                 : (std::size_t(ip[offset + 1]) + 1) * 8;
    if (size < offset + length) {
      problem = "extension header " + std::to_string(next) + " of " + std::to_string(length) + " bytes at byte " +
                std::to_string(offset) + " runs past the " + std::to_string(size) + " bytes of the packet";
      return false;
    }
    next = ip[offset];
    offset += length;
  }
  problem = "more than " + std::to_string(kMaxIpv6ExtensionHeaders) + " extension headers";
  return false;
}

const char* ToString(DecodeResult result) {
  switch (result) {
    case DecodeResult::Ok: return "ok";
    case DecodeResult::NotIp: return "not IP";
    case DecodeResult::NotTcpUdp: return "not TCP/UDP";
    case DecodeResult::Fragment: return "IP fragment";
    case DecodeResult::Malformed: return "malformed";
    case DecodeResult::UnsupportedLink: return "unsupported link type";
  }
  return "?";
}

bool PacketDecoder::SupportsLinkType(int linkType) {
  switch (linkType) {
    case DLT_EN10MB: case DLT_LINUX_SLL: case DLT_LINUX_SLL2: case DLT_RAW: case DLT_IPV4:
    case DLT_NULL: case DLT_LOOP: case DLT_IPV6:
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
  if (etherType == kEtherIpv4) return DecodeIpv4(f + off, n - off, p, problem);
  if (etherType == kEtherIpv6) return DecodeIpv6(f + off, n - off, p, problem);
  return DecodeResult::NotIp;
}

}  // namespace ntlab
