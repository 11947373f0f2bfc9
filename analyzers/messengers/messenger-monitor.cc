#include "analyzers/messengers/messenger-monitor.h"

#include "analyzers/messengers/session-role.h"

#include <algorithm>

namespace ntlab {
namespace {

std::string Join(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

std::string FormatHandoffs(const std::vector<Handoff>& handoffs) {
  std::string out;
  for (const auto& h : handoffs)
    out += std::string(out.empty() ? "" : ";") + ToString(h.kind) + " " + FormatIp(h.target.ip) + ":" +
           std::to_string(h.target.port);
  return out;
}

// Without the SYN the first packet seen decides the session's direction, and that may be the
// server's push: then the client is the side on the ephemeral (higher) port.
bool HostIsClient(const Session& session) {
  return session.syn_seen ? session.direction == Direction::Outbound
                          : session.key.host.port >= session.key.remote.port;
}

}  // namespace

MessengerMonitor::MessengerMonitor(MessengerSessionObserver& observer, SessionizerConfig sessions)
    : m_observer(observer), m_sessionizer(sessions, *this) {}

void MessengerMonitor::OnPacket(const DecodedPacket& packet) {
  m_sessionizer.OnPacket(packet);
  m_stats.peak_open_sessions = std::max(m_stats.peak_open_sessions, m_sessionizer.OpenSessions());
}

void MessengerMonitor::OnGroupFinished() { m_sessionizer.OnGroupFinished(); }

void MessengerMonitor::OnSessionPacket(const Session& session, const DecodedPacket& packet) {
  if (session.key.proto != Proto::Tcp) return;
  Open& open = m_open[session.id];
  const bool fromHost = packet.src == session.key.host;
  const bool fromClient = fromHost == HostIsClient(session);
  open.carried_bytes = open.carried_bytes || packet.payload_length > 0;
  open.recogniser.Add(fromClient, packet);
}

void MessengerMonitor::Count(const Open& open) {
  const MessengerSessionFacts& f = open.recogniser.Facts();
  if (!open.carried_bytes) return;
  ++m_stats.sessions_with_payload;
  if (open.recogniser.Recognised()) {
    ++m_stats.recognised[ToString(f.protocol)];
    if (f.stream_problem) ++m_stats.stream_problems[f.stream_problem];
  } else if (f.rejected) {
    ++m_stats.not_recognised[f.rejected];
  } else if (f.protocol != MessengerProtocol::None) {
    ++m_stats.not_recognised["no answer from the server in the grammar"];
  } else {
    ++m_stats.not_recognised["the client's first line never completed"];
  }
}

void MessengerMonitor::OnSessionFinished(const Session& s) {
  if (s.key.proto != Proto::Tcp) return;
  ++m_stats.tcp_sessions;
  auto it = m_open.find(s.id);
  if (it == m_open.end()) return;
  const Open open = std::move(it->second);
  m_open.erase(it);
  Count(open);
  if (!open.recogniser.Recognised()) return;
  const MessengerSessionFacts& f = open.recogniser.Facts();
  MessengerSessionRow row;
  row.session_id = s.id;
  row.host = s.key.host;
  row.remote = s.key.remote;
  row.direction = HostIsClient(s) ? Direction::Outbound : Direction::Inbound;  // who spoke the client's part
  row.first_ts = s.first_ts;
  row.last_ts = s.last_ts;
  row.packets = s.packets;
  row.bytes = s.bytes;
  row.protocol = ToString(f.protocol);
  row.role = SessionRole(f);
  row.commands = f.commands;
  row.evidence = Join(f.evidence);
  row.handoffs = FormatHandoffs(f.handoffs);
  row.relayed_to = f.relayed_to;
  row.relay_target = f.relay_target;
  m_observer.OnMessengerSession(row, f.handoffs);
}

}  // namespace ntlab
