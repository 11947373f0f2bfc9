#include "analyzers/sessions/sessionizer.h"

#include "models/payload/quic-payload.h"
#include "tests/analyzers/analyzer-fixtures.h"

#include <catch2/catch.hpp>

using namespace ntlab;
using namespace ntlab::fixtures;

namespace {

using namespace TcpFlag;

struct Recorder : SessionObserver {
  std::vector<Session> finished;
  std::size_t packets = 0;
  void OnSessionPacket(const Session&, const DecodedPacket&) override { ++packets; }
  void OnSessionFinished(const Session& s) override { finished.push_back(s); }
};

const Endpoint kHost = Ep("10.0.0.11", 50123);
const Endpoint kServer = Ep("198.51.100.10", 443);

void Handshake(Sessionizer& s, TimeUs t, Endpoint client, Endpoint server, std::uint32_t isn = 1000) {
  s.OnPacket(Packet(t, Proto::Tcp, client, server, kSyn, 60, isn));
  s.OnPacket(Packet(t + 1000, Proto::Tcp, server, client, kSyn | kAck, 60, 5000));
  s.OnPacket(Packet(t + 2000, Proto::Tcp, client, server, kAck, 52, isn + 1));
}

}  // namespace

TEST_CASE("TCP handshake, data and FIN make one outbound session", "[analysis][sessions]") {
  Recorder rec;
  Sessionizer s({}, rec);
  Handshake(s, Sec(10), kHost, kServer);
  s.OnPacket(Packet(Sec(10.1), Proto::Tcp, kHost, kServer, kAck | kPsh, 552, 1001));
  s.OnPacket(Packet(Sec(10.2), Proto::Tcp, kHost, kServer, kFin | kAck, 52, 1501));
  s.OnPacket(Packet(Sec(10.3), Proto::Tcp, kServer, kHost, kFin | kAck, 52, 5001));
  s.OnPacket(Packet(Sec(10.4), Proto::Tcp, kHost, kServer, kAck, 52, 1502));  // last ACK: same session
  CHECK(s.OpenSessions() == 1);
  s.OnGroupFinished();
  REQUIRE(rec.finished.size() == 1);
  const Session& session = rec.finished[0];
  CHECK(session.key.host == kHost);  // SYN sender, no hint, no known hosts
  CHECK(session.key.remote == kServer);
  CHECK(session.direction == Direction::Outbound);
  CHECK(session.syn_seen);
  CHECK(session.packets == 7);
  CHECK(session.bytes == 60 + 60 + 52 + 552 + 52 + 52 + 52);
  CHECK(session.first_ts == Sec(10));
  CHECK(session.last_ts == Sec(10.4));
  CHECK(session.end == SessionEnd::Fin);
}

TEST_CASE("a closed session ends after the linger, and a new SYN starts a new one", "[analysis][sessions]") {
  Recorder rec;
  Sessionizer s({}, rec);
  Handshake(s, Sec(10), kHost, kServer);
  s.OnPacket(Packet(Sec(11), Proto::Tcp, kServer, kHost, kRst, 40));
  Handshake(s, Sec(12), kHost, kServer, 90000);  // same 5-tuple, new connection
  REQUIRE(rec.finished.size() == 1);
  CHECK(rec.finished[0].end == SessionEnd::Reset);
  CHECK(rec.finished[0].packets == 4);
  // FIN both ways, then silence beyond the linger: the sweep emits it.
  s.OnPacket(Packet(Sec(13), Proto::Tcp, kHost, kServer, kFin | kAck, 52));
  s.OnPacket(Packet(Sec(13.1), Proto::Tcp, kServer, kHost, kFin | kAck, 52));
  s.OnPacket(Packet(Sec(30), Proto::Udp, Ep("10.0.0.11", 5353), Ep("224.0.0.251", 5353)));
  REQUIRE(rec.finished.size() == 2);
  CHECK(rec.finished[1].first_ts == Sec(12));
  CHECK(rec.finished[1].end == SessionEnd::Fin);
  CHECK(rec.finished[1].packets == 5);
}

TEST_CASE("a SYN with a new sequence number splits an unclosed session", "[analysis][sessions]") {
  Recorder rec;
  Sessionizer s({}, rec);
  Handshake(s, Sec(1), kHost, kServer, 100);
  s.OnPacket(Packet(Sec(1.5), Proto::Tcp, kHost, kServer, kSyn, 60, 100));  // retransmitted SYN: same session
  CHECK(rec.finished.empty());
  Handshake(s, Sec(2), kHost, kServer, 7777);
  REQUIRE(rec.finished.size() == 1);
  CHECK(rec.finished[0].end == SessionEnd::NewSyn);
  CHECK(rec.finished[0].packets == 4);
}

