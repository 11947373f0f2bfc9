// A connection-tracking table in the manner of Linux netfilter conntrack and Open vSwitch's ct()
// action, as paper 002's replay (Step 3 of its method) relies on it: each connection is remembered
// under its original tuple and its reply tuple, in a zone, with a state, a mark, a timeout and an
// optional NAT binding. Pure C++ (no ns-3, no kernel), so the simulation and the tests share it.
//
// As in OvS, looking a packet up does not remember it: only Commit() creates an entry (ct(commit)).
// As in netfilter, a committed connection stays `new` in its original direction until a reply has
// been seen, and a packet in the reply direction of an unknown tuple is never `established`.
#pragma once

#include "analyzers/formats/basic-types.h"

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

namespace ntlab::conntrack {

enum class L4Proto : std::uint8_t { Icmp = 1, Tcp = 6, Udp = 17 };

/// A 5-tuple. For ICMP queries (echo) the ports hold the identifier on both sides, as conntrack does.
struct Tuple {
  Ipv4 src = 0, dst = 0;
  std::uint16_t sport = 0, dport = 0;
  L4Proto proto = L4Proto::Udp;

  Tuple Reversed() const { return {dst, src, dport, sport, proto}; }
  bool operator==(const Tuple& o) const;
  bool operator<(const Tuple& o) const;
};

/// The ct_state flags of a packet (OvS: +new, +est, +rel, +inv).
enum class CtState : std::uint8_t { New, Established, Related, Invalid };
const char* CtStateName(CtState state);

/// TCP flags the state machine reads.
enum TcpFlag : std::uint8_t { kFin = 0x01, kSyn = 0x02, kRst = 0x04, kAck = 0x10 };

/// What the table needs of one packet. An ICMP error carries the tuple of the packet it answers.
struct CtPacket {
  Tuple tuple;
  std::uint8_t tcp_flags = 0;
  std::optional<Tuple> icmp_error_about;
  std::uint16_t zone = 0;
  TimeUs ts = 0;
};

/// Address and port rewriting bound to a connection at commit (OvS ct(commit, nat(...))).
struct NatBinding {
  std::optional<Ipv4> to_src, to_dst;
  std::optional<std::uint16_t> to_sport, to_dport;
  bool Empty() const { return !to_src && !to_dst && !to_sport && !to_dport; }
};

/// Per-state timeouts in seconds: Linux's defaults (nf_conntrack_*_timeout_*).
struct Timeouts {
  TimeUs tcp_syn_sent = 120 * kUsPerSecond;
  TimeUs tcp_syn_recv = 60 * kUsPerSecond;
  TimeUs tcp_established = 432000 * kUsPerSecond;
  TimeUs tcp_closing = 120 * kUsPerSecond;   // FIN seen: fin_wait / close_wait / time_wait
  TimeUs tcp_close = 10 * kUsPerSecond;      // after a RST
  TimeUs udp_unreplied = 30 * kUsPerSecond;
  TimeUs udp_replied = 120 * kUsPerSecond;
  TimeUs icmp = 30 * kUsPerSecond;
};

enum class TcpPhase : std::uint8_t { SynSent, SynRecv, Established, Closing, Close };

enum class CtDirection : std::uint8_t { Original, Reply };

struct ConntrackEntry {
  std::uint16_t zone = 0;
  Tuple original;  // as the first packet came
  Tuple reply;     // what a reply looks like: the original reversed after NAT
  NatBinding nat;
  std::uint32_t mark = 0;
  bool seen_reply = false;
  TcpPhase tcp = TcpPhase::SynSent;
  TimeUs last_seen = 0;
  TimeUs expires = 0;
  std::uint64_t packets = 0;
};

/// The table's answer for one packet, and for a known connection the entry and the direction.
struct CtLookup {
  CtState state = CtState::Invalid;
  std::optional<std::uint64_t> entry;  // id of the connection, for Commit / Translate / mark
  CtDirection direction = CtDirection::Original;
};

class ConntrackTable {
 public:
  explicit ConntrackTable(Timeouts timeouts = {}) : m_timeouts(timeouts) {}

  /// Classifies a packet (ct() without commit) and, for a known connection, advances its state
  /// machine and timeout. Expired connections are forgotten first.
  CtLookup Track(const CtPacket& packet);

  /// ct(commit): remembers the packet's connection with its NAT binding and mark; a connection
  /// already known keeps its binding (as in OvS, NAT is fixed at the first commit). Returns its id.
  std::uint64_t Commit(const CtPacket& packet, const NatBinding& nat = {}, std::uint32_t mark = 0);

  /// 002's Step 2: the rewritten tuple is unknown to conntrack, so its state is forced to +est.
  void ForceEstablished(std::uint64_t id);

  /// The packet's tuple as NAT leaves it: the binding applied in the original direction, undone in
  /// the reply direction; unchanged without a binding. An ICMP error (Related) has only its
  /// addresses rewritten.
  Tuple Translate(const Tuple& tuple, const CtLookup& lookup) const;

  const ConntrackEntry* Find(std::uint64_t id) const;
  void SetMark(std::uint64_t id, std::uint32_t mark);
  /// Forgets every connection whose timeout has passed at `now`.
  void Expire(TimeUs now);
  std::size_t Size() const { return m_entries.size(); }
  std::vector<ConntrackEntry> Entries() const;

 private:
  using Key = std::pair<std::uint16_t, Tuple>;
  CtState Advance(ConntrackEntry& entry, const CtPacket& packet, CtDirection direction);
  TimeUs TimeoutOf(const ConntrackEntry& entry) const;
  CtLookup TrackUnknown(const CtPacket& packet) const;

  Timeouts m_timeouts;
  std::map<std::uint64_t, ConntrackEntry> m_entries;
  std::map<Key, std::pair<std::uint64_t, CtDirection>> m_index;  // both tuples of every entry
  std::uint64_t m_nextId = 1;
};

}  // namespace ntlab::conntrack
