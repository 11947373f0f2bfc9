// Protocol recognition on one TCP session (issue 12 item 5): both byte streams are put back in
// order (retransmissions dropped, a gap stops that direction), cut into commands by the MSNP or
// NateOn grammar (or by ntlab's invented BuddyBuddy framing, buddybuddy-grammar.h), and the
// session is recognised when the client's first line opens a login of one protocol and the
// server answers it in the same grammar (same transaction id). A session the capture joined late
// (no client SYN) cannot show its login: there any command word of the protocol may come first,
// and the server may speak first. An MSN direct (P2P) connection is recognised by its hello
// ("foo") and length-framed data. A session through an IP relay opens with a SOCKS handshake
// (socks-handshake.h): both sides' parts are stripped first and the relay's target kept. The
// port plays no part.
//
// Total: any bytes end as a recognised session, an undecided one, or a rejection with a fixed
// reason (counted by the caller). Memory per session is bounded by the longest line plus the
// largest payload the grammars accept.
#pragma once

#include "analyzers/capture/decoded-packet.h"
#include "analyzers/formats/messenger-files.h"
#include "analyzers/messengers/messenger-command.h"

#include <deque>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ntlab {

enum class MessengerProtocol : std::uint8_t { None, Msnp, NateOn, MsnDirect, BuddyBuddy };
const char* ToString(MessengerProtocol protocol);  // "", "msnp", "nateon", "msn_direct", "buddybuddy"

/// What one session showed.
struct MessengerSessionFacts {
  MessengerProtocol protocol = MessengerProtocol::None;  // the client's first line decided it
  bool confirmed = false;                                // the server answered in the same grammar
  const char* rejected = nullptr;                        // why the session is no messenger session
  const char* stream_problem = nullptr;                  // after recognition: a malformed command or a gap (first one)
  std::uint64_t commands = 0;                            // commands (direct connection: frames) parsed, both directions
  std::vector<std::string> evidence;  // "C:VER", "S:XFR": each side's command words, first occurrence, in order
  std::string first_client_verb;
  std::set<std::string> client_verbs;
  std::set<std::string> server_verbs;
  std::vector<Handoff> handoffs;  // distinct (kind, target), in order of announcement
  std::string relayed_to;         // the target of the SOCKS request that opened the session, else empty
  std::optional<Endpoint> relay_target;  // ... when it named an IPv4 address
};

class MessengerRecogniser {
 public:
  /// `fromClient`: the packet comes from the side that opened the session.
  void Add(bool fromClient, const DecodedPacket& packet);
  const MessengerSessionFacts& Facts() const { return m_facts; }
  /// True once nothing further can change the outcome (rejected, or both directions stopped).
  bool Finished() const;
  /// Recognised: a protocol chosen by the client's first line and confirmed by the server.
  bool Recognised() const { return m_facts.protocol != MessengerProtocol::None && m_facts.confirmed; }

 private:
  struct Stream {
    bool started = false;
    std::uint32_t next_seq = 0;
    std::string buffer;
    bool stopped = false;
  };

  bool Reassemble(Stream& s, const DecodedPacket& packet);
  void Decide();
  void DecideBuddy();
  void Drain(Stream& s, bool fromClient, TimeUs ts);
  std::size_t DrainDirect(Stream& s, bool fromClient);
  void OnCommand(bool fromClient, const MessengerCommand& command, const std::uint8_t* payload, TimeUs ts);
  void AddEvidence(bool fromClient, const std::string& word);
  void AddHandoff(const Handoff& handoff);
  void Stop(Stream& s, const char* reason);
  bool StripRelayHandshake();

  Stream m_client;
  Stream m_server;
  bool m_clientSyn = false;  // the capture saw the session open (else its first lines are lost)
  int m_socksVersion = 0;    // the client's SOCKS request was read (4 or 5)
  bool m_relayDecided = false;  // no handshake, or both its sides stripped
  MessengerSessionFacts m_facts;
  std::deque<MessengerCommand> m_requests;  // the client's latest commands, for the server's answers
};

}  // namespace ntlab