TEST_CASE("UDP idle timeout and direction", "[analysis][sessions]") {
  Recorder rec;
  SessionizerConfig config;
  config.udp_idle_timeout = 60 * kUsPerSecond;
  Sessionizer s(config, rec);
  auto client = Ep("10.0.0.11", 54585);
  auto dns = Ep("8.8.8.8", 53);
  s.OnPacket(Packet(Sec(0), Proto::Udp, client, dns, 0, 70));
  s.OnPacket(Packet(Sec(0.01), Proto::Udp, dns, client, 0, 120));
  s.OnPacket(Packet(Sec(59), Proto::Udp, client, dns, 0, 70));  // within the timeout: same session
  CHECK(rec.finished.empty());
  s.OnPacket(Packet(Sec(120), Proto::Udp, dns, client, 0, 70));  // 61 s idle: a new session
  REQUIRE(rec.finished.size() == 1);
  CHECK(rec.finished[0].end == SessionEnd::Idle);
  CHECK(rec.finished[0].packets == 3);
  CHECK(rec.finished[0].key.host == client);  // higher port is the host
  CHECK(rec.finished[0].direction == Direction::Outbound);
  s.OnGroupFinished();
  REQUIRE(rec.finished.size() == 2);
  CHECK(rec.finished[1].direction == Direction::Inbound);  // the remote spoke first
  CHECK(rec.finished[1].end == SessionEnd::EndOfInput);
}

TEST_CASE("host side follows the hint, then known hosts", "[analysis][sessions]") {
  Recorder rec;
  Sessionizer s({}, rec);
  auto server = Ep("10.0.0.20", 8080);
  auto client = Ep("10.0.0.11", 49999);
  SECTION("hint: the capture is the server's, so the session is inbound") {
    auto syn = Packet(Sec(1), Proto::Tcp, client, server, kSyn);
    syn.host_hint = server.ip.V4();
    s.OnPacket(syn);
    s.OnGroupFinished();
    REQUIRE(rec.finished.size() == 1);
    CHECK(rec.finished[0].key.host == server);
    CHECK(rec.finished[0].direction == Direction::Inbound);
  }
  SECTION("known hosts: a midstream packet from the remote keeps the known host as host") {
    s.SetKnownHosts({server.ip});
    s.OnPacket(Packet(Sec(1), Proto::Tcp, client, server, kAck));
    s.OnGroupFinished();
    REQUIRE(rec.finished.size() == 1);
    CHECK(rec.finished[0].key.host == server);
    CHECK(rec.finished[0].direction == Direction::Inbound);
  }
  SECTION("host networks (--hosts): a block names the server, a midstream packet keeps it as host") {
    s.SetHostNetworks({HostNetwork{*ParseIpv4("10.0.0.16"), 28}});
    s.OnPacket(Packet(Sec(1), Proto::Tcp, client, server, kAck));
    s.OnGroupFinished();
    REQUIRE(rec.finished.size() == 1);
    CHECK(rec.finished[0].key.host == server);
  }
  SECTION("a SYN/ACK seen first: the receiver opened it") {
    s.OnPacket(Packet(Sec(1), Proto::Tcp, server, client, kSyn | kAck));
    s.OnPacket(Packet(Sec(1.1), Proto::Tcp, client, server, kAck));
    s.OnGroupFinished();
    REQUIRE(rec.finished.size() == 1);
    CHECK(rec.finished[0].key.host == client);
    CHECK(rec.finished[0].direction == Direction::Outbound);
    CHECK(rec.finished[0].packets == 2);
  }
}

TEST_CASE("the sessionizer records the SNI of the client's ClientHello", "[analysis][sessions][tls]") {
  Recorder rec;
  Sessionizer s({}, rec);
  auto hello = ClientHelloRecord("sni.example.org");
  std::vector<std::uint8_t> first(hello.begin(), hello.begin() + 40);
  std::vector<std::uint8_t> second(hello.begin() + 40, hello.end());
  Handshake(s, Sec(1), kHost, kServer, 1000);
  s.OnPacket(Packet(Sec(1.2), Proto::Tcp, kHost, kServer, kAck | kPsh, 100, 1041, &second));  // out of order
  s.OnPacket(Packet(Sec(1.3), Proto::Tcp, kHost, kServer, kAck | kPsh, 100, 1001, &first));
  s.OnGroupFinished();
  REQUIRE(rec.finished.size() == 1);
  CHECK(rec.finished[0].sni == "sni.example.org");
}

namespace {

// A packet numbered as the packet source numbers it, reporting to `bad`.
struct NumberedFeed {
  std::string file = "caps/tls.pcap";
  WarningLog log;
  BadPackets bad{log.Sink()};
  std::vector<PacketOrigin> origins = std::vector<PacketOrigin>(32);  // stable addresses
  DecodedPacket At(std::uint64_t number, DecodedPacket p) {
    origins.at(number) = PacketOrigin{&file, number, &bad};
    p.origin = &origins.at(number);
    return p;
  }
};

}  // namespace

