// ntlab_bench: how fast and how lean are the analyzers on a big capture?
//
// Generates a synthetic enterprise capture (several hosts, mixed TCP/UDP, ~50k sessions, >= 2 M
// packets, written with libpcap's pcap_dump) and a matching socket log, then measures, each step
// in its own child process so that ru_maxrss is that step's peak alone:
//   pcap_loop  bare libpcap read loop (the floor)
//   sessionize PcapPacketSource + Sessionizer
//   label      RunLabeling: socket log + sessions + engine + post-processing + labels.csv
//   label_2x   the same on a capture twice as long with the same concurrency (memory must follow
//              open sessions, not file size)
//   domains    RunDomainLabelling (`ntlab domains`): sessions + DNS answers + labeller + flows.csv +
//              stats.sqlite (the SQLite writer must not be the bottleneck); domains_2x likewise;
//              domains_nodb the same without stats.sqlite (the writer's cost is the difference);
//              domains_device with the socket log (process labels, per-process buckets, cross-check)
//   tshark     `tshark -r FILE -T fields -e ...` (if installed)
// Wall-clock time is measured here on purpose: this program times the analyzers, it labels nothing.
#include "analyzers/capture/pcap-packet-source.h"
#include "analyzers/domains/domains-pipeline.h"
#include "analyzers/labeling/labeling-pipeline.h"
#include "analyzers/sessions/sessionizer.h"

#include <nlohmann/json.hpp>
#include <pcap/pcap.h>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <random>
#include <string>
#include <vector>

using namespace ntlab;
namespace fs = std::filesystem;

