#include "analyzers/sessions/sessionizer.h"

#include "analyzers/formats/host-networks.h"
#include "analyzers/sessions/dns-answer-addresses.h"
#include "analyzers/sessions/http-request-host.h"

#include <absl/container/flat_hash_map.h>

#include <algorithm>
#include <functional>
#include <vector>

namespace ntlab {

const char* ToString(SessionEnd end) {
  switch (end) {
    case SessionEnd::Running: return "running";
    case SessionEnd::Fin: return "fin";
    case SessionEnd::Reset: return "reset";
    case SessionEnd::Idle: return "idle";
    case SessionEnd::NewSyn: return "new_syn";
    case SessionEnd::EndOfInput: return "end_of_input";
  }
  return "?";
}

namespace {

bool IsPureSyn(const DecodedPacket& p) {
  return p.proto == Proto::Tcp && p.HasFlag(TcpFlag::kSyn) && !p.HasFlag(TcpFlag::kAck);
}
bool IsSynAck(const DecodedPacket& p) {
  return p.proto == Proto::Tcp && p.HasFlag(TcpFlag::kSyn) && p.HasFlag(TcpFlag::kAck);
}
SessionKey KeyFor(const DecodedPacket& p, bool hostIsSource) {
  return hostIsSource ? SessionKey{p.proto, p.src, p.dst} : SessionKey{p.proto, p.dst, p.src};
}

}  // namespace

// Open addressing (Abseil's SwissTable): a lookup probes a compact array of control bytes instead
// of walking a node-based bucket list, the hottest part of sessionizing. Iteration order is hash
// order, never an output order: Sweep and EndAll sort by session id. Erasing an element leaves
// the others in place, so Sweep and EndAll may hold pointers to several while they emit them.
class Sessionizer::Table : public absl::flat_hash_map<SessionKey, Active, SessionKeyHash> {};

Sessionizer::Sessionizer(SessionizerConfig config, SessionObserver& observer)
    : m_config(config), m_observer(observer), m_active(std::make_unique<Table>()) {}
Sessionizer::~Sessionizer() = default;
Sessionizer::Sessionizer(Sessionizer&&) noexcept = default;

std::size_t Sessionizer::OpenSessions() const { return m_active->size(); }

void Sessionizer::SetKnownHosts(std::unordered_set<IpAddress> hosts) {
  m_knownV4.clear();
  m_knownV6.clear();
  for (const IpAddress& ip : hosts) {
    if (ip.IsV4()) m_knownV4.push_back(ip.V4());
    else m_knownV6.push_back(ip);
  }
  std::sort(m_knownV4.begin(), m_knownV4.end());
  std::sort(m_knownV6.begin(), m_knownV6.end());
}

bool Sessionizer::IsKnownHost(const IpAddress& ip) const {
  const bool listed = ip.IsV4() ? std::binary_search(m_knownV4.begin(), m_knownV4.end(), ip.V4())
                                : std::binary_search(m_knownV6.begin(), m_knownV6.end(), ip);
  return listed || (!m_hostNetworks.empty() && InHostNetworks(m_hostNetworks, ip));
}

bool Sessionizer::HostIsSource(const DecodedPacket& p, Active*& found) {
  found = nullptr;
  if (!p.host_hint.IsUnspecified()) {
    if (p.src.ip == p.host_hint) return true;
    if (p.dst.ip == p.host_hint) return false;
  }
  bool srcKnown = IsKnownHost(p.src.ip);
  bool dstKnown = IsKnownHost(p.dst.ip);
  if (srcKnown != dstKnown) return srcKnown;
  if (IsPureSyn(p)) return true;
  if (IsSynAck(p)) return false;
  auto probe = [&](bool hostIsSource) {
    auto it = m_active->find(KeyFor(p, hostIsSource));
    found = it == m_active->end() ? nullptr : &it->second;
    return found != nullptr;
  };
  if (probe(true)) return true;
  if (probe(false)) return false;
  if (p.src.port != p.dst.port) return p.src.port > p.dst.port;
  return true;
}

// A session is expired at `now` when now > Deadline. The deadline only moves later with new packets,
// except once, when the session closes.
TimeUs Sessionizer::Deadline(const Active& a) const {
  if (a.closed) return a.closed_ts + m_config.closed_linger;
  TimeUs idle = a.session.key.proto == Proto::Tcp ? m_config.tcp_idle_timeout : m_config.udp_idle_timeout;
  return a.session.last_ts + idle;
}

void Sessionizer::QueueExpiry(const Active& a) {
  m_expiry.push_back(ExpiryEntry{Deadline(a), a.session.id, a.session.key});
  std::push_heap(m_expiry.begin(), m_expiry.end(), std::greater<>());
}

void Sessionizer::OnPacket(const DecodedPacket& p) {
  if (p.ts >= m_nextSweep) {
    Sweep(p.ts);
    m_nextSweep = p.ts + m_config.sweep_interval;
  }
  Active* found;
  const bool fromHost = HostIsSource(p, found);
  const SessionKey key = KeyFor(p, fromHost);
  if (!found) {
    auto it = m_active->find(key);
    if (it != m_active->end()) found = &it->second;
  }
  if (found) {
    Active& a = *found;
    // A pure SYN after the close, or with a new initial sequence number (the close was not
    // captured), opens a new connection on the same tuple.
    bool newSyn = IsPureSyn(p) && (a.closed || (a.session.syn_seen && p.tcp_seq != a.syn_seq));
    if (newSyn) Emit(a, a.closed ? a.close_reason : SessionEnd::NewSyn);
    else if (IsExpired(a, p.ts)) Emit(a, a.closed ? a.close_reason : SessionEnd::Idle);
    else {
      Update(a, p, fromHost);
      m_observer.OnSessionPacket(a.session, p);
      return;
    }
  }
  Active& a = Start(key, p, fromHost);
  Update(a, p, fromHost);
  if (!a.closed) QueueExpiry(a);  // (a session closed by its first packet was queued by Update)
  m_observer.OnSessionPacket(a.session, p);
}

Sessionizer::Active& Sessionizer::Start(const SessionKey& key, const DecodedPacket& p, bool fromHost) {
  Active& a = (*m_active)[key];
  a.session.id = m_nextId++;
  a.session.key = key;
  a.session.first_ts = p.ts;
  a.session.last_ts = p.ts;
  // The opener: SYN sender, SYN/ACK receiver, otherwise the sender of the first packet seen.
  a.initiator_is_host = IsSynAck(p) ? !fromHost : fromHost;
  a.session.direction = a.initiator_is_host ? Direction::Outbound : Direction::Inbound;
  return a;
}

void Sessionizer::Update(Active& a, const DecodedPacket& p, bool fromHost) {
  Session& s = a.session;
  ++s.packets;
  s.bytes += p.ip_length;
  s.last_ts = std::max(s.last_ts, p.ts);
  if (!fromHost && s.key.remote.port == kDnsPort && s.dns_answer_ts == 0 && p.payload_length > 0) ReadDnsAnswer(s, p);
  if (p.proto != Proto::Tcp) {
    if (!a.tls_decided && fromHost == a.initiator_is_host && p.payload_length > 0) UpdateQuic(a, p);
    return;
  }

  const bool fromClient = fromHost == a.initiator_is_host;
  if (IsPureSyn(p) && fromClient && !s.syn_seen) {
    s.syn_seen = true;
    a.syn_seq = p.tcp_seq;
  }
  if (!a.tls_decided && fromClient && (p.payload_length > 0 || IsPureSyn(p))) UpdateTls(a, p);
  if (!a.closed) {
    if (p.HasFlag(TcpFlag::kRst)) {
      a.closed = true;
      a.close_reason = SessionEnd::Reset;
    } else if (p.HasFlag(TcpFlag::kFin)) {
      (fromHost ? a.fin_from_host : a.fin_from_remote) = true;
      if (a.fin_from_host && a.fin_from_remote) {
        a.closed = true;
        a.close_reason = SessionEnd::Fin;
      }
    }
    if (a.closed) {
      a.closed_ts = p.ts;
      QueueExpiry(a);  // the linger deadline may come before the queued idle one
    }
  }
}

void Sessionizer::ReadDnsAnswer(Session& s, const DecodedPacket& p) {
  auto addresses = DnsAnswerAddresses(p.payload, p.payload_length, p.proto == Proto::Tcp);
  if (!addresses) return;  // not a whole response (a TCP message over several segments): no evidence
  s.dns_answer_ts = std::max<TimeUs>(p.ts, 1);  // 0 means "no answer yet"
  s.dns_answers = std::move(*addresses);
}

void Sessionizer::UpdateTls(Active& a, const DecodedPacket& p) {
  if (!a.tls) a.tls = std::make_unique<TlsClientHelloReassembler>(m_config.tls_buffer_limit);
  if (IsPureSyn(p)) {
    a.tls->SetStreamStart(p.tcp_seq + 1);
    return;
  }
  if (p.origin) a.tls_origin = *p.origin;
  TlsParseStatus status = a.tls->Add(p.tcp_seq, p.payload, p.payload_length);
  if (status == TlsParseStatus::NeedMore) return;
  if (status == TlsParseStatus::Malformed) ReportBadPacket(p, BadPacketReason::TlsClientHello, a.tls->Problem());
  a.session.sni = a.tls->ServerName();
  if (status == TlsParseStatus::NotTls) {
    const std::string& start = a.tls->NotTlsStart();
    a.session.http_host = HttpRequestHost(reinterpret_cast<const std::uint8_t*>(start.data()), start.size());
  }
  a.tls.reset();
  a.tls_decided = true;
}

void Sessionizer::UpdateQuic(Active& a, const DecodedPacket& p) {
  if (!a.quic) a.quic = std::make_unique<QuicClientHelloReassembler>(m_config.tls_buffer_limit);
  TlsParseStatus status = a.quic->AddDatagram(p.payload, p.payload_length);
  if (status == TlsParseStatus::NeedMore) return;
  // A datagram the snap length cut cannot authenticate: unreadable, not bad (28 bytes: the IPv4
  // and UDP headers without options).
  const bool snapCut = p.ip_length > p.payload_length + 28u;
  if (status == TlsParseStatus::Malformed && !snapCut)
    ReportBadPacket(p, BadPacketReason::QuicInitial, a.quic->Problem());
  a.session.sni = a.quic->ServerName();
  a.quic.reset();
  a.tls_decided = true;
}

void Sessionizer::Emit(Active& a, SessionEnd reason) {
  // The capture's end cuts many a connection; only a connection that ended cut its hello short.
  if (a.tls && reason != SessionEnd::EndOfInput) {
    if (std::size_t held = a.tls->CutShortBytes())
      ReportBadPacket(a.tls_origin, BadPacketReason::TlsClientHello,
                      "the connection ended inside the ClientHello, after " + std::to_string(held) + " bytes of it");
  }
  a.session.end = reason;
  m_observer.OnSessionFinished(a.session);
  const SessionKey key = a.session.key;
  m_active->erase(key);
}

void Sessionizer::Sweep(TimeUs now) {
  std::vector<Active*> expired;
  // Only entries with deadline < now can belong to an expired session (now > its real deadline >=
  // the queued one).
  while (!m_expiry.empty() && m_expiry.front().deadline < now) {
    std::pop_heap(m_expiry.begin(), m_expiry.end(), std::greater<>());
    ExpiryEntry entry = m_expiry.back();
    m_expiry.pop_back();
    auto it = m_active->find(entry.key);
    if (it == m_active->end() || it->second.session.id != entry.session_id) continue;  // already ended
    if (IsExpired(it->second, now)) expired.push_back(&it->second);
    else QueueExpiry(it->second);  // saw packets since: requeue at its current deadline
  }
  // Hash order is not a stable order: emit by start time so outputs are reproducible. A session
  // may have been found through two entries (idle and closed).
  std::sort(expired.begin(), expired.end(), [](const Active* x, const Active* y) { return x->session.id < y->session.id; });
  expired.erase(std::unique(expired.begin(), expired.end()), expired.end());
  for (Active* a : expired) Emit(*a, a->closed ? a->close_reason : SessionEnd::Idle);
  // Sessions ended by a packet (FIN, new SYN) leave stale entries behind; rebuild the queue when
  // they dominate, so memory follows the open sessions.
  if (m_expiry.size() > 2 * m_active->size() + 1024) {
    m_expiry.clear();
    for (const auto& [key, a] : *m_active) m_expiry.push_back(ExpiryEntry{Deadline(a), a.session.id, key});
    std::make_heap(m_expiry.begin(), m_expiry.end(), std::greater<>());
  }
}

void Sessionizer::EndAll(SessionEnd reason) {
  std::vector<Active*> all;
  all.reserve(m_active->size());
  for (auto& [key, a] : *m_active) all.push_back(&a);
  std::sort(all.begin(), all.end(), [](const Active* x, const Active* y) { return x->session.id < y->session.id; });
  for (Active* a : all) Emit(*a, a->closed ? a->close_reason : reason);
}

void Sessionizer::OnGroupFinished() {
  EndAll(SessionEnd::EndOfInput);
  m_expiry.clear();
  m_nextSweep = 0;
}

}  // namespace ntlab
