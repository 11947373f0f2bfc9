#include "replay/conntrack/conntrack-table.h"

#include <tuple>

namespace ntlab::conntrack {

bool Tuple::operator==(const Tuple& o) const {
  return src == o.src && dst == o.dst && sport == o.sport && dport == o.dport && proto == o.proto;
}

bool Tuple::operator<(const Tuple& o) const {
  return std::tie(src, dst, sport, dport, proto) < std::tie(o.src, o.dst, o.sport, o.dport, o.proto);
}

const char* CtStateName(CtState state) {
  switch (state) {
    case CtState::New: return "new";
    case CtState::Established: return "established";
    case CtState::Related: return "related";
    case CtState::Invalid: return "invalid";
  }
  return "invalid";
}

namespace {

bool HasFlags(std::uint8_t flags, std::uint8_t wanted) { return (flags & wanted) == wanted; }

/// Flag combinations no TCP stack sends; netfilter's tcp_error() calls them invalid.
bool InvalidTcpFlags(std::uint8_t flags) {
  return HasFlags(flags, kSyn | kFin) || HasFlags(flags, kSyn | kRst) || flags == 0;
}

Tuple ApplyNat(Tuple t, const NatBinding& nat) {
  if (nat.to_src) t.src = *nat.to_src;
  if (nat.to_dst) t.dst = *nat.to_dst;
  if (nat.to_sport) t.sport = *nat.to_sport;
  if (nat.to_dport) t.dport = *nat.to_dport;
  return t;
}

}  // namespace

CtLookup ConntrackTable::TrackUnknown(const CtPacket& packet) const {
  if (packet.tuple.proto != L4Proto::Tcp) return {CtState::New, std::nullopt, CtDirection::Original};
  // Strict pick-up (nf_conntrack_tcp_loose = 0): only a SYN opens a TCP connection, so a SYN-ACK
  // or a data segment of a connection never committed is invalid, not established.
  std::uint8_t f = packet.tcp_flags;
  bool opening = (f & kSyn) && !(f & (kAck | kRst | kFin));
  return {opening ? CtState::New : CtState::Invalid, std::nullopt, CtDirection::Original};
}

CtLookup ConntrackTable::Track(const CtPacket& packet) {
  Expire(packet.ts);
  if (packet.icmp_error_about) {
    // An ICMP error quotes a packet of the connection as its sender got it; the error travels the
    // other way, so it belongs to the direction of the quoted tuple reversed (as in netfilter).
    auto quoted = m_index.find({packet.zone, packet.icmp_error_about->Reversed()});
    if (quoted == m_index.end()) return {CtState::Invalid, std::nullopt, CtDirection::Original};
    return {CtState::Related, quoted->second.first, quoted->second.second};
  }
  auto known = m_index.find({packet.zone, packet.tuple});
  if (known == m_index.end()) return TrackUnknown(packet);
  auto [id, direction] = known->second;
  CtState state = Advance(m_entries.at(id), packet, direction);
  return {state, id, direction};
}

CtState ConntrackTable::Advance(ConntrackEntry& entry, const CtPacket& packet, CtDirection direction) {
  const bool reply = direction == CtDirection::Reply;
  if (entry.original.proto == L4Proto::Tcp) {
    std::uint8_t f = packet.tcp_flags;
    if (InvalidTcpFlags(f) || (!reply && HasFlags(f, kSyn | kAck))) return CtState::Invalid;
    if (f & kRst) {
      entry.tcp = TcpPhase::Close;
    } else if (f & kFin) {
      entry.tcp = TcpPhase::Closing;
    } else if (reply && HasFlags(f, kSyn | kAck) && entry.tcp == TcpPhase::SynSent) {
      entry.tcp = TcpPhase::SynRecv;
    } else if (!reply && (f & kAck) && entry.tcp == TcpPhase::SynRecv) {
      entry.tcp = TcpPhase::Established;
    }
  }
  if (reply) entry.seen_reply = true;
  ++entry.packets;
  entry.last_seen = packet.ts;
  entry.expires = packet.ts + TimeoutOf(entry);
  return reply || entry.seen_reply ? CtState::Established : CtState::New;
}

TimeUs ConntrackTable::TimeoutOf(const ConntrackEntry& entry) const {
  switch (entry.original.proto) {
    case L4Proto::Udp: return entry.seen_reply ? m_timeouts.udp_replied : m_timeouts.udp_unreplied;
    case L4Proto::Icmp: return m_timeouts.icmp;
    case L4Proto::Tcp: break;
  }
  switch (entry.tcp) {
    case TcpPhase::SynSent: return m_timeouts.tcp_syn_sent;
    case TcpPhase::SynRecv: return m_timeouts.tcp_syn_recv;
    case TcpPhase::Established: return m_timeouts.tcp_established;
    case TcpPhase::Closing: return m_timeouts.tcp_closing;
    case TcpPhase::Close: return m_timeouts.tcp_close;
  }
  return m_timeouts.tcp_close;
}

std::uint64_t ConntrackTable::Commit(const CtPacket& packet, const NatBinding& nat, std::uint32_t mark) {
  Expire(packet.ts);
  auto known = m_index.find({packet.zone, packet.tuple});
  if (known != m_index.end()) {
    m_entries.at(known->second.first).mark = mark;
    return known->second.first;
  }
  ConntrackEntry entry;
  entry.zone = packet.zone;
  entry.original = packet.tuple;
  entry.reply = ApplyNat(packet.tuple, nat).Reversed();
  entry.nat = nat;
  entry.mark = mark;
  entry.tcp = TcpPhase::SynSent;
  entry.packets = 1;
  entry.last_seen = packet.ts;
  entry.expires = packet.ts + TimeoutOf(entry);
  const std::uint64_t id = m_nextId++;
  m_index[{entry.zone, entry.original}] = {id, CtDirection::Original};
  m_index.emplace(Key{entry.zone, entry.reply}, std::make_pair(id, CtDirection::Reply));
  m_entries.emplace(id, entry);
  return id;
}

void ConntrackTable::ForceEstablished(std::uint64_t id) {
  auto it = m_entries.find(id);
  if (it == m_entries.end()) return;
  ConntrackEntry& entry = it->second;
  entry.seen_reply = true;
  if (entry.original.proto == L4Proto::Tcp) entry.tcp = TcpPhase::Established;
  entry.expires = entry.last_seen + TimeoutOf(entry);
}

Tuple ConntrackTable::Translate(const Tuple& tuple, const CtLookup& lookup) const {
  if (!lookup.entry) return tuple;
  const ConntrackEntry* entry = Find(*lookup.entry);
  if (!entry || entry->nat.Empty()) return tuple;
  Tuple mapped = lookup.direction == CtDirection::Original ? entry->reply.Reversed() : entry->original.Reversed();
  if (lookup.state != CtState::Related) return mapped;
  // An ICMP error keeps its own protocol; only its addresses follow the connection's binding.
  Tuple error = tuple;
  error.src = mapped.src;
  error.dst = mapped.dst;
  return error;
}

const ConntrackEntry* ConntrackTable::Find(std::uint64_t id) const {
  auto it = m_entries.find(id);
  return it == m_entries.end() ? nullptr : &it->second;
}

void ConntrackTable::SetMark(std::uint64_t id, std::uint32_t mark) {
  auto it = m_entries.find(id);
  if (it != m_entries.end()) it->second.mark = mark;
}

void ConntrackTable::Expire(TimeUs now) {
  for (auto it = m_entries.begin(); it != m_entries.end();) {
    if (it->second.expires > now) {
      ++it;
      continue;
    }
    m_index.erase({it->second.zone, it->second.original});
    auto reply = m_index.find({it->second.zone, it->second.reply});
    if (reply != m_index.end() && reply->second.first == it->first) m_index.erase(reply);
    it = m_entries.erase(it);
  }
}

std::vector<ConntrackEntry> ConntrackTable::Entries() const {
  std::vector<ConntrackEntry> all;
  for (const auto& [id, entry] : m_entries) all.push_back(entry);
  return all;
}

}  // namespace ntlab::conntrack
