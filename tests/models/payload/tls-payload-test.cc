#include "models/payload/tls-payload.h"

#include <catch2/catch.hpp>

#include <map>
#include <string>

using namespace ntlab::payload;

namespace {

// Deliberately independent of tls-payload.cc: walks the ClientHello as RFC 8446 §4.1.2 lays it
// out and returns the extensions by type, failing the test on any inconsistent length.
unsigned Be16(const Bytes& b, size_t at) { return (unsigned(b.at(at)) << 8) | b.at(at + 1); }
size_t Be24(const Bytes& b, size_t at) {
  return (size_t(b.at(at)) << 16) | (size_t(b.at(at + 1)) << 8) | b.at(at + 2);
}

std::map<unsigned, Bytes> ClientHelloExtensions(const Bytes& rec) {
  REQUIRE(rec.size() > 9);
  REQUIRE(rec[0] == 0x16);
  REQUIRE(rec[1] == 0x03);
  REQUIRE(rec[2] == 0x01);
  REQUIRE(Be16(rec, 3) == rec.size() - 5);
  REQUIRE(rec[5] == 1);                       // ClientHello
  REQUIRE(Be24(rec, 6) == rec.size() - 9);
  size_t p = 9;
  REQUIRE(Be16(rec, p) == 0x0303);
  p += 2 + 32;                                 // version, random
  REQUIRE(rec.at(p) == 32);
  p += 1 + 32;                                 // session id
  unsigned suites = Be16(rec, p);
  REQUIRE(suites % 2 == 0);
  REQUIRE(suites >= 10);
  p += 2 + suites;
  unsigned comp = rec.at(p);
  p += 1 + comp;
  size_t ext_end = p + 2 + Be16(rec, p);
  REQUIRE(ext_end == rec.size());
  p += 2;
  std::map<unsigned, Bytes> ext;
  while (p < ext_end) {
    unsigned type = Be16(rec, p);
    unsigned len = Be16(rec, p + 2);
    REQUIRE(p + 4 + len <= ext_end);
    ext[type] = Bytes(rec.begin() + long(p + 4), rec.begin() + long(p + 4 + len));
    p += 4 + len;
  }
  REQUIRE(p == ext_end);
  return ext;
}

}  // namespace

TEST_CASE("TLS ClientHello carries the SNI in a well-formed structure", "[analysis][payload][tls]") {
  const std::string sni = "login.microsoftonline.com";
  Bytes ch = BuildTlsClientHello(sni, 99);
  auto ext = ClientHelloExtensions(ch);

  REQUIRE(ext.count(0x0000));
  const Bytes& sn = ext[0x0000];
  REQUIRE(Be16(sn, 0) == sn.size() - 2);
  CHECK(sn.at(2) == 0);  // host_name
  REQUIRE(Be16(sn, 3) == sni.size());
  CHECK(std::string(sn.begin() + 5, sn.end()) == sni);

  REQUIRE(ext.count(0x0033));  // key_share: one x25519 entry with 32 bytes
  CHECK(ext[0x0033].size() == 2 + 2 + 2 + 32);
  CHECK(Be16(ext[0x0033], 2) == 0x001d);
  CHECK(ext.count(0x000a));
  CHECK(ext.count(0x000b));
  CHECK(ext.count(0x000d));
  CHECK(ext.count(0x0010));
  CHECK(ext.count(0x002b));

  CHECK(IsTlsClientHelloRecord(ch.data(), ch.size()));
  CHECK(CompleteTlsRecordsLength(ch.data(), ch.size()) == ch.size());
  CHECK(CompleteTlsRecordsLength(ch.data(), ch.size() - 1) == 0);

  // No SNI extension when there is no name (connections to bare IPs).
  CHECK(ClientHelloExtensions(BuildTlsClientHello("", 99)).count(0x0000) == 0);
}

TEST_CASE("TLS payloads are deterministic per seed", "[analysis][payload][tls]") {
  CHECK(BuildTlsClientHello("a.example", 1) == BuildTlsClientHello("a.example", 1));
  CHECK(BuildTlsClientHello("a.example", 1) != BuildTlsClientHello("a.example", 2));
  CHECK(BuildTlsServerFlight(5, 3000) == BuildTlsServerFlight(5, 3000));
  CHECK(BuildTlsServerFlight(5, 3000) != BuildTlsServerFlight(6, 3000));
  CHECK(BuildTls13ServerFlight(5, 3000) == BuildTls13ServerFlight(5, 3000));
  CHECK(BuildTlsApplicationData(1000, 3) == BuildTlsApplicationData(1000, 3));
  CHECK(BuildTlsApplicationData(1000, 3) != BuildTlsApplicationData(1000, 4));
}

