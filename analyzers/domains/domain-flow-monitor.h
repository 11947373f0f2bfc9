// Paper 000's network-layer program on a packet stream: sessions (the Sessionizer), DNS answers
// (dns-answers.h) and the labeller (domain-labeller.h) together. Each session is labelled at its
// first packet — the moment a live monitor must decide — and every packet is handed on with its
// session's label (for the per-second statistics); a finished session becomes a flows.csv row
// with its SNI scored against the domain.
//
// Streaming: memory follows the open sessions and the answers held, not the capture size.
#pragma once

#include "analyzers/capture/packet-source.h"
#include "analyzers/domains/domain-labeller.h"
#include "analyzers/formats/domain-files.h"
#include "analyzers/sessions/sessionizer.h"

#include <cstdint>
#include <unordered_map>

namespace ntlab {

/// What the monitor reports, in packet-time order within a capture group.
class DomainFlowObserver {
 public:
  virtual ~DomainFlowObserver() = default;
  /// After `session` counted `packet`; session.packets == 1 at the session's first packet.
  virtual void OnLabelledPacket(const Session& session, const DomainLabel& label, const DecodedPacket& packet) = 0;
  virtual void OnFlowFinished(const DomainFlowRow& flow) = 0;
};

struct DomainFlowMonitorStats {
  std::uint64_t dns_responses = 0;        // parsed responses with a question
  std::uint64_t answer_addresses = 0;     // A and AAAA answers on a question's chain
  std::uint64_t ipv6_answer_addresses = 0;  // AAAA answers: they label IPv6 flows as A answers label IPv4 ones
  std::size_t peak_open_sessions = 0;
  std::size_t peak_answers_held = 0;
};

/// "agree" (the SNI is the domain or a name on its CNAME chain), "disagree", "no_sni" (no SNI),
/// "no_domain" (an SNI but no domain). Case-insensitive.
const char* SniAgreement(const std::string& sni, const DomainLabel& label);
/// The same for the Host of a plaintext HTTP request: "no_host" when there is none.
const char* HttpHostAgreement(const std::string& host, const DomainLabel& label);

class DomainFlowMonitor : public PacketSink, private SessionObserver {
 public:
  DomainFlowMonitor(DomainFlowObserver& observer, SessionizerConfig sessions = {}, DomainLabellerConfig labels = {});

  void OnPacket(const DecodedPacket& packet) override;
  void OnGroupFinished() override;
  const DomainFlowMonitorStats& Stats() const { return m_stats; }

 private:
  void OnSessionPacket(const Session& session, const DecodedPacket& packet) override;
  void OnSessionFinished(const Session& session) override;

  DomainFlowObserver& m_observer;
  Sessionizer m_sessionizer;
  DomainLabeller m_labeller;
  std::unordered_map<std::uint64_t, DomainLabel> m_labels;  // open sessions, by session id
  DomainFlowMonitorStats m_stats;
};

}  // namespace ntlab
