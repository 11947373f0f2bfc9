#include "analyzers/capture/pcap-packet-source.h"

#include "analyzers/capture/packet-decoder.h"
#include "analyzers/capture/pcapng-block-reader.h"

#include <pcap/dlt.h>
#include <pcap/pcap.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>

namespace ntlab {
namespace {

constexpr std::size_t kReadBufferBytes = 1 << 20;

// The number after `label` in libpcap's message, if there is one.
std::optional<std::uint64_t> NumberAfter(const std::string& text, const std::string& label) {
  auto at = text.find(label);
  if (at == std::string::npos) return std::nullopt;
  at += label.size();
  std::uint64_t value = 0;
  bool any = false;
  for (; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at, any = true) value = value * 10 + (text[at] - '0');
  return any ? std::optional<std::uint64_t>(value) : std::nullopt;
}

// "38 bytes missing" from libpcap's "truncated dump file; tried to read 60 captured bytes, only
// got 22" (pcap) or "... tried to read 92 bytes, only got 54" (pcapng, the whole block).
std::string MissingBytes(const std::string& reason) {
  auto wanted = NumberAfter(reason, "tried to read ");
  auto got = NumberAfter(reason, "only got ");
  if (!wanted || !got || *got > *wanted) return "cut short";
  return std::to_string(*wanted - *got) + " of its " + std::to_string(*wanted) + " bytes missing";
}

// "IPv4 fragments 4: 2 datagrams reassembled, 0 expired, ..." or nothing when none was seen.
std::string DescribeFragments(const char* family, std::uint64_t fragments, const ReassemblyStats& r) {
  if (fragments == 0) return "";
  return std::string("; ") + family + " fragments " + std::to_string(fragments) + ": " + std::to_string(r.reassembled) +
         " datagrams reassembled, " + std::to_string(r.dropped_timeout) + " expired, " +
         std::to_string(r.dropped_overflow) + " dropped at the memory bound, " + std::to_string(r.dropped_oversize) +
         " over 65535 bytes";
}

}  // namespace

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

PcapPacketSource::PcapPacketSource(CapturePlan plan, CaptureOptions options)
    : m_plan(std::move(plan)), m_options(options), m_badPackets(m_options.warn) {}

void PcapPacketSource::Run(PacketSink& sink) {
  for (const auto& group : m_plan.Groups()) {
    for (const auto& file : group.files) ReadFile(file, group.host_hint, sink);
    m_reassembler.Flush();  // a datagram never spans two hosts' captures
    m_reassembler6.Flush();
    sink.OnGroupFinished();  // sessions end here: their bad packets are reported before the summary
  }
  m_stats.bad_packets = m_badPackets.Counts();
  m_stats.reassembly = m_reassembler.Stats();
  m_stats.reassembly6 = m_reassembler6.Stats();
  m_badPackets.WarnSummary();
  const std::string skipped = DescribeSkippedPackets(m_stats);
  if (!skipped.empty()) Warn(skipped);
}

void PcapPacketSource::Warn(const std::string& line) const {
  if (m_options.warn) m_options.warn(line);
  else std::fprintf(stderr, "ntlab: warning: %s\n", EscapeForMessage(line).c_str());
}

// A fragment the snap length cut cannot be put back; the decoder has checked its IP header (and
// IPv6's extension headers up to the fragment header).
void PcapPacketSource::AddFragment(int linkType, const std::uint8_t* frame, std::size_t captured,
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

void PcapPacketSource::ReportTruncatedTail(const std::string& path, std::uint64_t completeRecords,
                                           const std::string& reason) {
  const std::string where = path + ": record " + std::to_string(completeRecords + 1) + " is cut short (" +
                            MissingBytes(reason) + ")";
  if (m_options.strict_captures)
    throw InputError(where + ": truncated capture (--strict-captures): " + reason);
  ++m_stats.truncated_files;
  std::string warning = where + "; the " + std::to_string(completeRecords) +
                        " complete records before it are used (--strict-captures makes this an error)";
  m_stats.warnings.push_back(warning);
  Warn(warning);
}

void PcapPacketSource::HandleRecord(const PacketDecoder& decoder, int linkType, const std::uint8_t* data,
                                    std::uint32_t captured, DecodedPacket& packet, PacketSink& sink) {
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

void PcapPacketSource::ReadFile(const std::string& path, const IpAddress& hostHint, PacketSink& sink) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw InputError(path + ": capture file does not exist or is not a regular file");
  if (m_options.read_comments && PcapngBlockReader::IsPcapng(path)) return ReadPcapngFile(path, hostHint, sink);
  // The file is opened here rather than by pcap_open_offline so that it gets a large stdio
  // buffer: libpcap freads every record header and body separately, and with the default 4 KiB
  // buffer that meant one read() system call per few packets.
  // (glibc ignores the size unless it is given the buffer; declared first, so freed last.)
  std::unique_ptr<char[]> buffer(new char[kReadBufferBytes]);  // not zero-filled: stdio writes before it reads
  std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) throw InputError(path + ": cannot open capture file: " + std::strerror(errno));
  std::setvbuf(file.get(), buffer.get(), _IOFBF, kReadBufferBytes);
  char error[PCAP_ERRBUF_SIZE] = {};
  std::unique_ptr<pcap_t, void (*)(pcap_t*)> capture(pcap_fopen_offline(file.get(), error), &pcap_close);
  if (!capture) throw InputError(path + ": not a readable pcap/pcapng capture: " + error);
  file.release();  // pcap_close closes it from now on
  ++m_stats.files;
  // Records are read with pcap_next_ex: it reports end-of-file and read errors apart.
  pcap_t* handle = capture.get();
  const int linkType = pcap_datalink(handle);
  if (!PacketDecoder::SupportsLinkType(linkType)) {
    const char* name = pcap_datalink_val_to_name(linkType);
    throw InputError(path + ": unsupported link type " + std::to_string(linkType) + " (" +
                     (name ? name : "unknown") + ")");
  }
  PacketDecoder decoder(linkType);
  DecodedPacket packet;
  packet.host_hint = hostHint;
  PacketOrigin origin{&path, 0, &m_badPackets};
  packet.origin = &origin;
  for (;;) {
    pcap_pkthdr* header = nullptr;
    const u_char* data = nullptr;
    int rc = pcap_next_ex(handle, &header, &data);
    if (rc == PCAP_ERROR_BREAK) break;  // -2: end of file
    if (rc != 1) {
      std::string reason = pcap_geterr(handle);
      if (reason.find("truncated") == std::string::npos)
        throw InputError(path + ": packet " + std::to_string(origin.number + 1) + ": read error: " + reason);
      ReportTruncatedTail(path, origin.number, reason);
      break;
    }
    ++m_stats.records;
    ++origin.number;
    // A record time ntlab's files cannot hold is a corrupt record header: a pcapng timestamp can
    // claim any 64-bit count of its units, which in microseconds would overflow.
    if (header->ts.tv_sec < -kMaxTimeSeconds || header->ts.tv_sec > kMaxTimeSeconds || header->ts.tv_usec < 0 ||
        header->ts.tv_usec >= kUsPerSecond) {
      ++m_stats.malformed;
      m_badPackets.Report(origin, BadPacketReason::RecordTime,
                          std::to_string(header->ts.tv_sec) + " s " + std::to_string(header->ts.tv_usec) +
                              " us is not a time the formats hold (" + std::to_string(kMaxTimeSeconds) +
                              " s either side of 1970)");
      continue;
    }
    packet.ts = TimeUs(header->ts.tv_sec) * kUsPerSecond + header->ts.tv_usec;
    packet.wire_length = header->len;
    HandleRecord(decoder, linkType, data, header->caplen, packet, sink);
  }
}

// The pcapng reader of the comment path: each packet carries its opt_comment texts. Interfaces
// may differ in link type, so a decoder is kept per link type; an unsupported one is an error as
// in a pcap file, named when its first packet comes.
void PcapPacketSource::ReadPcapngFile(const std::string& path, const IpAddress& hostHint, PacketSink& sink) {
  DecodedPacket packet;
  packet.host_hint = hostHint;
  PacketOrigin origin{&path, 0, &m_badPackets};
  packet.origin = &origin;
  PcapngBlockReader reader(path, [&](const std::string& problem) {
    ++m_stats.malformed;
    PacketOrigin next{&path, origin.number + 1, &m_badPackets};  // the record it would have been
    m_badPackets.Report(next, BadPacketReason::PcapngBlock, problem);
  });
  ++m_stats.files;
  std::map<int, PacketDecoder> decoders;
  PcapngPacket record;
  while (reader.Next(record)) {
    ++m_stats.records;
    ++origin.number;
    if (!PacketDecoder::SupportsLinkType(record.link_type))
      throw InputError(path + ": interface " + std::to_string(record.interface_id) + ": unsupported link type " +
                       std::to_string(record.link_type));
    const PacketDecoder& decoder = decoders.emplace(record.link_type, PacketDecoder(record.link_type)).first->second;
    packet.ts = record.ts;
    packet.wire_length = record.wire_length;
    packet.comments = &record.comments;
    HandleRecord(decoder, record.link_type, record.data, record.captured, packet, sink);
  }
  if (!reader.Stats().truncated_tail.empty()) ReportTruncatedTail(path, origin.number, reader.Stats().truncated_tail);
}

}  // namespace ntlab
