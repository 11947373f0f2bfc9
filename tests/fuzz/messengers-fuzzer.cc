// The messenger grammars and the recogniser (analyzers/messengers): the input parsed whole by the
// MSNP and NateOn grammars and the MSNSLP offer reader, then fed to a MessengerRecogniser as a
// dialogue of segments (records of a side byte, bit 0 set for the server, bit 1 for a SYN, a u16
// little-endian length and the bytes). Besides not crashing: every outcome is a command, NeedMore or a
// rejection with a reason; a parsed command's line is exactly what the builder makes of its verb
// and arguments (single spaces, CRLF); the recogniser's facts stay within their bounds.
#include "analyzers/messengers/messenger-recogniser.h"
#include "analyzers/messengers/msnp-grammar.h"
#include "analyzers/messengers/nateon-grammar.h"
#include "analyzers/messengers/session-role.h"
#include "models/payload/messenger-payload.h"
#include "tests/fuzz/fuzz-support.h"

#include <cstdint>
#include <cstring>

namespace {

using namespace ntlab;

void CheckGrammar(const GrammarResult& r, const payload::Bytes& input, std::size_t maxLine, std::size_t maxPayload) {
  switch (r.status) {
    case GrammarStatus::Rejected: NTLAB_FUZZ_CHECK(r.reason != nullptr); break;
    case GrammarStatus::NeedMore: NTLAB_FUZZ_CHECK(input.size() < maxLine); break;
    case GrammarStatus::Command: {
      NTLAB_FUZZ_CHECK(r.command.line_length <= input.size() && r.command.line_length <= maxLine);
      NTLAB_FUZZ_CHECK(r.command.payload_length <= maxPayload);
      const payload::Bytes rebuilt = payload::BuildMessengerCommand(r.command.verb, r.command.args);
      NTLAB_FUZZ_CHECK(rebuilt.size() == r.command.line_length);
      NTLAB_FUZZ_CHECK(std::memcmp(rebuilt.data(), input.data(), rebuilt.size()) == 0);
      break;
    }
  }
}

void FeedDialogue(const payload::Bytes& input) {
  MessengerRecogniser recogniser;
  std::uint32_t seq[2] = {1000, 90000};
  TimeUs ts = 1;
  for (std::size_t at = 0; at + 3 <= input.size();) {
    const bool fromServer = input[at] & 1;
    std::size_t length = std::size_t(input[at + 1]) | std::size_t(input[at + 2]) << 8;
    at += 3;
    length = std::min(length, input.size() - at);
    DecodedPacket p;
    p.ts = ts++;
    const bool syn = input[at - 3] & 2;  // a session the capture saw open, or one it joined late
    p.tcp_flags = syn ? (fromServer ? TcpFlag::kSyn | TcpFlag::kAck : TcpFlag::kSyn) : TcpFlag::kAck | TcpFlag::kPsh;
    p.tcp_seq = seq[fromServer];
    p.payload = input.data() + at;
    p.payload_length = std::uint32_t(length);
    recogniser.Add(!fromServer, p);
    seq[fromServer] += std::uint32_t(length) + (syn ? 1 : 0);
    at += length;
  }
  const MessengerSessionFacts& f = recogniser.Facts();
  NTLAB_FUZZ_CHECK(!recogniser.Recognised() || f.protocol != MessengerProtocol::None);
  NTLAB_FUZZ_CHECK(f.rejected == nullptr || f.protocol == MessengerProtocol::None);
  NTLAB_FUZZ_CHECK(f.evidence.size() <= 24 && f.handoffs.size() <= 64);
  NTLAB_FUZZ_CHECK(f.protocol != MessengerProtocol::MsnDirect || SessionRole(f) == MessengerRole::P2pPeer);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const payload::Bytes input(data, data + size);  // exact size: overreads show in ASan
  CheckGrammar(ParseMsnpCommand(input.data(), input.size()), input, kMsnpMaxLine, kMsnpMaxPayload);
  CheckGrammar(ParseNateOnCommand(input.data(), input.size()), input, kNateOnMaxLine, kNateOnMaxPayload);
  for (const Endpoint& peer : MsnSlpDirectAddresses(input.data(), input.size())) NTLAB_FUZZ_CHECK(peer.port != 0);
  if (auto frame = MsnDirectFrameSize(input.data(), input.size())) NTLAB_FUZZ_CHECK(*frame <= input.size());
  FeedDialogue(input);
  return 0;
}
