// The Sessionizer (analyzers/sessions): decoded packets into sessions, with the TLS ClientHello
// reassembly on every client stream. Input: a packet stream (fuzz-support.h PacketStream: a host
// hint, then time steps and Ethernet frames through the real decoder). A hint whose first byte is
// 0xff gives the host IPs as known hosts instead (10.0.0.0/24 .11 and .12), the other way
// `ntlab label` tells the host side.
// Besides not crashing: every packet reaches exactly one session, every session ends exactly once
// (at the latest at the end of the group), counters only grow, and time never runs backwards
// inside a session's first/last.
#include "analyzers/sessions/sessionizer.h"
#include "tests/fuzz/fuzz-support.h"

#include <cstdint>
#include <unordered_map>

namespace {

class CheckingObserver : public ntlab::SessionObserver {
 public:
  void OnSessionPacket(const ntlab::Session& session, const ntlab::DecodedPacket& packet) override {
    auto& packets = m_open[session.id];
    NTLAB_FUZZ_CHECK(session.packets == packets + 1);
    packets = session.packets;
    NTLAB_FUZZ_CHECK(session.first_ts <= session.last_ts && packet.ts <= session.last_ts);
    NTLAB_FUZZ_CHECK(session.end == ntlab::SessionEnd::Running);
    ++seen;
  }
  void OnSessionFinished(const ntlab::Session& session) override {
    auto it = m_open.find(session.id);
    NTLAB_FUZZ_CHECK(it != m_open.end() && it->second == session.packets);
    NTLAB_FUZZ_CHECK(session.end != ntlab::SessionEnd::Running);
    NTLAB_FUZZ_CHECK(ntlab::ToString(session.end)[0] != '?');
    m_open.erase(it);
  }
  bool AllEnded() const { return m_open.empty(); }
  std::uint64_t seen = 0;

 private:
  std::unordered_map<std::uint64_t, std::uint64_t> m_open;  // session id -> packets so far
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ntlab;
  fuzz::PacketStream stream(data, size);
  CheckingObserver observer;
  SessionizerConfig config;
  config.tls_buffer_limit = 4096;  // small, so the give-up path is reachable with small inputs
  Sessionizer sessionizer(config, observer);
  std::uint64_t fed = 0;
  DecodedPacket packet;
  bool knownHosts = false;
  while (stream.Next(packet)) {
    if (fed == 0 && packet.host_hint.IsV4() && (packet.host_hint.V4() >> 24) == 0xff) knownHosts = true;
    if (knownHosts) {
      if (fed == 0) sessionizer.SetKnownHosts({IpAddress(0x0a00000b), IpAddress(0x0a00000c)});
      packet.host_hint = IpAddress{};  // no hint: the known hosts decide
    }
    sessionizer.OnPacket(packet);
    ++fed;
  }
  sessionizer.OnGroupFinished();
  NTLAB_FUZZ_CHECK(observer.seen == fed);
  NTLAB_FUZZ_CHECK(observer.AllEnded() && sessionizer.OpenSessions() == 0);
  return 0;
}