namespace {

struct GenConfig {
  unsigned hosts = 8;
  unsigned sessions = 50'000;
  double seconds = 600;            // capture length; sessions start uniformly inside it
  double poll_interval = 0.5;      // socket log; the paper polls every 50 ms (rows x10)
  double unlogged_share = 0.05;    // sessions the logger never sees (post-processing work)
  double max_duration = 0;         // seconds; 0: no cap (the 1 ms log caps sessions to keep rows in bounds)
  std::uint32_t seed = 1;
};

struct GenStats {
  std::uint64_t packets = 0;
  std::uint64_t sessions = 0;
  std::uint64_t socket_rows = 0;
  std::uint64_t bytes = 0;
};

struct PacketRef {
  std::int64_t ts;
  std::uint32_t session;
  std::uint16_t index;
};

struct SessionPlan {
  Proto proto;
  std::uint8_t host;
  std::uint16_t local_port;
  Ipv4 remote_ip;
  std::uint16_t remote_port;
  std::uint16_t packets;
  std::int64_t start;
  std::int64_t duration;
  std::uint8_t process;
};

const char* kProcesses[] = {"chrome.exe", "svchost.exe", "msedge.exe", "Teams.exe", "Code.exe", "OneDrive.exe",
                            "outlook.exe", "slack.exe", "System", "spotify.exe", "firefox.exe", "zoom.exe"};

void PutBe16(std::uint8_t* p, std::uint16_t v) { p[0] = std::uint8_t(v >> 8); p[1] = std::uint8_t(v); }
void PutBe32(std::uint8_t* p, std::uint32_t v) { PutBe16(p, std::uint16_t(v >> 16)); PutBe16(p + 2, std::uint16_t(v)); }

GenStats Generate(const GenConfig& c, const std::string& pcapPath, const std::string& logPath) {
  std::mt19937_64 rng(c.seed);
  std::uniform_real_distribution<double> u(0, 1);
  const std::int64_t t0 = 1741597200LL * kUsPerSecond;
  std::vector<SessionPlan> plans(c.sessions);
  std::vector<std::uint16_t> nextPort(c.hosts, 49152);
  for (auto& s : plans) {
    s.host = std::uint8_t(rng() % c.hosts);
    s.local_port = nextPort[s.host];
    nextPort[s.host] = nextPort[s.host] == 65535 ? 49152 : nextPort[s.host] + 1;
    double kind = u(rng);
    std::uint32_t remoteIndex = std::uint32_t(std::min(1999.0, 2000 * u(rng) * u(rng)));  // a few popular servers
    s.remote_ip = (203u << 24 | 0u << 16 | 113u << 8) + (remoteIndex << 8 >> 8) + (remoteIndex / 256) * 65536;
    s.process = std::uint8_t((remoteIndex * 7 + s.host) % 12);
    if (kind < 0.2) {  // DNS
      s.proto = Proto::Udp;
      s.remote_ip = 10u << 24 | 2;
      s.remote_port = 53;
      s.packets = 2;
      s.duration = std::int64_t(2000 + 20000 * u(rng));
      s.process = 1;
    } else if (kind < 0.3) {  // UDP stream (QUIC / media)
      s.proto = Proto::Udp;
      s.remote_port = 443;
      s.packets = 120;
      s.duration = std::int64_t(kUsPerSecond * (5 + 25 * u(rng)));
    } else {
      s.proto = Proto::Tcp;
      s.remote_port = u(rng) < 0.8 ? 443 : 80;
      s.packets = std::uint16_t(10 + rng() % 70);
      s.duration = std::int64_t(kUsPerSecond * (0.05 + 10 * u(rng) * u(rng)));
    }
    if (c.max_duration > 0) s.duration = std::min<std::int64_t>(s.duration, std::int64_t(c.max_duration * kUsPerSecond));
    s.start = t0 + std::int64_t(u(rng) * c.seconds * kUsPerSecond);
  }

  // Packet times, then one global time order (the capture of a mirror port).
  std::vector<PacketRef> refs;
  refs.reserve(std::size_t(plans.size()) * 45);
  for (std::uint32_t i = 0; i < plans.size(); ++i) {
    const auto& s = plans[i];
    for (std::uint16_t k = 0; k < s.packets; ++k)
      refs.push_back({s.start + s.duration * k / std::max<int>(1, s.packets - 1), i, k});
  }
  std::sort(refs.begin(), refs.end(), [](const PacketRef& a, const PacketRef& b) {
    return a.ts != b.ts ? a.ts < b.ts : (a.session != b.session ? a.session < b.session : a.index < b.index);
  });

  GenStats stats;
  stats.sessions = plans.size();
  pcap_t* dead = pcap_open_dead(DLT_EN10MB, 65535);
  pcap_dumper_t* dumper = pcap_dump_open(dead, pcapPath.c_str());
  if (!dumper) throw std::runtime_error(pcapPath + ": " + pcap_geterr(dead));
  std::uint8_t frame[1514] = {};
  for (const PacketRef& r : refs) {
    const auto& s = plans[r.session];
    const bool tcp = s.proto == Proto::Tcp;
    const bool fromHost = tcp ? (r.index % 2 == 0) : (r.index % 2 == 0);
    const Ipv4 hostIp = 10u << 24 | 0u << 16 | std::uint32_t(11 + s.host);
    const std::uint16_t payload = tcp ? (r.index < 3 ? 0 : std::uint16_t(fromHost ? 100 : 1200))
                                      : std::uint16_t(s.remote_port == 53 ? 40 : 900);
    const std::uint16_t l4 = tcp ? 20 : 8;
    const std::uint16_t ipLen = std::uint16_t(20 + l4 + payload);
    std::memset(frame, 0, 14 + 20 + l4);
    frame[12] = 0x08;  // IPv4
    std::uint8_t* ip = frame + 14;
    ip[0] = 0x45;
    PutBe16(ip + 2, ipLen);
    ip[8] = 64;
    ip[9] = static_cast<std::uint8_t>(s.proto);
    PutBe32(ip + 12, fromHost ? hostIp : s.remote_ip);
    PutBe32(ip + 16, fromHost ? s.remote_ip : hostIp);
    std::uint8_t* l = ip + 20;
    PutBe16(l, fromHost ? s.local_port : s.remote_port);
    PutBe16(l + 2, fromHost ? s.remote_port : s.local_port);
    if (tcp) {
      PutBe32(l + 4, 1000 + r.index * 100);
      l[12] = 0x50;
      std::uint8_t flags = 0x10;
      if (r.index == 0) flags = 0x02;
      else if (r.index == 1) flags = 0x12;
      else if (r.index + 2 >= s.packets) flags = 0x11;
      l[13] = flags;
    } else {
      PutBe16(l + 4, std::uint16_t(8 + payload));
    }
    pcap_pkthdr h{};
    h.ts.tv_sec = r.ts / kUsPerSecond;
    h.ts.tv_usec = r.ts % kUsPerSecond;
    h.caplen = h.len = 14u + ipLen;
    pcap_dump(reinterpret_cast<u_char*>(dumper), &h, frame);
    ++stats.packets;
    stats.bytes += h.caplen + 16;
  }
  pcap_dump_close(dumper);
  pcap_close(dead);

  // Built socket by socket, written poll by poll: readers need each host's rows in time order.
  std::vector<SocketRow> rows;
  const std::int64_t poll = std::int64_t(c.poll_interval * kUsPerSecond);
  for (unsigned h = 0; h < c.hosts; ++h) {  // a never-idle socket per host: every poll is a snapshot
    std::string name = "pc" + std::to_string(h);
    for (std::int64_t ts = t0; ts <= t0 + std::int64_t((c.seconds + 60) * kUsPerSecond); ts += poll) {
      rows.push_back({ts, name, Proto::Udp, 10u << 24 | std::uint32_t(11 + h), 137, std::nullopt, SocketState::None, 4, "System"});
      ++stats.socket_rows;
    }
  }
  for (const auto& s : plans) {
    if (u(rng) < c.unlogged_share) continue;
    std::string name = "pc" + std::to_string(s.host);
    const Ipv4 hostIp = 10u << 24 | std::uint32_t(11 + s.host);
    std::optional<Endpoint> remote;
    if (s.proto == Proto::Tcp) remote = Endpoint{s.remote_ip, s.remote_port};
    for (std::int64_t ts = t0 + (s.start - t0 + poll - 1) / poll * poll; ts <= s.start + s.duration; ts += poll) {
      rows.push_back({ts, name, s.proto, s.proto == Proto::Tcp ? hostIp : 0, s.local_port, remote,
                      s.proto == Proto::Tcp ? SocketState::Established : SocketState::None, 1000u + s.process,
                      kProcesses[s.process]});
      ++stats.socket_rows;
    }
  }
  std::stable_sort(rows.begin(), rows.end(), [](const SocketRow& a, const SocketRow& b) { return a.ts < b.ts; });
  SocketLogWriter log(logPath);
  for (const auto& row : rows) log.Write(row);
  log.Commit();
  return stats;
}

struct StepResult {
  std::string name;
  std::uint64_t packets = 0;
  double seconds = 0;
  double cpu_seconds = 0;
  long max_rss_kb = 0;
  bool ok = false;
  std::string note;
};

// Runs one step in a fresh process (this program again, `--child-step NAME`): a forked child
// would start with the parent's resident pages (the generated rows), and its peak RSS with them.
// The child reports "packets seconds note" on its stdout; wait4 gives its peak RSS and CPU time.
StepResult Measure(const std::string& name, const std::vector<std::string>& args) {
  StepResult r;
  r.name = name;
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe");
  std::fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    dup2(fds[1], STDOUT_FILENO);
    std::vector<std::string> childArgs = args;
    childArgs.push_back("--child-step");
    childArgs.push_back(name);
    std::vector<char*> argv;
    for (auto& a : childArgs) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv("/proc/self/exe", argv.data());
    _exit(127);
  }
  close(fds[1]);
  std::string msg;
  char buf[512];
  for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;) msg.append(buf, std::size_t(n));
  close(fds[0]);
  int status = 0;
  rusage ru{};
  wait4(pid, &status, 0, &ru);
  r.max_rss_kb = ru.ru_maxrss;
  r.cpu_seconds = double(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) + 1e-6 * double(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
  std::sscanf(msg.c_str(), "%lu %lf", &r.packets, &r.seconds);
  auto space = msg.find(' ', msg.find(' ') + 1);
  if (space != std::string::npos) r.note = msg.substr(space + 1);
  r.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0 && r.note.rfind("error", 0) != 0;
  return r;
}

