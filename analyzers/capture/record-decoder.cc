#include "analyzers/capture/record-decoder.h"

#include <pcap/dlt.h>

#include <string>

namespace ntlab {
namespace {

// "IPv4 fragments 4: 2 datagrams reassembled, 0 expired, ..." or nothing when none was seen.
std::string DescribeFragments(const char* family, std::uint64_t fragments, const ReassemblyStats& r) {
  if (fragments == 0) return "";
  return std::string("; ") + family + " fragments " + std::to_string(fragments) + ": " + std::to_string(r.reassembled) +
         " datagrams reassembled, " + std::to_string(r.dropped_timeout) + " expired, " +
         std::to_string(r.dropped_overflow) + " dropped at the memory bound, " + std::to_string(r.dropped_oversize) +
         " over 65535 bytes";
}

nlohmann::json FamilyReassemblyJson(std::uint64_t fragments, const ReassemblyStats& r) {
  return {{"fragments", fragments},
          {"reassembled", r.reassembled},
          {"expired", r.dropped_timeout},
          {"dropped_memory_bound", r.dropped_overflow},
          {"dropped_oversize", r.dropped_oversize}};
}

}  // namespace

nlohmann::json ReassemblyCountsJson(const CaptureStats& s) {
  return {{"ipv4", FamilyReassemblyJson(s.ipv4_fragments, s.reassembly)},
          {"ipv6", FamilyReassemblyJson(s.ipv6_fragments, s.reassembly6)}};
}

std::string DescribeSkippedPackets(const CaptureStats& s) {
  std::string skipped;
  auto add = [&skipped](const char* reason, std::uint64_t count) {
    if (count == 0) return;
    skipped += (skipped.empty() ? "; skipped: " : ", ") + std::string(reason) + " " + std::to_string(count);
  };
  add("not IP", s.not_ipv4);
  add("not TCP/UDP", s.not_tcp_udp);
  add("bad", s.bad_packets.Total());
  add("cut-short last record", s.truncated_files);  // one per truncated file
  const std::string fragments = DescribeFragments("IPv4", s.ipv4_fragments, s.reassembly) +
                                DescribeFragments("IPv6", s.ipv6_fragments, s.reassembly6);
  if (skipped.empty() && fragments.empty()) return "";
  return std::to_string(s.records) + " records read" + skipped + fragments;
}

void RecordDecoder::Handle(const PacketDecoder& decoder, int linkType, const std::uint8_t* data, std::uint32_t captured,
                           DecodedPacket& packet, PacketSink& sink) {
  DecodeProblem problem;
  switch (decoder.Decode(data, captured, packet, &problem)) {
    case DecodeResult::Ok:
      ++m_stats.decoded;
      sink.OnPacket(packet);
      break;
    case DecodeResult::NotIp: ++m_stats.not_ipv4; break;
    case DecodeResult::NotTcpUdp: ++m_stats.not_tcp_udp; break;
    case DecodeResult::Fragment:
      ++m_stats.fragments;
      AddFragment(linkType, data, captured, packet, sink);
      break;
    case DecodeResult::Malformed:
      ++m_stats.malformed;
      m_badPackets.Report(*packet.origin, problem.reason, problem.detail);
      break;
    case DecodeResult::UnsupportedLink: ++m_stats.malformed; break;  // refused per file (pcap) or interface (pcapng)
  }
}

// A fragment the snap length cut cannot be put back; the decoder has checked its IP header (and
// IPv6's extension headers up to the fragment header).
void RecordDecoder::AddFragment(int linkType, const std::uint8_t* frame, std::size_t captured,
                                   DecodedPacket& packet, PacketSink& sink) {
  std::size_t offset = 0;
  std::uint16_t etherType = 0;
  FindNetworkHeader(linkType, frame, captured, offset, etherType);
  const std::uint8_t* ip = frame + offset;
  const bool v6 = (ip[0] >> 4) == 6;
  ++(v6 ? m_stats.ipv6_fragments : m_stats.ipv4_fragments);
  const std::size_t total = v6 ? kIpv6HeaderBytes + (std::size_t(ip[4]) << 8 | ip[5]) : std::size_t(ip[2]) << 8 | ip[3];
  if (captured - offset < total) return;
  if (v6) {
    Ipv6Payload chain;
    std::string problem;
    if (!FindIpv6Payload(ip, total, chain, problem) || chain.fragment_header == 0) return;
    if (!m_reassembler6.Add(packet.ts, ip, total, chain.fragment_header, m_datagram)) return;
  } else if (!m_reassembler.Add(packet.ts, ip, total, m_datagram)) {
    return;
  }
  static const PacketDecoder rawDecoder(DLT_RAW);
  DecodeProblem problem;
  const std::uint32_t wireLength = packet.wire_length;
  packet.wire_length = static_cast<std::uint32_t>(m_datagram.size());
  if (rawDecoder.Decode(m_datagram.data(), m_datagram.size(), packet, &problem) == DecodeResult::Ok) sink.OnPacket(packet);
  else m_badPackets.Report(*packet.origin, problem.reason, problem.detail + " (in a reassembled datagram)");
  packet.wire_length = wireLength;
}

void RecordDecoder::Flush() {
  m_reassembler.Flush();
  m_reassembler6.Flush();
  m_stats.reassembly = m_reassembler.Stats();
  m_stats.reassembly6 = m_reassembler6.Stats();
}

}  // namespace ntlab
