// Both ends of a re-enacted session script (session-script.h), with ordinary sockets, each run on
// a thread that has entered its namespace (NamespaceLab::EnterFromThisThread). The host connects
// to the servers the capture names; 002's rules rewrite those connections to the responder, which
// answers each with the response the capture recorded for it.
#pragma once

#include "replay/isolation/session-script.h"

#include <atomic>
#include <cstddef>
#include <map>
#include <vector>

namespace ntlab {

/// The C&C stand-in: listens on every server port of the script, and answers the sessions to each
/// port in the script's order with their recorded responses.
class ScriptedResponder {
 public:
  /// Opens the listening sockets (in the calling thread's namespace); throws std::runtime_error.
  explicit ScriptedResponder(const std::vector<ScriptedSession>& script);
  ~ScriptedResponder();
  ScriptedResponder(const ScriptedResponder&) = delete;
  ScriptedResponder& operator=(const ScriptedResponder&) = delete;

  /// Serves until `done` turns true; returns how many sessions it answered.
  std::size_t Serve(const std::atomic<bool>& done);

 private:
  void Answer(int listener);
  std::map<int, std::vector<const ScriptedSession*>> m_queue;  // listening socket -> sessions in order
  std::map<int, std::size_t> m_next;
  std::size_t m_answered = 0;
};

struct HostOutcome {
  std::size_t opened = 0;    // connections established
  std::size_t answered = 0;  // responses identical to the recorded ones
};

/// The moved host: runs the script's sessions one after the other from `host` (bound as source).
HostOutcome ActOutHost(const std::vector<ScriptedSession>& script, Ipv4 host, const std::atomic<bool>& stop);

}  // namespace ntlab
