#include "analyzers/messengers/messenger-recogniser.h"

#include "analyzers/messengers/buddybuddy-grammar.h"
#include "analyzers/messengers/msnp-grammar.h"
#include "analyzers/messengers/nateon-grammar.h"
#include "analyzers/messengers/socks-handshake.h"

#include "models/payload/buddybuddy-payload.h"

#include <algorithm>

namespace ntlab {
namespace {

constexpr std::size_t kMaxEvidence = 24;
constexpr std::size_t kMaxHandoffs = 64;
constexpr std::size_t kRequestsKept = 16;
constexpr std::size_t kMaxUndecidedServerBytes = 64 * 1024;

const std::uint8_t* Bytes(const std::string& s) { return reinterpret_cast<const std::uint8_t*>(s.data()); }

GrammarResult ParseFor(MessengerProtocol protocol, const std::uint8_t* data, std::size_t size) {
  if (protocol == MessengerProtocol::BuddyBuddy) return ParseBuddyCommand(data, size);
  return protocol == MessengerProtocol::NateOn ? ParseNateOnCommand(data, size) : ParseMsnpCommand(data, size);
}

bool Answers(MessengerProtocol protocol, const MessengerCommand& request, const MessengerCommand& reply) {
  if (protocol == MessengerProtocol::BuddyBuddy) return AnswersBuddy(request, reply);
  return protocol == MessengerProtocol::NateOn ? AnswersNateOn(request, reply) : AnswersMsnp(request, reply);
}

}  // namespace

const char* ToString(MessengerProtocol protocol) {
  switch (protocol) {
    case MessengerProtocol::None: return "";
    case MessengerProtocol::Msnp: return "msnp";
    case MessengerProtocol::NateOn: return "nateon";
    case MessengerProtocol::MsnDirect: return "msn_direct";
    case MessengerProtocol::BuddyBuddy: return "buddybuddy";
  }
  return "?";
}

bool MessengerRecogniser::Finished() const {
  return m_facts.rejected != nullptr || (m_client.stopped && m_server.stopped);
}

void MessengerRecogniser::Stop(Stream& s, const char* reason) {
  s.stopped = true;
  s.buffer.clear();
  s.buffer.shrink_to_fit();
  if (m_facts.protocol == MessengerProtocol::None) {
    if (!m_facts.rejected) m_facts.rejected = reason;
  } else if (!m_facts.stream_problem) {
    m_facts.stream_problem = reason;
  }
}

// Appends the packet's new bytes in stream order; false when the stream cannot go on.
bool MessengerRecogniser::Reassemble(Stream& s, const DecodedPacket& p) {
  if (p.HasFlag(TcpFlag::kSyn)) {
    s.started = true;
    s.next_seq = p.tcp_seq + 1;
  }
  if (p.payload_length == 0) return false;
  const std::uint32_t seq = p.tcp_seq + (p.HasFlag(TcpFlag::kSyn) ? 1 : 0);
  if (!s.started) {
    s.started = true;
    s.next_seq = seq;
  }
  const auto ahead = static_cast<std::int32_t>(seq - s.next_seq);
  if (ahead > 0) {
    Stop(s, "gap in the TCP stream");
    return false;
  }
  const std::uint32_t overlap = static_cast<std::uint32_t>(-static_cast<std::int64_t>(ahead));
  if (overlap >= p.payload_length) return false;  // a retransmission
  s.buffer.append(reinterpret_cast<const char*>(p.payload) + overlap, p.payload_length - overlap);
  s.next_seq += p.payload_length - overlap;
  return true;
}

void MessengerRecogniser::Add(bool fromClient, const DecodedPacket& p) {
  if (Finished()) return;
  Stream& s = fromClient ? m_client : m_server;
  m_clientSyn = m_clientSyn || (fromClient && p.HasFlag(TcpFlag::kSyn) && !p.HasFlag(TcpFlag::kAck));
  if (s.stopped || !Reassemble(s, p)) return;
  if (!m_relayDecided && !StripRelayHandshake()) return;
  if (m_facts.protocol == MessengerProtocol::None) {
    // Messenger clients speak first; a session the capture joined late may show the server first.
    if (m_client.buffer.empty()) {
      if (m_server.buffer.empty()) return;
      if (m_clientSyn) Stop(m_server, "the server spoke first");
      else if (m_server.buffer.size() > kMaxUndecidedServerBytes)
        Stop(m_server, "the server's bytes ran long before the client's");
      return;
    }
    Decide();
    if (m_facts.protocol == MessengerProtocol::None) return;
    Drain(m_client, true, p.ts);  // a reply held back while the client's first line was undecided
  }
  Drain(m_server, false, p.ts);
  if (fromClient) Drain(m_client, true, p.ts);
}

// A SOCKS request first (a session through an IP relay): its bytes and the relay's replies are
// removed so the grammars see the messenger's own stream. True once that is done or there was
// none; false while either side is still incomplete or the handshake stopped the session.
bool MessengerRecogniser::StripRelayHandshake() {
  if (m_socksVersion == 0) {
    if (m_client.buffer.empty()) return true;  // the server's bytes first: Add decides what they mean
    const SocksClientPrefix c = ParseSocksClientPrefix(Bytes(m_client.buffer), m_client.buffer.size());
    if (c.status == SocksStatus::NotSocks) return m_relayDecided = true;
    if (c.status == SocksStatus::NeedMore) return false;
    if (c.status == SocksStatus::Broken) {
      Stop(m_client, c.reason);
      return false;
    }
    m_socksVersion = c.version;
    m_facts.relayed_to = c.target;
    m_facts.relay_target = c.target_ipv4;
    m_client.buffer.erase(0, c.length);
    AddEvidence(true, c.version == 4 ? "SOCKS4" : "SOCKS5");
  }
  const SocksServerPrefix r = ParseSocksServerPrefix(m_socksVersion, Bytes(m_server.buffer), m_server.buffer.size());
  if (r.status == SocksStatus::NeedMore) {
    // The client may send ahead of the grant; bounded, as an undecided server's bytes are.
    if (m_client.buffer.size() > kMaxUndecidedServerBytes) Stop(m_client, "the relay's reply never came");
    return false;
  }
  if (r.status == SocksStatus::Broken || !r.granted) {
    Stop(m_server, r.reason ? r.reason : "the relay refused the connection");
    return false;
  }
  m_server.buffer.erase(0, r.length);
  AddEvidence(false, m_socksVersion == 4 ? "SOCKS4" : "SOCKS5");
  return m_relayDecided = true;
}

// A binary first frame: BuddyBuddy's LOGIN (any client frame when the capture joined late).
void MessengerRecogniser::DecideBuddy() {
  const GrammarResult r = ParseBuddyCommand(Bytes(m_client.buffer), m_client.buffer.size());
  if (r.status == GrammarStatus::NeedMore) return;
  if (r.status == GrammarStatus::Rejected) return Stop(m_client, r.reason);
  if (OpensBuddyLogin(r.command) || (!m_clientSyn && IsBuddyClientVerb(r.command.verb)))
    m_facts.protocol = MessengerProtocol::BuddyBuddy;
  else
    Stop(m_client, "the first client command opens no messenger login");
}

// The client's first bytes choose the protocol, or reject the session.
void MessengerRecogniser::Decide() {
  const std::string& b = m_client.buffer;
  if (b.size() >= kMsnDirectHelloSize && IsMsnDirectHello(Bytes(b), b.size())) {
    m_facts.protocol = MessengerProtocol::MsnDirect;
    m_client.buffer.erase(0, kMsnDirectHelloSize);
    ++m_facts.commands;
    AddEvidence(true, "hello");
    return;
  }
  if (b.size() < kMsnDirectHelloSize && b.compare(0, b.size(), "\x04\0\0\0foo\0", b.size()) == 0) return;
  if (static_cast<std::uint8_t>(b[0]) == payload::kBuddyMagic0) return DecideBuddy();
  const GrammarResult msnp = ParseMsnpCommand(Bytes(b), b.size());
  const GrammarResult nateon = ParseNateOnCommand(Bytes(b), b.size());
  // A session whose start the capture missed cannot show its login: any command word of the
  // protocol opens it, and the server's answer still has to confirm it.
  const bool joinedLate = !m_clientSyn;
  if (msnp.status == GrammarStatus::Command &&
      (OpensMsnpLogin(msnp.command) || (joinedLate && IsKnownMsnpVerb(msnp.command.verb))))
    m_facts.protocol = MessengerProtocol::Msnp;
  else if (nateon.status == GrammarStatus::Command &&
           (OpensNateOnLogin(nateon.command) || (joinedLate && IsKnownNateOnVerb(nateon.command.verb))))
    m_facts.protocol = MessengerProtocol::NateOn;
  else if (msnp.status == GrammarStatus::NeedMore || nateon.status == GrammarStatus::NeedMore) return;
  else if (msnp.status == GrammarStatus::Command || nateon.status == GrammarStatus::Command)
    Stop(m_client, "the first client command opens no messenger login");
  else Stop(m_client, msnp.reason);
}

void MessengerRecogniser::Drain(Stream& s, bool fromClient, TimeUs ts) {
  if (s.stopped) return;
  if (m_facts.protocol == MessengerProtocol::MsnDirect) {
    s.buffer.erase(0, DrainDirect(s, fromClient));
    return;
  }
  std::size_t at = 0;
  while (!s.stopped && at < s.buffer.size()) {
    const std::uint8_t* data = Bytes(s.buffer) + at;
    const std::size_t size = s.buffer.size() - at;
    GrammarResult r = ParseFor(m_facts.protocol, data, size);
    if (r.status == GrammarStatus::NeedMore) break;
    if (r.status == GrammarStatus::Rejected) {
      Stop(s, r.reason);
      return;
    }
    const std::size_t whole = r.command.line_length + r.command.payload_length;
    if (whole > size) break;  // the payload is still on its way
    OnCommand(fromClient, r.command, data + r.command.line_length, ts);
    at += whole;
  }
  if (!s.stopped) s.buffer.erase(0, at);
}

std::size_t MessengerRecogniser::DrainDirect(Stream& s, bool fromClient) {
  std::size_t at = 0;
  while (at < s.buffer.size()) {
    std::optional<std::size_t> frame = MsnDirectFrameSize(Bytes(s.buffer) + at, s.buffer.size() - at);
    if (!frame) {
      Stop(s, "MSN direct frame with an impossible length");
      return 0;
    }
    if (*frame == 0) break;
    ++m_facts.commands;
    AddEvidence(fromClient, "frame");
    if (!fromClient) m_facts.confirmed = true;
    at += *frame;
  }
  return at;
}

void MessengerRecogniser::OnCommand(bool fromClient, const MessengerCommand& c, const std::uint8_t* payload,
                                    TimeUs ts) {
  ++m_facts.commands;
  AddEvidence(fromClient, c.verb);
  (fromClient ? m_facts.client_verbs : m_facts.server_verbs).insert(c.verb);
  const bool nateon = m_facts.protocol == MessengerProtocol::NateOn;
  const bool msnp = m_facts.protocol == MessengerProtocol::Msnp;
  if (fromClient) {
    if (m_facts.first_client_verb.empty()) m_facts.first_client_verb = c.verb;
    m_requests.push_back(c);
    if (m_requests.size() > kRequestsKept) m_requests.pop_front();
  } else {
    if (!m_facts.confirmed)
      m_facts.confirmed = std::any_of(m_requests.begin(), m_requests.end(), [&](const MessengerCommand& request) {
        return Answers(m_facts.protocol, request, c);
      });
    std::optional<Handoff> handoff = nateon ? NateOnHandoff(c) : msnp ? MsnpHandoff(c) : std::nullopt;
    if (handoff) {
      handoff->ts = ts;
      AddHandoff(*handoff);
    }
  }
  // A peer's offer of a direct connection travels inside a switchboard MSG (NateOn: a NEGO ACPT
  // on the main session), from either side.
  if (msnp && c.verb == "MSG")
    for (const Endpoint& peer : MsnSlpDirectAddresses(payload, c.payload_length))
      AddHandoff(Handoff{HandoffKind::DirectPeer, peer, ts});
  if (nateon && c.verb == "NEGO")
    if (std::optional<Handoff> offer = NateOnDirectOffer(c)) {
      offer->ts = ts;
      AddHandoff(*offer);
    }
}

void MessengerRecogniser::AddEvidence(bool fromClient, const std::string& word) {
  std::string token = (fromClient ? "C:" : "S:") + word;
  if (m_facts.evidence.size() >= kMaxEvidence) return;
  if (std::find(m_facts.evidence.begin(), m_facts.evidence.end(), token) == m_facts.evidence.end())
    m_facts.evidence.push_back(std::move(token));
}

void MessengerRecogniser::AddHandoff(const Handoff& h) {
  auto same = [&](const Handoff& o) { return o.kind == h.kind && o.target == h.target; };
  if (m_facts.handoffs.size() < kMaxHandoffs && std::none_of(m_facts.handoffs.begin(), m_facts.handoffs.end(), same))
    m_facts.handoffs.push_back(h);
}

}  // namespace ntlab
