// `ntlab capture --iface IF --rotate 1min --out DIR`: paper 001's per-host per-minute captures on
// Linux (issue 11 item 6, docs/collection.md). libtins' sniffer (LivePacketSource) hands over every
// frame as the kernel gave it, and RotatingPcapWriter cuts them into the files the analyzers read
// ("<host-ip>_<UTC start>.pcap", docs/formats.md). SIGINT/SIGTERM and --duration are normal ends:
// the open file is completed, not taken back, and the kernel's drops are printed either way, since
// a capture that fell behind must say how much it missed.
#include "analyzers/capture/live-packet-source.h"
#include "analyzers/capture/rotating-pcap-writer.h"
#include "analyzers/formats/atomic-file.h"
#include "experiments/cli/commands.h"
#include "experiments/cli/interrupt-watch.h"
#include "scenarios/config/scenario-config.h"

#include <atomic>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>

namespace ntlab {
namespace {

struct CaptureArguments {
  LiveCaptureConfig capture;
  std::string rotate = "1min";
  std::string duration;
  std::string out_dir;
  std::string host;
  std::string metrics;
};

double PositiveSeconds(const std::string& option, const std::string& text) {
  double seconds = 0;
  if (!ParseDuration(text, seconds) || !(seconds > 0))
    throw InputError(option + ": '" + text + "' is not a positive duration (e.g. 10s, 1min)");
  return seconds;
}

/// The address the file names carry: --host (either family), else the interface's own IPv4 address.
IpAddress FileAddress(const CaptureArguments& a, const LivePacketSource& source) {
  if (!a.host.empty()) {
    auto host = ParseIp(a.host);
    if (!host || host->IsUnspecified()) throw InputError("--host: '" + a.host + "' is not an IPv4 or IPv6 host address");
    return *host;
  }
  if (source.HostAddress() == 0)
    throw InputError("--iface " + a.capture.iface + ": has no IPv4 address to name the files after; give --host");
  return source.HostAddress();
}

nlohmann::json CaptureMetrics(const LiveCaptureStats& s, const RotatingPcapWriter& writer, const CaptureArguments& a) {
  return {{"iface", a.capture.iface},        {"frames", s.frames},
          {"files", writer.Files().size()},  {"packets_written", writer.Packets()},
          {"kernel_received", s.kernel_received}, {"kernel_dropped", s.kernel_dropped},
          {"interface_dropped", s.interface_dropped}, {"seconds", s.seconds}};
}

}  // namespace

void PrintListening(const std::string& iface) {
  // As tcpdump's "listening on": from here every frame is kept, so a caller can start its traffic.
  std::fprintf(stderr, "%s: listening\n", iface.c_str());
  std::fflush(stderr);
}

namespace {

int Capture(CaptureArguments& a) {
  const TimeUs rotate = TimeUs(std::llround(PositiveSeconds("--rotate", a.rotate) * 1e6));
  if (!a.duration.empty()) a.capture.duration_s = PositiveSeconds("--duration", a.duration);
  if (!a.metrics.empty()) CheckOutputFile(a.metrics);
  std::atomic<bool> stop{false};
  // Stopping is the normal end of a live capture: the reaction only asks the loop to finish.
  ScopedInterruptReaction reaction([&stop](int) { stop = true; });
  a.capture.stop = &stop;
  a.capture.on_listening = [&a] { PrintListening(a.capture.iface); };
  LivePacketSource source(a.capture);  // a bad interface or address stops here, before any folder
  const IpAddress fileAddress = FileAddress(a, source);
  std::error_code ec;
  std::filesystem::create_directories(a.out_dir, ec);
  if (ec) throw InputError("--out " + a.out_dir + ": cannot create the folder: " + ec.message());
  RotatingPcapWriter writer(a.out_dir, fileAddress, source.LinkType(), 65535, rotate);
  source.RunFrames([&writer](TimeUs ts, const std::uint8_t* data, std::uint32_t captured, std::uint32_t wire) {
    writer.Write(ts, data, captured, wire);
  });
  writer.Close();
  const LiveCaptureStats& s = source.Stats();
  if (!a.metrics.empty()) WriteFileAtomically(a.metrics, CaptureMetrics(s, writer, a).dump(2) + "\n");
  std::printf("capture %s: %llu frames in %.1f s into %zu file(s) in %s; kernel received %llu, dropped %llu, "
              "interface dropped %llu\n",
              a.capture.iface.c_str(), (unsigned long long)s.frames, s.seconds, writer.Files().size(),
              a.out_dir.c_str(), (unsigned long long)s.kernel_received, (unsigned long long)s.kernel_dropped,
              (unsigned long long)s.interface_dropped);
  return 0;
}

}  // namespace

Subcommand AddCaptureCommand(CLI::App& app) {
  auto* command = app.add_subcommand(
      "capture", "Capture an interface into per-host, per-interval pcap files as paper 001's collection does (root)");
  auto a = std::make_shared<CaptureArguments>();
  command->add_option("--iface", a->capture.iface, "Interface to capture on")->required();
  command->add_option("--out", a->out_dir, "Folder for the files <host-ip>_<YYYYmmddTHHMMSSZ>.pcap")->required();
  command->add_option("--rotate", a->rotate, "Length of each file's interval, aligned to the clock (default 1min)");
  command->add_option("--duration", a->duration, "Stop after this long (default: at SIGINT/SIGTERM)");
  command->add_option("--host", a->host, "The monitored host's IPv4 or IPv6 address in the file names (default: "
                                         "the interface's own IPv4 address)");
  command->add_option("--metrics", a->metrics, "Write frames, files and the kernel's drop counts as JSON here");
  return {command, [a] { return Capture(*a); }};
}

}  // namespace ntlab
