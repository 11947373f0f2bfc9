// `ntlab messengers`' first stage on a packet stream: sessions (the Sessionizer), each TCP
// session's bytes through a MessengerRecogniser, and, as a session ends, its row (protocol,
// role from its own commands, evidence, hand-offs) when it was recognised, or its reason counted
// when it was not.
//
// Streaming: memory follows the open sessions; each holds at most one partial command.
#pragma once

#include "analyzers/capture/packet-source.h"
#include "analyzers/formats/messenger-files.h"
#include "analyzers/messengers/messenger-recogniser.h"
#include "analyzers/sessions/sessionizer.h"

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace ntlab {

/// What the monitor reports, in the order sessions end.
class MessengerSessionObserver {
 public:
  virtual ~MessengerSessionObserver() = default;
  virtual void OnMessengerSession(const MessengerSessionRow& row, const std::vector<Handoff>& handoffs) = 0;
};

struct MessengerMonitorStats {
  std::uint64_t tcp_sessions = 0;
  std::uint64_t sessions_with_payload = 0;
  std::map<std::string, std::uint64_t> recognised;       // by protocol
  std::map<std::string, std::uint64_t> not_recognised;   // by reason (sessions that carried bytes)
  std::map<std::string, std::uint64_t> stream_problems;  // recognised sessions cut short, by reason
  std::size_t peak_open_sessions = 0;
};

class MessengerMonitor : public PacketSink, private SessionObserver {
 public:
  explicit MessengerMonitor(MessengerSessionObserver& observer, SessionizerConfig sessions = {});

  void OnPacket(const DecodedPacket& packet) override;
  void OnGroupFinished() override;
  const MessengerMonitorStats& Stats() const { return m_stats; }

 private:
  struct Open {
    MessengerRecogniser recogniser;
    bool carried_bytes = false;
  };
  void OnSessionPacket(const Session& session, const DecodedPacket& packet) override;
  void OnSessionFinished(const Session& session) override;
  void Count(const Open& open);

  MessengerSessionObserver& m_observer;
  Sessionizer m_sessionizer;
  std::unordered_map<std::uint64_t, Open> m_open;  // TCP sessions, by session id
  MessengerMonitorStats m_stats;
};

}  // namespace ntlab