TEST_CASE("TLS server flight and application data have valid record framing",
          "[analysis][payload][tls]") {
  Bytes flight12 = BuildTlsServerFlight(11, 3000, "www.example.com");
  CHECK(CompleteTlsRecordsLength(flight12.data(), flight12.size()) == flight12.size());
  std::vector<int> handshake_types;
  size_t p = 0;
  while (p < flight12.size()) {
    auto h = PeekTlsRecord(flight12.data() + p, flight12.size() - p);
    REQUIRE(h);
    CHECK(h->content_type == kTlsHandshake);
    CHECK(h->version == 0x0303);
    handshake_types.push_back(flight12[p + 5]);
    CHECK(((size_t(flight12[p + 6]) << 16) | (size_t(flight12[p + 7]) << 8) | flight12[p + 8]) ==
          h->length - 4u);
    if (flight12[p + 5] == 11) {
      CHECK(h->length == 4 + 3 + 3 + 3000);  // certificate padded to exactly 3000 bytes
      CHECK(flight12[p + 5 + 4 + 3 + 3] == 0x30);  // DER SEQUENCE
    }
    p += 5 + h->length;
  }
  CHECK(handshake_types == std::vector<int>{2, 11, 14});
  std::string text(flight12.begin(), flight12.end());
  CHECK(text.find("www.example.com") != std::string::npos);  // subject CN

  Bytes flight = BuildTls13ServerFlight(11, 3000);
  CHECK(CompleteTlsRecordsLength(flight.data(), flight.size()) == flight.size());
  std::vector<int> record_types;
  size_t encrypted = 0;
  p = 0;
  while (p < flight.size()) {
    auto h = PeekTlsRecord(flight.data() + p, flight.size() - p);
    REQUIRE(h);
    CHECK(h->version == 0x0303);
    record_types.push_back(h->content_type);
    if (h->content_type == kTlsHandshake) {
      CHECK(flight[p + 5] == 2);  // ServerHello, its 24-bit length matching the record
      CHECK(((size_t(flight[p + 6]) << 16) | (size_t(flight[p + 7]) << 8) | flight[p + 8]) ==
            h->length - 4u);
    }
    if (h->content_type == kTlsApplicationData) encrypted += h->length;
    p += 5 + h->length;
  }
  CHECK(record_types == std::vector<int>{kTlsHandshake, kTlsChangeCipherSpec, kTlsApplicationData});
  CHECK(encrypted == 3000 + 336);
  // A big certificate chain spreads over several records.
  Bytes big = BuildTls13ServerFlight(11, 40000);
  CHECK(CompleteTlsRecordsLength(big.data(), big.size()) == big.size());

  Bytes fin = BuildTlsClientFinished(3);
  REQUIRE(CompleteTlsRecordsLength(fin.data(), fin.size()) == fin.size());
  CHECK(PeekTlsRecord(fin.data(), fin.size())->content_type == kTlsChangeCipherSpec);
  CHECK(PeekTlsRecord(fin.data() + 6, fin.size() - 6)->length == 53);

  Bytes data = BuildTlsApplicationData(40000, 8);
  CHECK(data.size() == 40000 + 3 * 5);
  std::vector<size_t> lengths;
  p = 0;
  while (auto h = PeekTlsRecord(data.data() + p, data.size() - p)) {
    CHECK(h->content_type == kTlsApplicationData);
    lengths.push_back(h->length);
    p += 5 + h->length;
  }
  CHECK(lengths == std::vector<size_t>{16384, 16384, 40000 - 2 * 16384});
  CHECK(BuildTlsApplicationData(0, 8).empty());

  // Complete-record detection on a stream cut in the middle of the second record.
  Bytes stream = BuildTlsClientHello("x.example", 1);
  size_t first = stream.size();
  Bytes more = BuildTlsApplicationData(100, 1);
  stream.insert(stream.end(), more.begin(), more.end());
  CHECK(CompleteTlsRecordsLength(stream.data(), stream.size() - 10) == first);
  CHECK(CompleteTlsRecordsLength(stream.data(), 3) == 0);
}
