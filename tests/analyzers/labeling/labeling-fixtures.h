// Small helpers for the labelling tests: socket rows, and a sessionizer+labeler harness.
#pragma once

#include "analyzers/labeling/direct-socket-match.h"
#include "analyzers/labeling/labeler.h"
#include "analyzers/sessions/sessionizer.h"
#include "tests/analyzers/analyzer-fixtures.h"

#include <memory>
#include <optional>
#include <vector>

namespace ntlab::fixtures {

inline SocketRow Tcp(TimeUs ts, const char* host, Endpoint local, std::optional<Endpoint> remote,
                     SocketState state, std::uint32_t pid, const char* process) {
  return SocketRow{ts, host, Proto::Tcp, local.ip, local.port, remote, state, pid, process};
}
inline SocketRow Udp(TimeUs ts, const char* host, Endpoint local, std::uint32_t pid, const char* process) {
  return SocketRow{ts, host, Proto::Udp, local.ip, local.port, std::nullopt, SocketState::None, pid, process};
}

/// The sockets of one snapshot with this proto and local port, in index order.
inline std::vector<IndexedSocket> SocketsAt(const SocketIndex& index, HostId host, std::size_t snapshot, Proto proto,
                                            std::uint16_t port) {
  std::vector<IndexedSocket> sockets;
  index.VisitSockets(host, snapshot, proto, port, [&](const IndexedSocket& s) {
    sockets.push_back(s);
    return false;
  });
  return sockets;
}

struct FinishedLabel {
  Session session;
  HostId host;
  std::optional<LabelDecision> decision;
};

/// An outbound session from pc01 (10.0.0.11) on `localPort` to `remote`, for the learnt stages.
inline Session Outbound(std::uint16_t localPort, Endpoint remote, Proto proto = Proto::Tcp) {
  Session s;
  s.key = SessionKey{proto, Ep("10.0.0.11", localPort), remote};
  s.direction = Direction::Outbound;
  return s;
}

/// What `stage` learns when stage `from` labelled such a session with `process` at `ts`.
inline void LearnFrom(MatchStage& stage, const char* from, std::uint16_t localPort, Endpoint remote,
                      const char* process, TimeUs ts, Proto proto = Proto::Tcp) {
  Session s = Outbound(localPort, remote, proto);
  stage.Learn(MatchQuery{s, ts, 0, SocketIndex::npos}, MatchResult{100, process}, from);
}

/// `stage`'s answer for a new outbound session to `remote` at `ts`.
inline std::optional<MatchResult> Ask(MatchStage& stage, Endpoint remote, TimeUs ts, Proto proto = Proto::Tcp) {
  Session s = Outbound(50999, remote, proto);
  return stage.TryMatch(MatchQuery{s, ts, 0, SocketIndex::npos});
}

/// Feeds packets through Sessionizer -> Labeler(stage A) and keeps the finished sessions.
class LabelHarness {
 public:
  LabelHarness(const SocketIndex& index, StageAConfig config = {}) {
    std::vector<std::unique_ptr<MatchStage>> stages;
    stages.push_back(std::make_unique<DirectSocketMatch>(index, config));
    m_labeler = std::make_unique<Labeler>(index, std::move(stages), [this](const LabelledSession& l) {
      finished.push_back({l.session, l.host, l.decision});
    });
    m_sessionizer = std::make_unique<Sessionizer>(SessionizerConfig{}, *m_labeler);
    m_sessionizer->SetKnownHosts(index.AllHostIps());
  }
  void Feed(const DecodedPacket& p) { m_sessionizer->OnPacket(p); }
  void Finish() { m_sessionizer->OnGroupFinished(); }
  std::vector<FinishedLabel> finished;

 private:
  std::unique_ptr<Labeler> m_labeler;
  std::unique_ptr<Sessionizer> m_sessionizer;
};

}  // namespace ntlab::fixtures
