// Turns decoded packets into sessions keyed by (proto, host endpoint, remote endpoint), streaming:
// memory grows with the number of open sessions, not with the capture size.
//
// Host side of a packet, in order: the capture's host hint (file name); else the caller's set of
// known host IPs and networks; else the TCP SYN sender (SYN/ACK receiver); else the side of an existing
// session; else the endpoint with the higher (ephemeral) port.
// A session ends on TCP FIN from both sides or RST (a later SYN on the same tuple starts a new
// one; stragglers such as the last ACK within `closed_linger` still count to the old one), after
// an idle timeout, or at the end of the capture group.
//
// The client's first bytes go to a TlsClientHelloReassembler for the SNI; on UDP, the client's
// datagrams go to a QuicClientHelloReassembler, which decrypts QUIC Initials for theirs. A malformed ClientHello,
// or one the connection ended inside (FIN, RST, a new SYN, idle; not the end of the capture), is a
// bad packet: reported through the packet's origin (analyzers/capture/bad-packets.h), never fatal.
// Bytes that are not TLS are read once for an HTTP request's Host (http-request-host.h). A DNS
// server's first response in a session (remote port 53) is read for its answer addresses.
#pragma once

#include "analyzers/capture/bad-packets.h"
#include "analyzers/capture/packet-source.h"
#include "analyzers/formats/host-networks.h"
#include "analyzers/sessions/quic-client-hello-reassembler.h"
#include "analyzers/sessions/session.h"
#include "analyzers/sessions/tls-client-hello-reassembler.h"

#include <memory>
#include <unordered_set>
#include <vector>

namespace ntlab {

struct SessionizerConfig {
  TimeUs tcp_idle_timeout = 300 * kUsPerSecond;
  TimeUs udp_idle_timeout = 60 * kUsPerSecond;
  TimeUs closed_linger = 5 * kUsPerSecond;   // after FIN/FIN or RST
  TimeUs sweep_interval = 1 * kUsPerSecond;  // packet time between expiry sweeps
  std::size_t tls_buffer_limit = 16 * 1024;  // per session, only until the ClientHello decides
};

class Sessionizer : public PacketSink {
 public:
  Sessionizer(SessionizerConfig config, SessionObserver& observer);
  ~Sessionizer() override;
  Sessionizer(Sessionizer&&) noexcept;
  void SetKnownHosts(std::unordered_set<IpAddress> hosts);
  /// Networks whose addresses count as known hosts too (`--hosts`: addresses and CIDR blocks).
  void SetHostNetworks(std::vector<HostNetwork> networks) { m_hostNetworks = std::move(networks); }

  void OnPacket(const DecodedPacket& packet) override;
  /// Ends every open session (EndOfInput).
  void OnGroupFinished() override;
  std::size_t OpenSessions() const;

 private:
  struct Active {
    Session session;
    bool initiator_is_host = true;
    bool fin_from_host = false;
    bool fin_from_remote = false;
    bool closed = false;           // FIN both ways or RST
    TimeUs closed_ts = 0;
    SessionEnd close_reason = SessionEnd::Running;
    std::uint32_t syn_seq = 0;
    std::unique_ptr<TlsClientHelloReassembler> tls;
    bool tls_decided = false;
    PacketOrigin tls_origin;  // the client's latest segment while the hello is undecided
    std::unique_ptr<QuicClientHelloReassembler> quic;  // UDP: the client's Initials (QUIC SNI)
  };
  // The open sessions by key (sessionizer.cc: an Abseil flat hash map, kept out of this header,
  // which some 50 files include, because its templates cost a second of compilation each).
  class Table;
  // When a session would expire if it saw no further packet. A session's entry may be early (its
  // last_ts has moved on since) or stale (the session is gone): Sweep checks and re-queues.
  struct ExpiryEntry {
    TimeUs deadline;
    std::uint64_t session_id;
    SessionKey key;
    bool operator>(const ExpiryEntry& o) const { return deadline > o.deadline; }
  };

  /// The host side of `packet`; when the answer came from the session table, `found` is that
  /// session (so OnPacket need not look the key up again), else nullptr.
  bool HostIsSource(const DecodedPacket& packet, Active*& found);
  bool IsKnownHost(const IpAddress& ip) const;
  TimeUs Deadline(const Active& a) const;
  bool IsExpired(const Active& a, TimeUs now) const { return now > Deadline(a); }
  void QueueExpiry(const Active& a);
  Active& Start(const SessionKey& key, const DecodedPacket& packet, bool fromHost);
  void Update(Active& a, const DecodedPacket& packet, bool fromHost);
  void UpdateTls(Active& a, const DecodedPacket& packet);
  void UpdateQuic(Active& a, const DecodedPacket& packet);
  /// A DNS server's response: its addresses into the session (the dns_use stage's evidence).
  void ReadDnsAnswer(Session& session, const DecodedPacket& packet);
  void Sweep(TimeUs now);
  void EndAll(SessionEnd reason);
  /// Reports `a` finished and removes it from the table (`a` is gone afterwards).
  void Emit(Active& a, SessionEnd reason);

  SessionizerConfig m_config;
  SessionObserver& m_observer;
  // Sorted: a binary search beats hashing for the few hosts. IPv4 ones as integers, so a probe
  // is one integer compare (asked twice per packet).
  std::vector<Ipv4> m_knownV4;
  std::vector<IpAddress> m_knownV6;
  std::vector<HostNetwork> m_hostNetworks;
  std::unique_ptr<Table> m_active;
  std::vector<ExpiryEntry> m_expiry;  // min-heap on deadline, so Sweep need not visit every session
  std::uint64_t m_nextId = 1;
  TimeUs m_nextSweep = 0;
};

}  // namespace ntlab