// The child side: runs the step and prints its result for the parent.
int RunChildStep(const std::function<std::pair<std::uint64_t, std::string>()>& work) {
  auto start = std::chrono::steady_clock::now();
  std::pair<std::uint64_t, std::string> out{0, ""};
  try {
    out = work();
  } catch (const std::exception& e) {
    out = {0, std::string("error: ") + e.what()};
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%lu %f %s", (unsigned long)out.first, secs, out.second.c_str());
  return 0;
}

// tshark: timed from the parent (it is another program); wait4 still gives its peak RSS.
StepResult MeasureTshark(const std::string& pcap) {
  StepResult r;
  r.name = "tshark";
  std::fflush(stdout);
  auto start = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    FILE* out = std::freopen("/dev/null", "w", stdout);
    (void)out;
    execlp("tshark", "tshark", "-r", pcap.c_str(), "-T", "fields", "-e", "frame.time_epoch", "-e", "ip.src", "-e",
           "ip.dst", "-e", "tcp.srcport", "-e", "tcp.dstport", static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  rusage ru{};
  wait4(pid, &status, 0, &ru);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.max_rss_kb = ru.ru_maxrss;
  r.cpu_seconds = double(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) + 1e-6 * double(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
  r.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  if (!r.ok) r.note = "tshark not run (exit " + std::to_string(WEXITSTATUS(status)) + ")";
  return r;
}

class CountingObserver : public SessionObserver {
 public:
  void OnSessionPacket(const Session&, const DecodedPacket&) override {}
  void OnSessionFinished(const Session&) override { ++sessions; }
  std::uint64_t sessions = 0;
};

std::pair<std::uint64_t, std::string> RunPcapLoop(const std::string& path) {
  char err[PCAP_ERRBUF_SIZE];
  pcap_t* p = pcap_open_offline(path.c_str(), err);
  if (!p) throw std::runtime_error(err);
  std::uint64_t n = 0, sum = 0;
  pcap_pkthdr* h;
  const u_char* d;
  while (pcap_next_ex(p, &h, &d) == 1) {
    ++n;
    sum += d[23];  // touch the packet (IP protocol byte)
  }
  pcap_close(p);
  return {n, "checksum " + std::to_string(sum)};
}

// The generator's classic pcap (little-endian, microseconds) walked over a read-only mapping in
// 64 MiB windows, touching the same byte as pcap_loop: whether mapping the file beats libpcap's
// read() into its buffer (docs/benchmarks.md, "Capture read"). No checks: a measurement only.
std::pair<std::uint64_t, std::string> RunMappedLoop(const std::string& path) {
  constexpr std::size_t kWindow = std::size_t(64) << 20, kPage = 4096, kFileHeader = 24, kRecordHeader = 16;
  const int fd = open(path.c_str(), O_RDONLY);
  struct stat st {};
  if (fd < 0 || fstat(fd, &st) != 0) throw std::runtime_error(path + ": cannot open");
  const std::size_t size = std::size_t(st.st_size);
  const unsigned char* map = nullptr;
  std::size_t base = 0, length = 0;
  auto cover = [&](std::size_t from, std::size_t bytes) {  // maps a window holding [from, from + bytes)
    if (map && from >= base && from + bytes <= base + length) return;
    if (map) munmap(const_cast<unsigned char*>(map), length);
    base = from / kPage * kPage;
    length = std::min(size - base, std::max(kWindow, from + bytes - base));
    void* m = mmap(nullptr, length, PROT_READ, MAP_PRIVATE, fd, off_t(base));
    if (m == MAP_FAILED) throw std::runtime_error(path + ": mmap failed");
    madvise(m, length, MADV_SEQUENTIAL);
    map = static_cast<const unsigned char*>(m);
  };
  std::uint64_t n = 0, sum = 0;
  for (std::size_t at = kFileHeader; at + kRecordHeader <= size; ++n) {
    cover(at, kRecordHeader);
    std::uint32_t caplen = 0;
    std::memcpy(&caplen, map + (at - base) + 8, 4);
    if (at + kRecordHeader + caplen > size) break;
    cover(at, kRecordHeader + caplen);
    sum += map[at - base + kRecordHeader + 23];  // the IP protocol byte, as pcap_loop
    at += kRecordHeader + caplen;
  }
  if (map) munmap(const_cast<unsigned char*>(map), length);
  close(fd);
  return {n, "checksum " + std::to_string(sum)};
}

std::pair<std::uint64_t, std::string> RunSessionize(const std::string& path) {
  PcapPacketSource source(CapturePlan::FromInputs({path}));
  CountingObserver observer;
  Sessionizer sessionizer(SessionizerConfig{}, observer);
  source.Run(sessionizer);
  sessionizer.OnGroupFinished();
  return {source.Stats().decoded, std::to_string(observer.sessions) + " sessions"};
}

enum class DomainsVariant { WithDb, WithoutDb, DeviceView };

std::pair<std::uint64_t, std::string> RunDomains(const std::string& dir, const std::string& pcap,
                                                 DomainsVariant variant = DomainsVariant::WithDb) {
  DomainRunOptions o;
  o.inputs = {pcap};
  o.out_dir = dir + "/domains";
  o.write_db = variant != DomainsVariant::WithoutDb;
  if (variant == DomainsVariant::DeviceView) o.socket_log = dir + "/socketlog.csv";
  fs::create_directories(o.out_dir);
  fs::remove(o.out_dir + "/stats.sqlite");
  nlohmann::json m = RunDomainLabelling(o);
  // The generator's DNS payloads are filler, not DNS: they are counted bad packets, and no flow
  // gets a domain; the step measures the sessions, the DNS parsing and the writers.
  std::string note = std::to_string(m["flows"].get<std::uint64_t>()) + " flows";
  if (o.write_db) note += ", " + std::to_string(fs::file_size(o.out_dir + "/stats.sqlite") / 1000000) + " MB stats.sqlite";
  if (m.contains("cross_check")) note += ", " + m["cross_check"]["unusual"].dump() + " flagged by the cross-check";
  return {m["packets"].get<std::uint64_t>(), note};
}

/// `streamLog`: the socket log read beside the capture (`--stream-socket-log`); labels.csv goes
/// to labels-streamed.csv so that the two can be compared byte for byte.
std::pair<std::uint64_t, std::string> RunLabel(const std::string& dir, const std::string& pcap, bool streaming,
                                               bool streamLog = false) {
  LabelOptions o;
  o.pcap_inputs = {pcap};
  o.socket_log = dir + "/socketlog.csv";
  o.labels_out = dir + (streamLog ? "/labels-streamed.csv" : "/labels.csv");
  o.metrics_out = dir + (streamLog ? "/metrics-streamed.json" : "/metrics.json");
  o.post.streaming = streaming;
  o.stream_socket_log = streamLog;
  SocketLogUse use;
  LabelSummary s = RunLabeling(o, &use);
  char note[200];
  std::snprintf(note, sizeof note, "%lu sessions, engine %.4f, post %.4f, %lu intervals, %lu held at most",
                (unsigned long)s.sessions, s.EngineRate().value_or(0), s.MatchingRate().value_or(0),
                (unsigned long)use.intervals, (unsigned long)use.held_max);
  return {s.capture.decoded, note};
}

}  // namespace

int main(int argc, char** argv) {
  GenConfig gen;
  // The long socket log at 1 ms polls (issue 10: a 7-host day at 1 ms): 7 hosts, sessions capped
  // at 20 ms so that the snapshot-form log stays a few hundred MB; see docs/benchmarks.md.
  GenConfig msGen;
  msGen.hosts = 7;
  msGen.sessions = 50'000;
  msGen.seconds = 120;
  msGen.poll_interval = 0.001;
  msGen.max_duration = 0.02;
  msGen.seed = 7;
  std::string dir = "/tmp/ntlab-bench";
  std::string jsonOut, childStep;
  bool tshark = true, scaling = true;
  std::string only;  // --steps a,b: run only these steps (profiling one step under perf)
  std::vector<std::string> args(argv, argv + argc);
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) throw std::runtime_error(a + " needs a value");
      return argv[++i];
    };
    if (a == "--dir") dir = next();
    else if (a == "--sessions") gen.sessions = unsigned(std::stoul(next()));
    else if (a == "--hosts") gen.hosts = unsigned(std::stoul(next()));
    else if (a == "--seconds") gen.seconds = std::stod(next());
    else if (a == "--poll") gen.poll_interval = std::stod(next());
    else if (a == "--ms-seconds") msGen.seconds = std::stod(next());
    else if (a == "--ms-sessions") msGen.sessions = unsigned(std::stoul(next()));
    else if (a == "--json") jsonOut = next();
    else if (a == "--no-tshark") tshark = false;
    else if (a == "--no-scaling") scaling = false;
    else if (a == "--steps") only = "," + next() + ",";
    else if (a == "--child-step") childStep = next();
    else {
      std::cerr << "usage: ntlab_bench [--dir D] [--sessions N] [--hosts H] [--seconds S] [--poll S] [--json F]"
                   " [--ms-seconds S] [--ms-sessions N] [--no-tshark] [--no-scaling] [--steps a,b]\n";
      return 2;
    }
  }
  const std::string pcap = dir + "/capture.pcap";
  const std::string dir2 = dir + "/x2";
  const std::string dirMs = dir + "/log-1ms";
  using Work = std::function<std::pair<std::uint64_t, std::string>()>;
  const std::vector<std::pair<std::string, Work>> steps = {
      {"pcap_loop", [&] { return RunPcapLoop(pcap); }},
      {"pcap_mmap", [&] { return RunMappedLoop(pcap); }},
      {"sessionize", [&] { return RunSessionize(pcap); }},
      {"socketlog_load",
       [&] {
         SocketIndex index = SocketIndex::Load(dir + "/socketlog.csv");
         return std::pair<std::uint64_t, std::string>{0, std::to_string(index.SocketCount()) + " socket intervals (not packets)"};
       }},
      {"socketlog_stream_open",  // OpenStreamed's first pass, folding the full scan's tenancies
       [&] {
         ScanTenancies tenancies;
         SocketStreamOptions stream;
         stream.segments = [&](const SocketIndex& schedule, HostId host, const SocketInterval* group, std::size_t n) {
           tenancies.AddSegment(schedule, host, group, n, FullSocketScanConfig{});
         };
         SocketIndex index = SocketIndex::OpenStreamed(dir + "/socketlog.csv", {}, stream);
         return std::pair<std::uint64_t, std::string>{0, std::to_string(index.SocketCount()) + " socket intervals (not packets)"};
       }},
      {"label", [&] { return RunLabel(dir, pcap, false); }},
      {"label_streaming", [&] { return RunLabel(dir, pcap, true); }},
      {"label_stream_log", [&] { return RunLabel(dir, pcap, false, true); }},
      {"domains", [&] { return RunDomains(dir, pcap); }},
      // The same run without the SQLite writer: its cost is the difference.
      {"domains_nodb", [&] { return RunDomains(dir, pcap, DomainsVariant::WithoutDb); }},
      // With the device view: the labeling engine first, process buckets, the cross-check.
      {"domains_device", [&] { return RunDomains(dir, pcap, DomainsVariant::DeviceView); }},
      {"label_1ms", [&] { return RunLabel(dirMs, dirMs + "/capture.pcap", false); }},
      {"label_1ms_stream_log", [&] { return RunLabel(dirMs, dirMs + "/capture.pcap", false, true); }},
      {"sessionize_2x", [&] { return RunSessionize(dir2 + "/capture.pcap"); }},
      {"label_2x", [&] { return RunLabel(dir2, dir2 + "/capture.pcap", false); }},
      {"label_2x_stream_log", [&] { return RunLabel(dir2, dir2 + "/capture.pcap", false, true); }},
      {"domains_2x", [&] { return RunDomains(dir2, dir2 + "/capture.pcap"); }},
  };
  if (!childStep.empty()) {
    for (const auto& [name, work] : steps)
      if (name == childStep) return RunChildStep(work);
    return 2;
  }
  auto wanted = [&](const std::string& name) { return only.empty() || only.find("," + name + ",") != std::string::npos; };
  auto wantedAny = [&](const std::string& part) {
    for (const auto& [name, work] : steps)
      if (name.find(part) != std::string::npos && wanted(name)) return true;
    return false;
  };

  fs::create_directories(dir);
  GenStats g = Generate(gen, pcap, dir + "/socketlog.csv");
  std::printf("generated %lu packets, %lu sessions, %lu socket-log rows, %.0f MB pcap\n",
              (unsigned long)g.packets, (unsigned long)g.sessions, (unsigned long)g.socket_rows, g.bytes / 1e6);
  if (scaling && wantedAny("_2x")) {
    // Twice the capture length, twice the sessions: the same concurrency.
    GenConfig twice = gen;
    twice.sessions *= 2;
    twice.seconds *= 2;
    twice.seed += 1;
    fs::create_directories(dir2);
    GenStats g2 = Generate(twice, dir2 + "/capture.pcap", dir2 + "/socketlog.csv");
    std::printf("generated 2x: %lu packets, %lu socket-log rows\n", (unsigned long)g2.packets,
                (unsigned long)g2.socket_rows);
  }
  if (wantedAny("label_1ms")) {
    fs::create_directories(dirMs);
    GenStats gm = Generate(msGen, dirMs + "/capture.pcap", dirMs + "/socketlog.csv");
    std::printf("generated 1 ms log: %lu packets, %lu socket-log rows (%u hosts, %.0f s, %lu MB)\n",
                (unsigned long)gm.packets, (unsigned long)gm.socket_rows, msGen.hosts, msGen.seconds,
                (unsigned long)(fs::file_size(dirMs + "/socketlog.csv") / 1000000));
  }

  std::vector<StepResult> results;
  for (const auto& [name, work] : steps) {
    bool scalingStep = name.find("_2x") != std::string::npos;
    if (!wanted(name) || (scalingStep && !scaling)) continue;
    if (name.rfind("label_1ms", 0) == 0 && only.empty()) continue;  // only when asked: a large log
    results.push_back(Measure(name, args));
  }
  if (tshark && wanted("tshark")) {
    StepResult t = MeasureTshark(pcap);
    t.packets = g.packets;
    results.push_back(t);
  }

  std::printf("\n%-16s %10s %9s %9s %12s %10s  %s\n", "step", "packets", "wall_s", "cpu_s", "Mpkt/s", "maxrss_MB", "note");
  nlohmann::json j;
  j["generated"] = {{"packets", g.packets}, {"sessions", g.sessions}, {"socket_rows", g.socket_rows},
                    {"pcap_bytes", g.bytes}, {"hosts", gen.hosts}, {"seconds", gen.seconds},
                    {"poll_interval", gen.poll_interval}};
  for (const auto& r : results) {
    double rate = r.seconds > 0 ? r.packets / r.seconds / 1e6 : 0;
    std::printf("%-16s %10lu %9.2f %9.2f %12.2f %10.1f  %s%s\n", r.name.c_str(), (unsigned long)r.packets, r.seconds,
                r.cpu_seconds, rate, r.max_rss_kb / 1024.0, r.ok ? "" : "FAILED ", r.note.c_str());
    j["steps"][r.name] = {{"packets", r.packets}, {"wall_seconds", r.seconds}, {"cpu_seconds", r.cpu_seconds},
                          {"mpackets_per_second", rate}, {"max_rss_kb", r.max_rss_kb}, {"ok", r.ok}, {"note", r.note}};
  }
  if (!jsonOut.empty()) std::ofstream(jsonOut) << j.dump(2) << "\n";
  return 0;
}
