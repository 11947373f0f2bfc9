#include "replay/rewrite/capture-rewriter.h"

#include "analyzers/capture/packet-decoder.h"
#include "analyzers/capture/pcap-file-writer.h"

#include <pcap/pcap.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <vector>

namespace ntlab {
namespace {

constexpr std::size_t kReadBufferBytes = 1 << 20;
constexpr TimeUs kLastPcapTime = TimeUs(0xffffffffLL) * kUsPerSecond + 999'999;

using PcapHandle = std::unique_ptr<pcap_t, void (*)(pcap_t*)>;

// The read buffer outlives the handle: pcap_close closes the FILE that uses it.
struct OpenCapture {
  std::unique_ptr<char[]> buffer{new char[kReadBufferBytes]};
  PcapHandle handle{nullptr, &pcap_close};
};

void OpenInput(const std::string& path, OpenCapture& capture) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw InputError(path + ": capture file does not exist or is not a regular file");
  FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) throw InputError(path + ": cannot open capture file: " + std::strerror(errno));
  std::setvbuf(file, capture.buffer.get(), _IOFBF, kReadBufferBytes);  // one read() per MiB, not per record
  char error[PCAP_ERRBUF_SIZE] = {};
  capture.handle.reset(pcap_fopen_offline(file, error));
  if (!capture.handle) {
    std::fclose(file);
    throw InputError(path + ": not a readable pcap/pcapng capture: " + error);
  }
}

void CheckLinkType(const std::string& path, int linkType, const RewriteMaps& maps) {
  const char* name = pcap_datalink_val_to_name(linkType);
  const std::string described = std::to_string(linkType) + " (" + (name ? name : "unknown") + ")";
  if (!PacketDecoder::SupportsLinkType(linkType))
    throw InputError(path + ": unsupported link type " + described +
                     "; ntlab rewrites Ethernet, Linux cooked (SLL, SLL2), raw IP and loopback captures");
  if (maps.HasMacRules() && linkType != DLT_EN10MB)
    throw InputError(path + ": MAC rules need an Ethernet capture, and its link type is " + described);
}

TimeUs RewriteTime(TimeUs ts, TimeUs first, const CaptureRewriteOptions& options) {
  if (options.time_scale == 1.0) return ts + options.time_shift;
  return first + static_cast<TimeUs>(std::llround(double(ts - first) * options.time_scale)) + options.time_shift;
}

}  // namespace

CaptureRewriteSummary RewriteCapture(const std::string& in, const std::string& out,
                                     const CaptureRewriteOptions& options) {
  OpenCapture capture;
  OpenInput(in, capture);
  pcap_t* handle = capture.handle.get();
  CaptureRewriteSummary summary;
  summary.link_type = pcap_datalink(handle);
  CheckLinkType(in, summary.link_type, options.maps);
  PcapFileWriter writer(out, summary.link_type, pcap_snapshot(handle));
  PacketRewriter rewriter(options.maps, summary.link_type, options.fix_checksums);
  std::vector<std::uint8_t> frame;
  TimeUs first = 0;
  for (std::uint64_t number = 1;; ++number) {
    pcap_pkthdr* header = nullptr;
    const u_char* data = nullptr;
    const int rc = pcap_next_ex(handle, &header, &data);
    if (rc == PCAP_ERROR_BREAK) break;  // end of file
    if (rc != 1) {
      const std::string reason = pcap_geterr(handle);
      const bool truncated = reason.find("truncated") != std::string::npos;
      throw InputError(in + ": packet " + std::to_string(number) + ": " +
                       (truncated ? "truncated capture (last record cut short): " : "read error: ") + reason);
    }
    const TimeUs ts = TimeUs(header->ts.tv_sec) * kUsPerSecond + header->ts.tv_usec;
    if (number == 1) first = ts;
    const TimeUs rewritten = RewriteTime(ts, first, options);
    if (rewritten < 0 || rewritten > kLastPcapTime)
      throw InputError(in + ": packet " + std::to_string(number) + ": its rewritten time " + FormatTs(rewritten) +
                       " s is outside what a pcap holds (0 to 4294967295 s)");
    frame.assign(data, data + header->caplen);
    rewriter.Rewrite(frame.data(), frame.size(), header->len);
    writer.Write(rewritten, header->len, frame.data(), header->caplen);
  }
  summary.counts = rewriter.Counts();
  // Rules that match nothing are a mistake (a wrong network, the wrong capture), not a copy.
  if (!options.maps.Empty() && summary.counts.mapped == 0)
    throw InputError(in + ": no packet matches any rule (" + std::to_string(summary.counts.packets) +
                     " packets read); nothing written");
  writer.Commit();
  return summary;
}

}  // namespace ntlab
