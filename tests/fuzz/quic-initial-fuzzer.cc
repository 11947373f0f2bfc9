// QUIC client Initials (analyzers/sessions/quic-initial.h): the long header walk over coalesced
// packets, header protection and AEAD removal (models/payload/quic-initial-protection), the frame
// reader, and QuicClientHelloReassembler's CRYPTO reassembly. Input: up to 8 datagrams, each a
// u16 length and its bytes. Random bytes rarely authenticate, so each datagram is also read as
// the plaintext frames of an Initial (ReadInitialFrames), which reaches the frame parser directly.
// Besides not crashing: a Malformed datagram hands back no CRYPTO frame, a frame never claims more
// bytes than its datagram held, and a decided reassembler keeps its answer.
#include "analyzers/sessions/quic-client-hello-reassembler.h"
#include "analyzers/sessions/quic-initial.h"
#include "tests/fuzz/fuzz-support.h"

#include <cstdint>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ntlab;
  fuzz::ByteReader in(data, size);
  QuicInitialReader reader;
  QuicClientHelloReassembler reassembler(4096);
  TlsParseStatus decided = TlsParseStatus::NeedMore;
  for (int i = 0; i < 8 && in.Left() > 0; ++i) {
    const std::vector<std::uint8_t> datagram = in.Bytes(in.Read<std::uint16_t>());
    QuicDatagram read = reader.Read(datagram.data(), datagram.size());
    if (read.status != QuicDatagramStatus::Initial) NTLAB_FUZZ_CHECK(read.crypto.empty());
    for (const auto& frame : read.crypto) NTLAB_FUZZ_CHECK(frame.data.size() <= datagram.size());

    std::vector<QuicCryptoFrame> crypto;
    std::string problem;
    if (!ReadInitialFrames(datagram.data(), datagram.size(), crypto, problem)) NTLAB_FUZZ_CHECK(!problem.empty());
    for (const auto& frame : crypto) NTLAB_FUZZ_CHECK(frame.data.size() <= datagram.size());

    TlsParseStatus status = reassembler.AddDatagram(datagram.data(), datagram.size());
    if (decided != TlsParseStatus::NeedMore) NTLAB_FUZZ_CHECK(status == decided);
    decided = status;
    if (status != TlsParseStatus::Complete) NTLAB_FUZZ_CHECK(reassembler.ServerName().empty());
    if (status == TlsParseStatus::Malformed) NTLAB_FUZZ_CHECK(!reassembler.Problem().empty());
  }
  return 0;
}
