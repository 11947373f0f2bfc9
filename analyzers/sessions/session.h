// A finished or running session: one TCP connection or one UDP flow between the monitored host and
// a remote endpoint, with the counters the labels file reports.
#pragma once

#include "analyzers/capture/decoded-packet.h"
#include "analyzers/sessions/session-key.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ntlab {

enum class SessionEnd : std::uint8_t { Running, Fin, Reset, Idle, NewSyn, EndOfInput };
const char* ToString(SessionEnd end);

struct Session {
  std::uint64_t id = 0;             // unique within one Sessionizer, in creation order
  SessionKey key;
  Direction direction = Direction::Outbound;
  TimeUs first_ts = 0;
  TimeUs last_ts = 0;
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;          // sum of IPv4 total lengths
  bool syn_seen = false;
  std::string sni;                  // TLS server name from the client's ClientHello
  std::string http_host;            // Host of a plaintext HTTP request opening the stream (http-request-host.h)
  /// A lookup to a DNS server (remote port 53): the A/AAAA addresses of the first response the
  /// server sent and that response's time (dns-answer-addresses.h); 0 / empty until one came.
  TimeUs dns_answer_ts = 0;
  std::vector<IpAddress> dns_answers;
  SessionEnd end = SessionEnd::Running;
  /// Free for the observer (0 until it writes): lets the Labeler keep its per-session state in a
  /// slot array instead of a hash lookup on every packet, the hottest path of a labelling run.
  mutable std::uint32_t observer_slot = 0;
};

/// Copies the session's own columns (protocol, endpoints, direction, times, packets, bytes) into
/// an output row: labels.csv and flows.csv both start with them.
template <typename Row>
void CopySessionColumns(const Session& s, Row& row) {
  row.proto = s.key.proto;
  row.host = s.key.host;
  row.remote = s.key.remote;
  row.direction = s.direction;
  row.first_ts = s.first_ts;
  row.last_ts = s.last_ts;
  row.packets = s.packets;
  row.bytes = s.bytes;
}

/// The same columns from one row to another that has them (a labels.csv row into a blocking
/// session, that session into its sessions.csv row).
template <typename From, typename To>
void CopyRowSessionColumns(const From& from, To& to) {
  to.proto = from.proto;
  to.host = from.host;
  to.remote = from.remote;
  to.direction = from.direction;
  to.first_ts = from.first_ts;
  to.last_ts = from.last_ts;
  to.packets = from.packets;
  to.bytes = from.bytes;
}

/// Watches a Sessionizer. Both calls happen in packet-time order within one capture group.
class SessionObserver {
 public:
  virtual ~SessionObserver() = default;
  /// After `session` has been updated with `packet`.
  virtual void OnSessionPacket(const Session& session, const DecodedPacket& packet) = 0;
  virtual void OnSessionFinished(const Session& session) = 0;
};

}  // namespace ntlab
