#include "tests/regression/generators/capture-script.h"

#include <pcap/pcap.h>

#include <algorithm>
#include <stdexcept>

namespace ntlab::regression {
namespace {

constexpr TimeUs kMs = 1000;
constexpr std::size_t kMss = 1460;
constexpr std::uint8_t kFin = 0x01, kSyn = 0x02, kPsh = 0x08, kAck = 0x10;

void Put16(Bytes& b, std::size_t at, std::uint16_t v) {
  b[at] = std::uint8_t(v >> 8);
  b[at + 1] = std::uint8_t(v);
}
void Put32(Bytes& b, std::size_t at, std::uint32_t v) {
  Put16(b, at, std::uint16_t(v >> 16));
  Put16(b, at + 2, std::uint16_t(v));
}

std::uint32_t SumWords(const std::uint8_t* data, std::size_t n, std::uint32_t sum = 0) {
  for (std::size_t i = 0; i + 1 < n; i += 2) sum += std::uint32_t(data[i]) << 8 | data[i + 1];
  if (n % 2) sum += std::uint32_t(data[n - 1]) << 8;
  return sum;
}
std::uint16_t Fold(std::uint32_t sum) {
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return std::uint16_t(~sum);
}

// Locally administered MAC addresses made from the IP (an IPv6 address folded), so every frame
// names its station.
void PutMac(Bytes& b, std::size_t at, const IpAddress& ip) {
  b[at] = 0x02;
  b[at + 1] = 0x00;
  Put32(b, at + 2, ip.Fold32());
}

/// Ethernet + IPv6 around a TCP or UDP header-and-payload, the checksum over RFC 8200 §8.1's
/// pseudo-header.
Bytes Ipv6Frame(const IpAddress& src, const IpAddress& dst, Proto proto, Bytes l4, bool fromHost) {
  Bytes pseudo(40);
  std::copy(src.bytes.begin(), src.bytes.end(), pseudo.begin());
  std::copy(dst.bytes.begin(), dst.bytes.end(), pseudo.begin() + 16);
  Put32(pseudo, 32, std::uint32_t(l4.size()));
  pseudo[39] = std::uint8_t(proto);
  std::size_t checksumAt = proto == Proto::Tcp ? 16 : 6;
  Put16(l4, checksumAt, Fold(SumWords(l4.data(), l4.size(), SumWords(pseudo.data(), pseudo.size()))));

  Bytes f(54 + l4.size());
  PutMac(f, 0, dst);
  PutMac(f, 6, src);
  Put16(f, 12, 0x86dd);
  f[14] = 0x60;
  Put16(f, 18, std::uint16_t(l4.size()));
  f[20] = std::uint8_t(proto);
  f[21] = fromHost ? 128 : 64;  // Windows host, Unix-like servers
  std::copy(src.bytes.begin(), src.bytes.end(), f.begin() + 22);
  std::copy(dst.bytes.begin(), dst.bytes.end(), f.begin() + 38);
  std::copy(l4.begin(), l4.end(), f.begin() + 54);
  return f;
}

/// Ethernet + IPv4 (or IPv6, Ipv6Frame) around a TCP or UDP header-and-payload, checksums filled in.
Bytes IpFrame(const IpAddress& srcAddress, const IpAddress& dstAddress, Proto proto, Bytes l4, std::uint16_t id,
              bool fromHost) {
  if (srcAddress.v6 || dstAddress.v6) return Ipv6Frame(srcAddress, dstAddress, proto, std::move(l4), fromHost);
  const Ipv4 src = srcAddress.V4(), dst = dstAddress.V4();
  Bytes pseudo(12);
  Put32(pseudo, 0, src);
  Put32(pseudo, 4, dst);
  pseudo[9] = std::uint8_t(proto);
  Put16(pseudo, 10, std::uint16_t(l4.size()));
  std::size_t checksumAt = proto == Proto::Tcp ? 16 : 6;
  Put16(l4, checksumAt, Fold(SumWords(l4.data(), l4.size(), SumWords(pseudo.data(), pseudo.size()))));

  Bytes f(34 + l4.size());
  PutMac(f, 0, dst);
  PutMac(f, 6, src);
  Put16(f, 12, 0x0800);
  f[14] = 0x45;
  Put16(f, 16, std::uint16_t(20 + l4.size()));
  Put16(f, 18, id);
  Put16(f, 20, 0x4000);         // don't fragment
  f[22] = fromHost ? 128 : 64;  // Windows host, Unix-like servers
  f[23] = std::uint8_t(proto);
  Put32(f, 26, src);
  Put32(f, 30, dst);
  Put16(f, 24, Fold(SumWords(f.data() + 14, 20)));
  std::copy(l4.begin(), l4.end(), f.begin() + 34);
  return f;
}

}  // namespace

void CaptureScript::AddRow(Proto proto, IpAddress localIp, std::uint16_t port, std::optional<Endpoint> remote,
                           SocketState state, std::uint32_t pid, const std::string& process, TimeUs from, TimeUs to) {
  m_rows.push_back(TableRow{SocketRow{0, m_config.host, proto, localIp, port, remote, state, pid, process}, from, to});
}

void CaptureScript::AddEvent(TimeUs ts, EventKind kind, Proto proto, Endpoint local, std::optional<Endpoint> remote,
                             std::uint32_t pid, const std::string& process) {
  m_events.push_back(EventRow{ts, m_config.host, kind, proto, local.ip, local.port, remote, pid, process});
}

void CaptureScript::AddFrame(TimeUs ts, Bytes frame) { m_frames.push_back(Frame{ts, std::move(frame)}); }

void CaptureScript::TcpSegment(TimeUs ts, TcpSide& from, const TcpSide& to, std::uint8_t flags, const Bytes& data) {
  Bytes tcp(20);
  Put16(tcp, 0, from.endpoint.port);
  Put16(tcp, 2, to.endpoint.port);
  Put32(tcp, 4, from.seq);
  Put32(tcp, 8, flags & kAck ? to.seq : 0);
  tcp[12] = 5 << 4;
  tcp[13] = flags;
  Put16(tcp, 14, 64240);
  tcp.insert(tcp.end(), data.begin(), data.end());
  from.seq += std::uint32_t(data.size()) + ((flags & (kSyn | kFin)) ? 1 : 0);
  AddFrame(ts, IpFrame(from.endpoint.ip, to.endpoint.ip, Proto::Tcp, std::move(tcp), m_ipId++, from.is_host));
}

void CaptureScript::UdpDatagram(TimeUs ts, Endpoint from, Endpoint to, bool fromHost, const Bytes& data) {
  Bytes udp(8 + data.size());
  Put16(udp, 0, from.port);
  Put16(udp, 2, to.port);
  Put16(udp, 4, std::uint16_t(udp.size()));
  std::copy(data.begin(), data.end(), udp.begin() + 8);
  AddFrame(ts, IpFrame(from.ip, to.ip, Proto::Udp, std::move(udp), m_ipId++, fromHost));
}

void CaptureScript::Listen(std::uint16_t port, std::uint32_t pid, const std::string& process, TimeUs from, TimeUs to,
                           bool bindEvent) {
  AddRow(Proto::Tcp, 0, port, std::nullopt, SocketState::Listen, pid, process, from, to);
  if (bindEvent) AddEvent(from, EventKind::Bind, Proto::Tcp, Endpoint{0, port}, std::nullopt, pid, process);
  m_truth.push_back(TruthRow{m_config.host, Proto::Tcp, 0, port, std::nullopt, pid, process, from, std::nullopt});
}

TimeUs CaptureScript::TcpData(TimeUs t, const TcpConnection& c, TcpSide& client, TcpSide& server) {
  std::vector<std::uint32_t> seqs;
  for (const Bytes& segment : c.client_segments) {
    seqs.push_back(client.seq);
    client.seq += std::uint32_t(segment.size());
  }
  const std::uint32_t clientEnd = client.seq;
  for (std::size_t k = 0; k < c.client_segments.size(); ++k, t += 100) {
    std::size_t i = c.segments_out_of_order ? c.client_segments.size() - 1 - k : k;
    client.seq = seqs[i];
    TcpSegment(t, client, server, kPsh | kAck, c.client_segments[i]);
  }
  client.seq = clientEnd;
  t += 2 * kMs;
  for (std::size_t at = 0; at < c.server_data.size(); at += kMss, t += 100) {
    std::size_t n = std::min(kMss, c.server_data.size() - at);
    TcpSegment(t, server, client, kPsh | kAck, Bytes(c.server_data.begin() + at, c.server_data.begin() + at + n));
  }
  return t;
}

void CaptureScript::Tcp(const TcpConnection& c) {
  // Initial sequence numbers from the ports: deterministic, and different per connection.
  TcpSide host{c.local, 0x10000000u + 4099u * c.local.port, true};
  TcpSide peer{c.remote, 0x20000000u + 4099u * c.remote.port + c.local.port, false};
  TcpSide& client = c.inbound ? peer : host;
  TcpSide& server = c.inbound ? host : peer;
  TimeUs t = c.open;
  TcpSegment(t, client, server, kSyn);
  TcpSegment(t + kMs, server, client, kSyn | kAck);
  TcpSegment(t + 2 * kMs, client, server, kAck);
  t += 3 * kMs;
  if (c.turns.empty()) {
    t = TcpData(t, c, client, server);
  } else {
    for (const TcpConnection::Turn& turn : c.turns) {
      t += turn.after;
      TcpSide& from = turn.from_client ? client : server;
      TcpSide& to = turn.from_client ? server : client;
      for (std::size_t at = 0; at < turn.data.size(); at += kMss, t += 100) {
        std::size_t n = std::min(kMss, turn.data.size() - at);
        TcpSegment(t, from, to, kPsh | kAck, Bytes(turn.data.begin() + at, turn.data.begin() + at + n));
      }
      TcpSegment(t + 200, to, from, kAck);
    }
    t += kMs;
  }
  TcpSegment(t + kMs, client, server, kAck);
  if (c.close <= t + kMs) throw std::logic_error("a scripted TCP connection closes before its data is through");

  TcpSide& closer = c.host_closes ? host : peer;
  TcpSide& other = c.host_closes ? peer : host;
  TcpSegment(c.close, closer, other, kFin | kAck);
  TcpSegment(c.close + kMs, other, closer, kFin | kAck);
  TcpSegment(c.close + 2 * kMs, closer, other, kAck);
  m_closedSeqs[{c.local, c.remote}] = {host.seq, peer.seq};

  AddRow(Proto::Tcp, c.local.ip, c.local.port, c.remote, SocketState::Established, c.pid, c.process, c.open, c.close);
  if (c.host_closes)
    AddRow(Proto::Tcp, c.local.ip, c.local.port, c.remote, SocketState::TimeWait, 0, "System Idle Process", c.close,
           c.close + m_config.time_wait);
  m_truth.push_back(
      TruthRow{m_config.host, Proto::Tcp, c.local.ip, c.local.port, c.remote, c.pid, c.process, c.open, c.close});
  if (c.open_event)
    AddEvent(c.open, c.inbound ? EventKind::Accept : EventKind::Connect, Proto::Tcp, c.local, c.remote, c.pid,
             c.process);
  if (c.close_event) AddEvent(c.close, EventKind::Close, Proto::Tcp, c.local, c.remote, c.pid, c.process);
}

void CaptureScript::LateFinRetransmission(const TcpConnection& c, TimeUs at) {
  auto it = m_closedSeqs.find({c.local, c.remote});
  if (it == m_closedSeqs.end()) throw std::logic_error("a FIN retransmission needs its connection scripted first");
  // The peer's FIN again (its sequence number is one below where its stream ended), then the ACK.
  TcpSide peer{c.remote, it->second.second - 1, false};
  TcpSide host{c.local, it->second.first, true};
  TcpSegment(at, peer, host, kFin | kAck);
  TcpSegment(at + 300, host, peer, kAck);
}

void CaptureScript::Udp(const UdpExchange& u) {
  AddRow(Proto::Udp, 0, u.local.port, std::nullopt, SocketState::None, u.pid, u.process, u.open, u.close);
  UdpDatagram(u.open + kMs, u.local, u.remote, true, u.request);
  if (!u.response.empty()) UdpDatagram(u.open + 3 * kMs, u.remote, u.local, false, u.response);
  m_truth.push_back(
      TruthRow{m_config.host, Proto::Udp, 0, u.local.port, std::nullopt, u.pid, u.process, u.open, u.close});
  if (u.open_event)
    AddEvent(u.open, EventKind::Bind, Proto::Udp, Endpoint{0, u.local.port}, std::nullopt, u.pid, u.process);
  if (u.close_event)
    AddEvent(u.close, EventKind::Close, Proto::Udp, Endpoint{0, u.local.port}, std::nullopt, u.pid, u.process);
}

std::vector<TimeUs> CaptureScript::Polls() const {
  std::vector<TimeUs> polls;
  for (TimeUs t = m_config.first_poll; t <= m_config.last_poll; t += m_config.poll_interval) {
    bool down = false;
    for (const auto& [from, to] : m_config.logger_down) down = down || (from <= t && t < to);
    if (!down) polls.push_back(t);
  }
  return polls;
}

void CaptureScript::WriteCapture(const std::filesystem::path& path) const {
  std::vector<Frame> frames = m_frames;
  std::stable_sort(frames.begin(), frames.end(), [](const Frame& a, const Frame& b) { return a.ts < b.ts; });
  pcap_t* dead = pcap_open_dead(DLT_EN10MB, 65535);
  const std::string capturePath = path.string();
  pcap_dumper_t* dumper = pcap_dump_open(dead, capturePath.c_str());
  if (!dumper) throw std::runtime_error(capturePath + ": " + pcap_geterr(dead));
  for (const Frame& f : frames) {
    if (f.ts < m_config.capture_start) continue;
    pcap_pkthdr header{};
    header.ts.tv_sec = f.ts / kUsPerSecond;
    header.ts.tv_usec = f.ts % kUsPerSecond;
    header.caplen = header.len = std::uint32_t(f.bytes.size());
    pcap_dump(reinterpret_cast<u_char*>(dumper), &header, f.bytes.data());
  }
  pcap_dump_close(dumper);
  pcap_close(dead);
}

void CaptureScript::Write(const std::filesystem::path& dir) const {
  std::filesystem::create_directories(dir);
  WriteCapture(dir / "capture.pcap");
  SocketLogWriter log((dir / "socketlog.csv").string());
  for (TimeUs poll : Polls()) {
    for (const TableRow& r : m_rows) {
      if (r.from > poll || poll >= r.to) continue;
      SocketRow row = r.row;
      row.ts = poll;
      log.Write(row);
    }
  }
  log.Commit();

  std::vector<EventRow> events = m_events;
  std::stable_sort(events.begin(), events.end(), [](const EventRow& a, const EventRow& b) { return a.ts < b.ts; });
  EventWriter eventWriter((dir / "events.csv").string());
  for (const EventRow& e : events) eventWriter.Write(e);
  eventWriter.Commit();

  std::vector<TruthRow> truth = m_truth;
  std::stable_sort(truth.begin(), truth.end(),
                   [](const TruthRow& a, const TruthRow& b) { return a.open_ts < b.open_ts; });
  TruthWriter truthWriter((dir / "truth.csv").string());
  for (const TruthRow& t : truth) truthWriter.Write(t);
  truthWriter.Commit();
}

}  // namespace ntlab::regression
