#include "analyzers/capture/live-packet-source.h"

#include "analyzers/capture/packet-decoder.h"

#include <pcap/pcap.h>
#include <poll.h>
#include <tins/network_interface.h>
#include <tins/sniffer.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <thread>

namespace ntlab {

struct LivePacketSource::Handle {
  std::unique_ptr<Tins::Sniffer> sniffer;
};

LivePacketSource::LivePacketSource(LiveCaptureConfig config) : m_config(std::move(config)), m_handle(new Handle) {
  try {
    Tins::NetworkInterface iface(m_config.iface);
    // libtins keeps the address in network byte order; ntlab's Ipv4 is host order.
    m_host = ParseIpv4(iface.ipv4_address().to_string()).value_or(0);
    Tins::SnifferConfiguration sniff;
    sniff.set_promisc_mode(false);
    sniff.set_snap_len(65535);
    sniff.set_timeout(m_config.poll_ms);
    sniff.set_immediate_mode(true);  // each packet as it comes: a monitor labels now, not per buffer
    m_handle->sniffer = std::make_unique<Tins::Sniffer>(m_config.iface, sniff);
  } catch (const std::exception& e) {
    delete m_handle;
    m_handle = nullptr;
    throw InputError("--iface " + m_config.iface + ": cannot capture on it: " + e.what());
  }
  if (m_config.on_listening) m_config.on_listening();
}

LivePacketSource::~LivePacketSource() { delete m_handle; }

int LivePacketSource::LinkType() const { return pcap_datalink(m_handle->sniffer->get_pcap_handle()); }

void LivePacketSource::RunFrames(const FrameHandler& handler) {
  pcap_t* pcap = m_handle->sniffer->get_pcap_handle();
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  auto done = [&] {
    return (m_config.stop && m_config.stop->load()) || (m_config.duration_s > 0 && elapsed() >= m_config.duration_s) ||
           (m_config.max_packets > 0 && m_stats.frames >= m_config.max_packets);
  };
  // Non-blocking reads and our own poll: libpcap's read timeout does not always wake a quiet
  // interface (with TPACKET_V3 the kernel's block timer ignores an empty block), and a capture
  // asked to stop on a quiet link must still notice within poll_ms.
  char error[PCAP_ERRBUF_SIZE];
  if (pcap_setnonblock(pcap, 1, error) != 0)
    throw InputError("--iface " + m_config.iface + ": cannot read without blocking: " + error);
  pollfd readable{pcap_get_selectable_fd(pcap), POLLIN, 0};
  pcap_pkthdr* header = nullptr;
  const u_char* frame = nullptr;
  while (!done()) {
    const int rc = pcap_next_ex(pcap, &header, &frame);
    if (rc == 0) {  // nothing now: wait for the next frame or poll_ms, then check whether to stop
      if (readable.fd >= 0)
        ::poll(&readable, 1, m_config.poll_ms);
      else
        std::this_thread::sleep_for(std::chrono::milliseconds(m_config.poll_ms));
      continue;
    }
    if (rc < 0) throw InputError("--iface " + m_config.iface + ": capture failed: " + pcap_geterr(pcap));
    ++m_stats.frames;
    handler(static_cast<TimeUs>(header->ts.tv_sec) * kUsPerSecond + header->ts.tv_usec, frame, header->caplen,
            header->len);
  }
  pcap_stat kernel{};
  if (pcap_stats(pcap, &kernel) == 0) {
    m_stats.kernel_received = kernel.ps_recv;
    m_stats.kernel_dropped = kernel.ps_drop;
    m_stats.interface_dropped = kernel.ps_ifdrop;
  }
  m_stats.seconds = elapsed();
}

void LivePacketSource::Run(PacketSink& sink) {
  const int linkType = LinkType();
  const PacketDecoder decoder(linkType);
  RecordDecoder records(m_stats.decoding, m_badPackets);
  PacketOrigin origin{&m_config.iface, 0, &m_badPackets};
  RunFrames([&](TimeUs ts, const std::uint8_t* data, std::uint32_t captured, std::uint32_t wire_length) {
    DecodedPacket p;
    p.ts = ts;
    p.wire_length = wire_length;
    p.host_hint = m_host;
    p.origin = &origin;
    ++origin.number;
    ++m_stats.decoding.records;
    records.Handle(decoder, linkType, data, captured, p, sink);
  });
  records.Flush();
  sink.OnGroupFinished();  // sessions end here: their bad packets are reported before the summary
  m_stats.decoding.bad_packets = m_badPackets.Counts();
  m_badPackets.WarnSummary();
  const std::string skipped = DescribeSkippedPackets(m_stats.decoding);
  if (!skipped.empty())
    std::fprintf(stderr, "ntlab: warning: %s\n", EscapeForMessage(m_config.iface + ": " + skipped).c_str());
}

}  // namespace ntlab
