#include "analyzers/sessions/quic-client-hello-reassembler.h"

#include "models/payload/quic-initial-protection.h"
#include "models/payload/quic-payload.h"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace ntlab;

TEST_CASE("a ClientHello over several Initials, in any order, gives its SNI", "[analysis][sessions][quic]") {
  for (std::uint32_t version : {payload::kQuicVersion1, payload::kQuicVersion2}) {
    auto datagrams = payload::BuildQuicClientInitials("video.example.net", 42, 9, version, 3);
    REQUIRE(datagrams.size() == 3);
    std::reverse(datagrams.begin(), datagrams.end());
    datagrams.insert(datagrams.begin() + 1, datagrams.front());  // a retransmission
    QuicClientHelloReassembler reassembler;
    std::vector<TlsParseStatus> statuses;
    for (const auto& d : datagrams) statuses.push_back(reassembler.AddDatagram(d.data(), d.size()));
    CHECK(statuses == std::vector<TlsParseStatus>{TlsParseStatus::NeedMore, TlsParseStatus::NeedMore,
                                                  TlsParseStatus::NeedMore, TlsParseStatus::Complete});
    CHECK(reassembler.ServerName() == "video.example.net");
  }
}

TEST_CASE("a QUIC session's first datagram decides whether it is QUIC at all", "[analysis][sessions][quic]") {
  QuicClientHelloReassembler notQuic;
  const std::vector<std::uint8_t> ntp(48, 0x23);
  CHECK(notQuic.AddDatagram(ntp.data(), ntp.size()) == TlsParseStatus::NotTls);

  // After a first Initial, a 1-RTT packet carries no Initial and changes nothing.
  auto datagrams = payload::BuildQuicClientInitials("a.example", 5, 5, payload::kQuicVersion1, 2);
  QuicClientHelloReassembler quic;
  CHECK(quic.AddDatagram(datagrams[0].data(), datagrams[0].size()) == TlsParseStatus::NeedMore);
  auto oneRtt = payload::BuildQuicShort(5, false, 200, 3);
  CHECK(quic.AddDatagram(oneRtt.data(), oneRtt.size()) == TlsParseStatus::NeedMore);
  CHECK(quic.AddDatagram(datagrams[1].data(), datagrams[1].size()) == TlsParseStatus::Complete);
  CHECK(quic.ServerName() == "a.example");
}

TEST_CASE("CRYPTO data beyond the limit, or an Initial that does not decrypt, is Malformed", "[analysis][sessions][quic]") {
  auto datagrams = payload::BuildQuicClientInitials("b.example", 6, 6, payload::kQuicVersion1, 2);
  QuicClientHelloReassembler small(100);
  CHECK(small.AddDatagram(datagrams[1].data(), datagrams[1].size()) == TlsParseStatus::Malformed);
  CHECK(small.Problem().find("CRYPTO data beyond 100 bytes") == 0);

  QuicClientHelloReassembler broken;
  auto tampered = datagrams[0];
  tampered[600] ^= 1;
  CHECK(broken.AddDatagram(tampered.data(), tampered.size()) == TlsParseStatus::Malformed);
  CHECK(broken.Problem() == "payload does not authenticate with the Initial keys");
}
