// A scripted monitored host for the hand-built regression captures: what its socket table shows
// over time, the frames on its switch port, the ETW-like events that reached the log, and the
// truth. The socket log is sampled from that table at every poll, as a SocketLogger samples a real
// one (snapshot form, docs/formats.md), so whether a socket is ever logged depends only on where
// it falls between polls, as on a real host. Every file is written through analyzers/formats,
// the capture with libpcap's pcap_dump.
//
// The table follows Windows closely enough for the engine's traps: an ESTABLISHED row from SYN to
// the owner's close; then, when the host closed first, a TIME_WAIT row with PID 0 ("System Idle
// Process") for `time_wait`; a passively closed socket leaves at once. UDP rows are bound to
// 0.0.0.0 without a remote; listeners are LISTEN rows on 0.0.0.0.
#pragma once

#include "analyzers/formats/records.h"
#include "models/payload/bytes.h"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace ntlab::regression {

using payload::Bytes;

/// One TCP connection of the monitored host.
struct TcpConnection {
  Endpoint local;  // the host's address and port
  Endpoint remote;
  bool inbound = false;  // the remote side opened it (accepted on a listening port)
  std::uint32_t pid = 0;
  std::string process;
  TimeUs open = 0;                     // the SYN
  TimeUs close = 0;                    // the first FIN: the owner (or the peer) closes
  bool host_closes = true;             // active close on the host: TIME_WAIT with PID 0 follows
  std::vector<Bytes> client_segments;  // the client's first data, one TCP segment each
  bool segments_out_of_order = false;  // the client's segments reach the mirror port last-first
  Bytes server_data;                   // the server's answer (segmented at 1460 bytes)
  /// A dialogue instead of client_segments and server_data: each turn `after` the previous one,
  /// segmented at 1460 bytes and acknowledged by the other side (messenger logins, chats).
  struct Turn {
    bool from_client = true;
    Bytes data;
    TimeUs after = 20'000;
  };
  std::vector<Turn> turns;
  bool open_event = true;              // ETW-like events that reached the log (false: lost)
  bool close_event = true;
};

/// One UDP exchange of the monitored host on its own socket (bound at `open`, closed at `close`).
struct UdpExchange {
  Endpoint local;  // the host's address and the bound port
  Endpoint remote;
  std::uint32_t pid = 0;
  std::string process;
  TimeUs open = 0;
  TimeUs close = 0;
  Bytes request;   // sent 1 ms after the bind
  Bytes response;  // 2 ms later
  bool open_event = true;
  bool close_event = true;
};

struct ScriptConfig {
  std::string host = "pc01";
  Ipv4 host_ip = 0;
  TimeUs first_poll = 0;
  TimeUs last_poll = 0;
  TimeUs poll_interval = 50'000;                       // paper 001: 50 ms
  std::vector<std::pair<TimeUs, TimeUs>> logger_down;  // [from, to): no polls (the agent was down)
  TimeUs capture_start = 0;                            // frames before this never reached the capture
  TimeUs time_wait = 120 * kUsPerSecond;
};

class CaptureScript {
 public:
  explicit CaptureScript(ScriptConfig config) : m_config(std::move(config)) {}

  /// A LISTEN row on 0.0.0.0:`port` over [from, to); `bind_event`: its bind event reached the log.
  void Listen(std::uint16_t port, std::uint32_t pid, const std::string& process, TimeUs from, TimeUs to,
              bool bind_event = true);
  void Tcp(const TcpConnection& connection);
  /// The peer retransmits its FIN at `at` (its last ACK was lost) and the host answers from TIME_WAIT.
  void LateFinRetransmission(const TcpConnection& connection, TimeUs at);
  void Udp(const UdpExchange& exchange);

  /// Writes capture.pcap, socketlog.csv (snapshot form), events.csv and truth.csv into `dir`.
  void Write(const std::filesystem::path& dir) const;
  /// Only the frames (Ethernet, microsecond pcap), for cases about capture reading alone.
  void WriteCapture(const std::filesystem::path& path) const;

 private:
  struct TableRow {
    SocketRow row;  // ts unused
    TimeUs from = 0;
    TimeUs to = 0;  // exclusive
  };
  struct Frame {
    TimeUs ts = 0;
    Bytes bytes;
  };
  struct TcpSide {
    Endpoint endpoint;
    std::uint32_t seq = 0;
    bool is_host = false;
  };

  void AddRow(Proto proto, IpAddress localIp, std::uint16_t port, std::optional<Endpoint> remote, SocketState state,
              std::uint32_t pid, const std::string& process, TimeUs from, TimeUs to);
  void AddEvent(TimeUs ts, EventKind kind, Proto proto, Endpoint local, std::optional<Endpoint> remote,
                std::uint32_t pid, const std::string& process);
  void TcpSegment(TimeUs ts, TcpSide& from, const TcpSide& to, std::uint8_t flags, const Bytes& data = {});
  TimeUs TcpData(TimeUs ts, const TcpConnection& c, TcpSide& client, TcpSide& server);
  void UdpDatagram(TimeUs ts, Endpoint from, Endpoint to, bool fromHost, const Bytes& data);
  void AddFrame(TimeUs ts, Bytes frame);
  std::vector<TimeUs> Polls() const;

  ScriptConfig m_config;
  std::vector<TableRow> m_rows;
  std::vector<Frame> m_frames;
  std::vector<EventRow> m_events;
  std::vector<TruthRow> m_truth;
  // (local, remote) -> the host's and the peer's next sequence numbers after the close.
  std::map<std::pair<Endpoint, Endpoint>, std::pair<std::uint32_t, std::uint32_t>> m_closedSeqs;
  std::uint16_t m_ipId = 1;
};

/// Epoch time `ms` milliseconds after 2025-03-10T09:00:00Z (the simulator's default start).
constexpr TimeUs AtMs(double ms) { return 1741597200LL * kUsPerSecond + TimeUs(ms * 1000); }

}  // namespace ntlab::regression
