// The `events` stage: ETW-like connect/accept/bind/close events (events.csv) name the owner of
// sockets that open and close between two socket-table polls, which stage A can never see.
//
// Each opening event (connect, accept, bind) starts a window on (host, proto, local port[, remote])
// that the matching close event ends. A session matches a window that contains the packet time,
// widened by `slack` either side (the last ACK of a connection follows its close event). Lost
// events are expected (ETW drops events under load; the simulator drops them on purpose): an open
// without a close lasts `open_without_close`, a close without an open covers `close_without_open`
// before it. Several fitting windows: the one containing the packet wins, then the nearest, then
// the later-opened; a window with the session's exact remote beats one without a remote.
//
// Process names: an event may carry an empty name when the consumer's PID->name cache already
// knows the pid. As in the paper, a per-host cache filled in event-time order gives the name; the
// socket log's own pid->name rows are the fallback. Events still without a name are dropped.
#pragma once

#include "analyzers/labeling/match-stage.h"

#include <string>
#include <unordered_map>
#include <vector>

namespace ntlab {

struct EventMatchConfig {
  TimeUs slack = 1 * kUsPerSecond;
  TimeUs open_without_close = 120 * kUsPerSecond;
  TimeUs close_without_open = 5 * kUsPerSecond;
};

struct EventLoadStats {
  std::uint64_t events = 0;
  std::uint64_t windows = 0;
  std::uint64_t unknown_host = 0;     // host not in the socket log: its sessions are not labelled
  std::uint64_t unnamed = 0;          // no name in the event, the cache or the socket log
};

/// The owner an event window names for a session, and when that window opened.
struct EventOwner {
  std::uint32_t pid = 0;
  std::string_view process;
  TimeUs opened = 0;
};

class EventMatch : public MatchStage {
 public:
  static EventMatch Load(const std::string& eventsPath, const SocketIndex& index, EventMatchConfig config = {});
  static EventMatch FromRows(std::vector<EventRow> rows, const SocketIndex& index, EventMatchConfig config = {});

  const char* Name() const override { return "events"; }
  std::optional<MatchResult> TryMatch(const MatchQuery& query) override;
  /// What TryMatch would answer, with the window's open time (stage A of the ntlab engine asks).
  std::optional<EventOwner> OwnerAt(const MatchQuery& query) const;
  const EventLoadStats& Stats() const { return m_stats; }

 private:
  struct Window {
    TimeUs open = 0;
    TimeUs close = 0;
    IpAddress local_ip = 0;
    Endpoint remote;
    bool has_remote = false;
    std::uint32_t pid = 0;
    std::uint32_t process = 0;        // index into m_names
  };
  const Window* Best(const MatchQuery& query) const;
  static std::uint64_t Key(HostId host, Proto proto, std::uint16_t port) {
    return std::uint64_t(host) << 24 | std::uint64_t(static_cast<std::uint8_t>(proto)) << 16 | port;
  }

  EventMatchConfig m_config;
  std::unordered_map<std::uint64_t, std::vector<Window>> m_windows;  // sorted by open
  std::vector<std::string> m_names;
  EventLoadStats m_stats;
};

}  // namespace ntlab
