#include "analyzers/sessions/quic-initial.h"

#include "analyzers/sessions/tls-client-hello.h"
#include "models/payload/quic-payload.h"
#include "tests/models/payload/quic-rfc-vectors.h"

#include <catch2/catch.hpp>

using namespace ntlab;
using fixtures::QuicVector;

TEST_CASE("the RFC 9001 and RFC 9369 client Initials decrypt to example.com's ClientHello",
          "[analysis][sessions][quic]") {
  for (const char* file : {"rfc9001-client-initial", "rfc9369-client-initial"}) {
    INFO(file);
    const auto datagram = QuicVector(file);
    QuicInitialReader reader;
    QuicDatagram read = reader.Read(datagram.data(), datagram.size());
    REQUIRE(read.status == QuicDatagramStatus::Initial);
    REQUIRE(read.crypto.size() == 1);
    CHECK(read.crypto[0].offset == 0);
    CHECK(read.crypto[0].data.size() == 241);
    auto hello = TlsClientHello::ParseHandshake(read.crypto[0].data.data(), read.crypto[0].data.size());
    CHECK(hello.status == TlsParseStatus::Complete);
    CHECK(hello.server_name == "example.com");
  }
}

TEST_CASE("a QUIC Initial that does not decrypt or parse is Malformed, with why", "[analysis][sessions][quic]") {
  auto datagram = QuicVector("rfc9001-client-initial");
  QuicInitialReader reader;
  SECTION("a flipped bit in the payload") {
    datagram[700] ^= 0x40;
    QuicDatagram read = reader.Read(datagram.data(), datagram.size());
    CHECK(read.status == QuicDatagramStatus::Malformed);
    CHECK(read.problem == "payload does not authenticate with the Initial keys");
    CHECK(read.crypto.empty());
  }
  SECTION("cut short by the capture or the network") {
    QuicDatagram read = reader.Read(datagram.data(), 600);
    CHECK(read.status == QuicDatagramStatus::Malformed);
    CHECK(read.problem == "Length field runs past the datagram");
  }
  SECTION("a connection ID longer than 20 bytes") {
    datagram[5] = 21;
    CHECK(reader.Read(datagram.data(), datagram.size()).status == QuicDatagramStatus::Malformed);
  }
}

TEST_CASE("datagrams that are not QUIC Initials", "[analysis][sessions][quic]") {
  QuicInitialReader reader;
  const std::vector<std::uint8_t> dns{0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
  CHECK(reader.Read(dns.data(), dns.size()).status == QuicDatagramStatus::NotQuic);
  auto draft29 = QuicVector("rfc9001-client-initial");
  draft29[4] = 0x1d;  // version 0xff00001d is QUIC, but not one with keys here: not ours to judge
  draft29[1] = 0xff;
  CHECK(reader.Read(draft29.data(), draft29.size()).status == QuicDatagramStatus::NotQuic);
  auto shortHeader = payload::BuildQuicShort(7, false, 100, 1);
  CHECK(reader.Read(shortHeader.data(), shortHeader.size()).status == QuicDatagramStatus::NotQuic);
  // The simulator's unprotected look-alike is a QUIC v1 Initial whose payload is noise.
  auto noise = payload::BuildQuicInitial(7, false, payload::kQuicMinInitialSize, 1);
  CHECK(reader.Read(noise.data(), noise.size()).status == QuicDatagramStatus::Malformed);
}

TEST_CASE("Initial frames: padding, ping, ACK and CRYPTO are read, other frames refused",
          "[analysis][sessions][quic]") {
  std::vector<QuicCryptoFrame> crypto;
  std::string problem;
  // PADDING, PING, ACK (largest 5, delay 0, one extra range), CRYPTO offset 3 "abc", PADDING.
  const std::vector<std::uint8_t> frames{0x00, 0x01, 0x02, 0x05, 0x00, 0x01, 0x00, 0x01, 0x01,
                                         0x06, 0x03, 0x03, 'a', 'b', 'c', 0x00};
  REQUIRE(ReadInitialFrames(frames.data(), frames.size(), crypto, problem));
  REQUIRE(crypto.size() == 1);
  CHECK(crypto[0].offset == 3);
  CHECK(std::string(crypto[0].data.begin(), crypto[0].data.end()) == "abc");

  const std::vector<std::uint8_t> stream{0x08, 0x00};  // a STREAM frame has no place in an Initial
  CHECK_FALSE(ReadInitialFrames(stream.data(), stream.size(), crypto, problem));
  CHECK(problem == "frame type 0x8, which an Initial packet may not carry");
  const std::vector<std::uint8_t> cut{0x06, 0x00, 0x05, 'a'};
  CHECK_FALSE(ReadInitialFrames(cut.data(), cut.size(), crypto, problem));
  CHECK(problem == "frame of type 0x6 runs past the packet");
}