TEST_CASE("a malformed ClientHello is a bad packet named by its segment, and the session goes on",
          "[analysis][sessions][tls]") {
  Recorder rec;
  Sessionizer s({}, rec);
  NumberedFeed feed;
  auto hello = ClientHelloRecord("x.example");
  hello[5 + 4 + 34] = 200;  // session id length beyond the message
  Handshake(s, Sec(1), kHost, kServer, 1000);
  s.OnPacket(feed.At(4, Packet(Sec(1.1), Proto::Tcp, kHost, kServer, kAck | kPsh, 100, 1001, &hello)));
  s.OnPacket(Packet(Sec(1.2), Proto::Tcp, kServer, kHost, kAck, 52, 5001));
  s.OnGroupFinished();
  REQUIRE(rec.finished.size() == 1);
  CHECK(rec.finished[0].packets == 5);
  CHECK(rec.finished[0].sni.empty());
  CHECK(feed.bad.Counts().Of(BadPacketReason::TlsClientHello) == 1);
  REQUIRE(feed.log.lines.size() == 1);
  CHECK(feed.log.lines[0] ==
        "caps/tls.pcap: packet 4: TLS ClientHello: session id longer than 32 bytes or than the ClientHello");
}

TEST_CASE("a connection that ends inside its ClientHello is a bad packet, the capture's end is not",
          "[analysis][sessions][tls]") {
  Recorder rec;
  Sessionizer s({}, rec);
  NumberedFeed feed;
  auto hello = ClientHelloRecord("cut.example");
  std::vector<std::uint8_t> head(hello.begin(), hello.begin() + 30);
  std::vector<std::uint8_t> tail(hello.begin() + 40, hello.end());

  SECTION("FIN after 30 bytes of the hello") {
    Handshake(s, Sec(1), kHost, kServer, 1000);
    s.OnPacket(feed.At(4, Packet(Sec(1.1), Proto::Tcp, kHost, kServer, kAck | kPsh, 82, 1001, &head)));
    s.OnPacket(Packet(Sec(1.2), Proto::Tcp, kHost, kServer, kFin | kAck, 52, 1031));
    s.OnPacket(Packet(Sec(1.3), Proto::Tcp, kServer, kHost, kFin | kAck, 52, 5001));
    s.OnGroupFinished();
    REQUIRE(feed.log.lines.size() == 1);
    CHECK(
        feed.log.lines[0] ==
        "caps/tls.pcap: packet 4: TLS ClientHello: the connection ended inside the ClientHello, after 30 bytes of it");
  }
  SECTION("the capture ends after 30 bytes of the hello") {
    Handshake(s, Sec(1), kHost, kServer, 1000);
    s.OnPacket(feed.At(4, Packet(Sec(1.1), Proto::Tcp, kHost, kServer, kAck | kPsh, 82, 1001, &head)));
    s.OnGroupFinished();
    CHECK(feed.log.lines.empty());
  }
  SECTION("a segment of the hello was not captured: a hole, not a bad packet") {
    Handshake(s, Sec(1), kHost, kServer, 1000);
    s.OnPacket(feed.At(4, Packet(Sec(1.1), Proto::Tcp, kHost, kServer, kAck | kPsh, 82, 1001, &head)));
    s.OnPacket(feed.At(5, Packet(Sec(1.1), Proto::Tcp, kHost, kServer, kAck | kPsh, 82, 1041, &tail)));
    s.OnPacket(Packet(Sec(1.2), Proto::Tcp, kHost, kServer, kRst, 40, 1100));
    s.OnGroupFinished();
    CHECK(feed.log.lines.empty());
  }
  REQUIRE(rec.finished.size() == 1);
  CHECK(rec.finished[0].sni.empty());
}

TEST_CASE("the sessionizer reads a QUIC session's SNI from its client Initials, and counts a bad one",
          "[analysis][sessions][quic]") {
  Recorder rec;
  Sessionizer s({}, rec);
  WarningLog log;
  BadPackets bad(log.Sink());
  const std::string file = "quic.pcap";
  PacketOrigin origin{&file, 0, &bad};
  const Endpoint server = Ep("198.51.100.20", 443);
  auto datagrams = payload::BuildQuicClientInitials("media.example.com", 3, 3, payload::kQuicVersion1, 2);
  auto send = [&](TimeUs t, Endpoint from, Endpoint to, const std::vector<std::uint8_t>& bytes) {
    auto p = Packet(t, Proto::Udp, from, to, 0, static_cast<std::uint16_t>(bytes.size() + 28), 0, &bytes);
    ++origin.number;
    p.origin = &origin;
    s.OnPacket(p);
  };
  send(Sec(1), kHost, server, datagrams[0]);
  const std::vector<std::uint8_t> serverInitial = payload::BuildQuicInitial(3, true, 1200, 4);
  send(Sec(1.01), server, kHost, serverInitial);  // the server's direction is never read
  send(Sec(1.02), kHost, server, datagrams[1]);
  auto tampered = payload::BuildQuicClientInitials("x.example", 4, 4)[0];
  tampered[900] ^= 0x10;
  const Endpoint other = Ep("10.0.0.11", 50999);
  send(Sec(2), other, server, tampered);
  s.OnGroupFinished();
  REQUIRE(rec.finished.size() == 2);
  CHECK(rec.finished[0].sni == "media.example.com");
  CHECK(rec.finished[1].sni.empty());
  CHECK(bad.Counts().Of(BadPacketReason::QuicInitial) == 1);
  REQUIRE(log.lines.size() == 1);
  CHECK(log.lines[0] == "quic.pcap: packet 4: QUIC Initial: payload does not authenticate with the Initial keys");
}
