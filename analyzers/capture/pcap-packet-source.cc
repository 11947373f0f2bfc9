#include "analyzers/capture/pcap-packet-source.h"

#include "analyzers/capture/packet-decoder.h"

#include <pcap/pcap.h>
#include <tins/exceptions.h>
#include <tins/sniffer.h>

#include <filesystem>
#include <memory>

namespace ntlab {

PcapPacketSource::PcapPacketSource(CapturePlan plan, CaptureOptions options)
    : m_plan(std::move(plan)), m_options(options) {}

void PcapPacketSource::Run(PacketSink& sink) {
  for (const auto& group : m_plan.Groups()) {
    for (const auto& file : group.files) ReadFile(file, group.host_hint, sink);
    sink.OnGroupFinished();
  }
}

void PcapPacketSource::ReadFile(const std::string& path, Ipv4 hostHint, PacketSink& sink) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw InputError(path + ": capture file does not exist or is not a regular file");
  std::unique_ptr<Tins::FileSniffer> sniffer;
  try {
    sniffer = std::make_unique<Tins::FileSniffer>(path);
  } catch (const std::exception& e) {  // Tins::pcap_error carries libpcap's reason
    throw InputError(path + ": not a readable pcap/pcapng capture: " + e.what());
  }
  ++m_stats.files;
  // Records are read with pcap_next_ex rather than FileSniffer::next_packet(), which returns the
  // same empty packet for end-of-file and for a read error, and builds a heap PDU tree per packet.
  pcap_t* handle = sniffer->get_pcap_handle();
  const int linkType = pcap_datalink(handle);
  if (!PacketDecoder::SupportsLinkType(linkType)) {
    const char* name = pcap_datalink_val_to_name(linkType);
    throw InputError(path + ": unsupported link type " + std::to_string(linkType) + " (" +
                     (name ? name : "unknown") + ")");
  }
  PacketDecoder decoder(linkType);
  DecodedPacket packet;
  packet.host_hint = hostHint;
  for (;;) {
    pcap_pkthdr* header = nullptr;
    const u_char* data = nullptr;
    int rc = pcap_next_ex(handle, &header, &data);
    if (rc == PCAP_ERROR_BREAK) break;  // -2: end of file
    if (rc != 1) {
      std::string reason = pcap_geterr(handle);
      bool truncated = reason.find("truncated") != std::string::npos;
      if (truncated && m_options.tolerate_truncated_tail) {
        ++m_stats.truncated_files;
        m_stats.warnings.push_back(path + ": last record truncated after " +
                                   std::to_string(m_stats.records) + " records in total; ignored: " + reason);
        break;
      }
      throw InputError(path + ": " + (truncated ? "truncated capture (last record cut short): "
                                                : "read error: ") + reason);
    }
    ++m_stats.records;
    packet.ts = TimeUs(header->ts.tv_sec) * kUsPerSecond + header->ts.tv_usec;
    packet.wire_length = header->len;
    switch (decoder.Decode(data, header->caplen, packet)) {
      case DecodeResult::Ok:
        ++m_stats.decoded;
        sink.OnPacket(packet);
        break;
      case DecodeResult::NotIpv4: ++m_stats.not_ipv4; break;
      case DecodeResult::NotTcpUdp: ++m_stats.not_tcp_udp; break;
      case DecodeResult::Fragment: ++m_stats.fragments; break;
      case DecodeResult::Malformed:
      case DecodeResult::UnsupportedLink: ++m_stats.malformed; break;
    }
  }
}

}  // namespace ntlab
