// The Kraken detector on hand-made packet feeds: benign hosts with periodic confounders raise
// nothing; a synthetic infection is flagged with the right evidence; one kind of evidence alone
// is not enough.
#include "analyzers/botnet/kraken-detector.h"
#include "analyzers/botnet/kraken-truth.h"
#include "models/payload/dns-payload.h"
#include "models/payload/kraken-dga.h"
#include "models/payload/kraken-protocol.h"
#include "models/payload/smtp-payload.h"
#include "models/payload/split-mix64.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <vector>
#include "tests/support/build-paths.h"

using namespace ntlab;
namespace p = ntlab::payload;

namespace {
constexpr TimeUs kT0 = 1741597200LL * kUsPerSecond;
constexpr Ipv4 kDns = 0x08080808;

struct Feed {
  struct Item {
    DecodedPacket packet;
    p::Bytes payload;
  };
  std::vector<Item> items;

  void Udp(TimeUs ts, Endpoint src, Endpoint dst, p::Bytes payload) {
    Item i;
    i.packet.ts = ts;
    i.packet.proto = Proto::Udp;
    i.packet.src = src;
    i.packet.dst = dst;
    i.packet.ip_length = static_cast<std::uint16_t>(28 + payload.size());
    i.payload = std::move(payload);
    items.push_back(std::move(i));
  }
  void Tcp(TimeUs ts, Endpoint src, Endpoint dst, std::uint8_t flags, p::Bytes payload = {}) {
    Item i;
    i.packet.ts = ts;
    i.packet.proto = Proto::Tcp;
    i.packet.src = src;
    i.packet.dst = dst;
    i.packet.tcp_flags = flags;
    i.packet.ip_length = static_cast<std::uint16_t>(40 + payload.size());
    i.payload = std::move(payload);
    items.push_back(std::move(i));
  }
  // A short TCP conversation: handshake, one request, one reply, FIN both ways.
  void TcpExchange(TimeUs ts, Endpoint client, Endpoint server, p::Bytes request, p::Bytes reply) {
    using namespace TcpFlag;
    Tcp(ts, client, server, kSyn);
    Tcp(ts + 1000, server, client, kSyn | kAck);
    Tcp(ts + 2000, client, server, kAck | kPsh, std::move(request));
    Tcp(ts + 3000, server, client, kAck | kPsh, std::move(reply));
    Tcp(ts + 4000, client, server, kFin | kAck);
    Tcp(ts + 5000, server, client, kFin | kAck);
  }
  void Dns(TimeUs ts, Ipv4 host, std::uint16_t port, const std::string& name, std::vector<std::uint32_t> answer,
           std::uint16_t qtype = p::kDnsTypeA, std::vector<std::pair<std::uint16_t, std::string>> mx = {}) {
    static std::uint16_t id = 1;
    Udp(ts, {host, port}, {kDns, 53}, p::BuildDnsQuery(id, name, qtype));
    p::DnsQuestion q{id++, name, qtype, true};
    Udp(ts + 5000, {kDns, 53}, {host, port},
        qtype == p::kDnsTypeMx ? p::BuildDnsMxResponse(q, mx, 300) : p::BuildDnsResponse(q, answer, 300));
  }
  /// With `bad`, packets are numbered 1, 2, ... in "feed.pcap" and report to it.
  void Run(PacketSink& sink, BadPackets* bad = nullptr) {
    std::stable_sort(items.begin(), items.end(),
                     [](const Item& a, const Item& b) { return a.packet.ts < b.packet.ts; });
    static const std::string kFile = "feed.pcap";
    PacketOrigin origin{&kFile, 0, bad};
    for (auto& i : items) {
      i.packet.payload = i.payload.data();
      i.packet.payload_length = static_cast<std::uint32_t>(i.payload.size());
      ++origin.number;
      if (bad) i.packet.origin = &origin;
      sink.OnPacket(i.packet);
    }
    sink.OnGroupFinished();
  }
};

p::Bytes Text(const std::string& s) { return p::Bytes(s.begin(), s.end()); }

// Benign hosts with every periodic confounder the brief names, over an hour.
void AddBenign(Feed& f) {
  const TimeUs hour = 3600 * kUsPerSecond;
  p::SplitMix64 rng(5);
  // 10.0.0.10: NTP-like time sync every 64 s, from one socket.
  for (TimeUs t = 0; t < hour; t += 64 * kUsPerSecond) {
    p::Bytes req(48, 0);
    req[0] = 0x23;
    f.Udp(kT0 + t, {0x0a00000a, 50123}, {0xc0a80101, 123}, req);
    f.Udp(kT0 + t + 3000, {0xc0a80101, 123}, {0x0a00000a, 50123}, p::Bytes(48, 0x24));
  }
  // 10.0.0.11: messenger keep-alive every 30 s (UDP) and a login on TCP 1863.
  for (TimeUs t = 0; t < hour; t += 30 * kUsPerSecond) {
    f.Udp(kT0 + t, {0x0a00000b, 51000}, {0xc0a80202, 7001}, Text("PNG\r\n"));
  }
  f.TcpExchange(kT0 + 5 * kUsPerSecond, {0x0a00000b, 51001}, {0xc0a80202, 1863}, Text("VER 1 MSNP8 CVR0\r\n"),
                Text("VER 1 MSNP8\r\n"));
  // 10.0.0.12: a dynamic-DNS updater checking ONE fixed name under dyndns.org every 60 s,
  // plus its HTTP update call.
  std::uint16_t port = 52000;
  for (TimeUs t = 0; t < hour; t += 60 * kUsPerSecond) {
    f.Dns(kT0 + t, 0x0a00000c, port++, "myhomenas.dyndns.org", {0x01020304});
  }
  f.TcpExchange(kT0 + 10 * kUsPerSecond, {0x0a00000c, 53000}, {0xcdc94001, 80},
                Text("GET /nic/update?hostname=myhomenas.dyndns.org HTTP/1.1\r\nHost: members.dyndns.org\r\n\r\n"),
                Text("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nnochg"));
  // 10.0.0.13: update polling over HTTP every 300 s, each poll resolving the update host.
  for (TimeUs t = 0; t < hour; t += 300 * kUsPerSecond) {
    f.Dns(kT0 + t, 0x0a00000d, port++, "update.example-av.com", {0x05060708});
    f.TcpExchange(kT0 + t + kUsPerSecond, {0x0a00000d, static_cast<std::uint16_t>(port++)}, {0x05060708, 80},
                  Text("GET /check?v=1 HTTP/1.1\r\nHost: update.example-av.com\r\n\r\n"),
                  Text("HTTP/1.1 304 Not Modified\r\n\r\n"));
  }
  // 10.0.0.14: a user browsing (names with typos -> some NXDOMAIN) and sending mail through
  // the company relay on 587.
  const char* sites[] = {"www.nytimes.com", "news.google.com", "wwww.cnn.com", "www.reuters.com", "mail.yahoo.com"};
  for (int i = 0; i < 40; ++i) {
    TimeUs t = TimeUs(rng.Below(3600)) * kUsPerSecond;
    const char* site = sites[rng.Below(5)];
    f.Dns(kT0 + t, 0x0a00000e, port++, site, std::string(site).rfind("wwww", 0) == 0 ? std::vector<std::uint32_t>{} : std::vector<std::uint32_t>{0x11223344});
  }
  f.TcpExchange(kT0 + 100 * kUsPerSecond, {0x0a00000e, 54000}, {0x0a000001, 587}, Text("EHLO pc\r\n"),
                Text("250 relay\r\n"));
}

constexpr Ipv4 kBot = 0x0a000063;       // 10.0.0.99
constexpr Ipv4 kGoogleMx = 0x4a7d8c1b;  // 74.125.140.27
constexpr Ipv4 kLb = 0xc6336401;        // 198.51.100.1
constexpr Ipv4 kUpdate = 0xc6336402;
constexpr Ipv4 kHerder = 0xc6336409;

// A synthetic Kraken infection, step by step as paper 003 tells it.
void AddInfection(Feed& f, bool withCnc = true, bool withDga = true, bool withSmtp = true,
                  p::KrakenWire wire = p::KrakenWire::Plain) {
  TimeUs t = kT0 + 20 * kUsPerSecond;
  std::uint16_t port = 60000;
  p::SplitMix64 rng(9);
  if (withSmtp) {
    for (int i = 0; i < 3; ++i) {
      f.Dns(t, kBot, port++, "gmail.com", {}, p::kDnsTypeMx, {{5, "gmail-smtp-in.l.google.com"}});
      f.Dns(t + 10000, kBot, port++, "gmail-smtp-in.l.google.com", {kGoogleMx});
      f.TcpExchange(t + 20000, {kBot, port++}, {kGoogleMx, 25}, p::BuildSmtpCommand("EHLO", "PC-x"),
                    p::BuildSmtpReply(250, {"mx.google.com"}));
      t += 2 * kUsPerSecond;
    }
  }
  if (withDga) {
    for (std::uint32_t i = 0; i < 300; ++i) {
      std::string name = p::KrakenDgaDomain(i);
      std::vector<std::uint32_t> answer;
      if (i == 40) answer = {kLb};
      f.Dns(t, kBot, port++, name, answer);
      t += TimeUs(1 + rng.Below(3000000)) + kUsPerSecond;  // 1-4 s
    }
  }
  if (withCnc) {
    TimeUs c = kT0 + 200 * kUsPerSecond;
    Endpoint me{kBot, 61447};
    p::SplitMix64 nonces(21);
    auto msg = [&](p::KrakenType type, p::Bytes body) {
      auto nonce = static_cast<std::uint32_t>(nonces.Next());
      return p::EncodeKrakenWire({type, 77, std::move(body)}, p::kKrakenDefaultKey, wire, nonce);
    };
    f.Udp(c, me, {kLb, 447}, msg(p::KrakenType::Register, p::KrakenRegistrationBody(316, true, 150, 1)));
    f.Udp(c + 15 * kUsPerSecond, me, {kLb, 447}, msg(p::KrakenType::Register, p::KrakenRegistrationBody(316, true, 150, 2)));
    f.Udp(c + 16 * kUsPerSecond, {kLb, 447}, me, msg(p::KrakenType::IpList, p::EncodeKrakenIpList({{kUpdate, 447}})));
    f.Udp(c + 17 * kUsPerSecond, me, {kUpdate, 447}, msg(p::KrakenType::Register, p::KrakenRegistrationBody(316, true, 150, 3)));
    f.Udp(c + 18 * kUsPerSecond, {kUpdate, 447}, me, msg(p::KrakenType::IpList, p::EncodeKrakenIpList({})));
    f.Udp(c + 19 * kUsPerSecond, me, {kUpdate, 447}, msg(p::KrakenType::HostInfo, p::EncodeKrakenFields({{"kind", "host"}})));
    f.Udp(c + 20 * kUsPerSecond, {kUpdate, 447}, me, msg(p::KrakenType::Ack, {}));
    f.TcpExchange(c + 21 * kUsPerSecond, {kBot, 61448}, {kUpdate, 447},
                  msg(p::KrakenType::HostInfo, p::EncodeKrakenFields({{"kind", "module"}})), p::Bytes(1400, 0x55));
    // Herder: status on a random port, HTTP POST for an "image", 443 raw.
    f.Udp(c + 30 * kUsPerSecond, me, {kHerder, 31337}, msg(p::KrakenType::HostInfo, p::EncodeKrakenFields({{"kind", "status"}})));
    f.TcpExchange(c + 31 * kUsPerSecond, {kBot, 61449}, {kHerder, 80},
                  Text("POST /images/abcd.jpg HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"),
                  Text("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
    f.TcpExchange(c + 32 * kUsPerSecond, {kBot, 61450}, {kHerder, 443},
                  msg(p::KrakenType::HostInfo, p::EncodeKrakenFields({{"kind", "templates"}})), p::Bytes(900, 0x17));
  }
  // The bot's host also browses a little: these flows are not the bot's.
  f.Dns(kT0 + 500 * kUsPerSecond, kBot, 40000, "www.msn.com", {0x0d0d0d0d});
  f.TcpExchange(kT0 + 501 * kUsPerSecond, {kBot, 40001}, {0x0d0d0d0d, 80},
                Text("GET / HTTP/1.1\r\nHost: www.msn.com\r\n\r\n"), Text("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
}
}  // namespace

TEST_CASE("Kraken detector raises nothing on benign periodic traffic", "[analysis][kraken]") {
  Feed feed;
  AddBenign(feed);
  KrakenDetector detector;
  feed.Run(detector);
  auto d = detector.Finish();
  CHECK(d.hosts.size() == 5);
  for (const auto& h : d.hosts) {
    INFO(FormatIp(h.host) << " score " << h.score);
    CHECK_FALSE(h.infected);
    CHECK_FALSE(h.dga);
    CHECK_FALSE(h.cnc);
  }
  for (const auto& f : d.flows) CHECK_FALSE(f.flagged);
  CHECK(d.series.empty());
  // The dynamic-DNS updater is as regular as can be, and under dyndns.org: one name is no DGA.
  auto updater = std::find_if(d.hosts.begin(), d.hosts.end(), [](const auto& h) { return h.host == 0x0a00000c; });
  REQUIRE(updater != d.hosts.end());
  CHECK(updater->dyn_names == 1);
  CHECK(updater->rhythm);
}

TEST_CASE("Kraken detector flags a synthetic infection with its evidence and flows", "[analysis][kraken]") {
  Feed feed;
  AddBenign(feed);
  AddInfection(feed);
  KrakenDetector detector;
  feed.Run(detector);
  auto d = detector.Finish();
  std::size_t infected = 0;
  for (const auto& h : d.hosts) {
    if (!h.infected) continue;
    ++infected;
    CHECK(h.host == kBot);
    CHECK(h.cnc);
    CHECK(h.dga);
    CHECK(h.rhythm);
    CHECK(h.smtp_test);
    CHECK(h.cnc_types_seen == std::set<std::uint8_t>{0x01, 0x02, 0x03, 0x08});
    CHECK(h.nxdomain_ratio > 0.99);
    CHECK(h.dns_gap_cv < 0.5);
  }
  CHECK(infected == 1);
  std::map<std::string, int> reasons;
  for (const auto& f : d.flows) {
    if (f.key.host.ip != kBot) {
      CHECK_FALSE(f.flagged);
      continue;
    }
    bool browsing = f.key.host.port == 40000 || f.key.host.port == 40001;
    CHECK(f.flagged == !browsing);
    reasons[f.reasons]++;
  }
  CHECK(reasons["dga_dns"] == 300);
  CHECK(reasons["cnc_port"] == 3);  // UDP 447 to the LB, to the update server, TCP 447
  CHECK(reasons["kraken_header;cnc_peer"] == 1);
  CHECK(reasons["cnc_peer"] == 2);  // herder HTTP and 443
  CHECK(reasons["smtp"] == 3);
  CHECK(reasons["mx_dns"] == 6);
  CHECK_FALSE(d.series.empty());
  std::uint64_t dns = 0, cnc = 0, herder = 0, spam = 0;
  for (const auto& s : d.series) {
    dns += s.dns;
    cnc += s.cnc447;
    herder += s.herder;
    spam += s.spam;
  }
  CHECK(dns == 2 * (300 + 6));
  CHECK(cnc == 7 + 6);
  CHECK(herder == 1 + 12);
  CHECK(spam == 18);

  // Grading against a truth: all flows of the bot's process (browsing is iexplore.exe).
  std::vector<KrakenTruthHost> truth{{"pc99", kBot, "qxzvrt.exe"}};
  std::vector<TruthRow> sockets;
  for (const auto& f : d.flows) {
    if (f.key.host.ip != kBot) continue;
    TruthRow r;
    r.host = "pc99";
    r.proto = f.key.proto;
    r.local_port = f.key.host.port;
    r.process = (f.key.host.port == 40000) ? "svchost.exe" : f.key.host.port == 40001 ? "iexplore.exe" : "qxzvrt.exe";
    r.open_ts = f.first_ts;
    r.close_ts = f.last_ts;
    sockets.push_back(r);
  }
  auto hosts = GradeKrakenHosts(d, truth);
  auto flows = GradeKrakenFlows(d, truth, sockets);
  CHECK(hosts.precision == 1.0);
  CHECK(hosts.recall == 1.0);
  CHECK(flows.precision == 1.0);
  CHECK(flows.recall == 1.0);
  auto dir = std::string(NTLAB_BINARY_DIR) + "/test-kraken-detector-out";
  WriteKrakenOutputs(dir, d, hosts, flows);
  std::ifstream ts(dir + "/kraken_timeseries.csv");
  std::string header;
  std::getline(ts, header);
  CHECK(header == "host_ip,second,ts,dns,cnc447,herder,spam");
  WriteKrakenTruthCsv(dir + "/kraken_truth.csv", truth);
  auto back = ReadKrakenTruthCsv(dir + "/kraken_truth.csv");
  REQUIRE(back.size() == 1);
  CHECK(back[0].ip == kBot);
  CHECK(back[0].process == "qxzvrt.exe");
}

TEST_CASE("Kraken detector needs two kinds of evidence", "[analysis][kraken]") {
  SECTION("447 packets alone") {
    Feed feed;
    AddInfection(feed, true, false, false);
    KrakenDetector detector;
    feed.Run(detector);
    auto d = detector.Finish();
    for (const auto& h : d.hosts) {
      CHECK(h.cnc);
      CHECK_FALSE(h.infected);
    }
  }
  SECTION("DGA lookups with their rhythm") {
    Feed feed;
    AddInfection(feed, false, true, false);
    KrakenDetector detector;
    feed.Run(detector);
    auto d = detector.Finish();
    REQUIRE(d.hosts.size() == 1);
    CHECK(d.hosts[0].score == 3);
    CHECK(d.hosts[0].infected);
  }
  SECTION("SMTP test mails alone") {
    Feed feed;
    AddInfection(feed, false, false, true);
    KrakenDetector detector;
    feed.Run(detector);
    auto d = detector.Finish();
    REQUIRE(d.hosts.size() == 1);
    CHECK(d.hosts[0].smtp_test);
    CHECK_FALSE(d.hosts[0].infected);
  }
}

TEST_CASE("Kraken detector skips malformed DNS answers, counts and names them, and goes on", "[analysis][kraken]") {
  Feed feed;
  AddBenign(feed);
  AddInfection(feed);
  // Every NXDOMAIN answer to the bot (its DGA lookups) claims one answer record it does not have:
  // a one-byte change of ANCOUNT.
  std::size_t broken = 0;
  for (auto& item : feed.items) {
    const bool dgaAnswer = item.packet.src.ip == kDns && item.packet.dst.ip == kBot && item.payload.size() > 12 &&
                           (item.payload[3] & 0x0f) == 3;
    if (!dgaAnswer) continue;
    item.payload[7] = 1;
    ++broken;
  }
  REQUIRE(broken > 250);
  std::vector<std::string> warnings;
  BadPackets bad([&](const std::string& line) { warnings.push_back(line); });
  KrakenDetector detector;
  feed.Run(detector, &bad);
  auto d = detector.Finish();

  CHECK(bad.Counts().Total() == broken);
  CHECK(bad.Counts().Of(BadPacketReason::DnsAnswer) == broken);
  REQUIRE(warnings.size() == BadPackets::kNamedPerReason);
  CHECK_THAT(warnings[0], Catch::Matches("feed\\.pcap: packet [0-9]+: DNS answer: name runs past the end of its data"));
  // The queries still show the DGA and its rhythm; the bot is still found, without the NXDOMAIN
  // share its skipped answers would have given.
  auto bot = std::find_if(d.hosts.begin(), d.hosts.end(), [](const auto& h) { return h.host == kBot; });
  REQUIRE(bot != d.hosts.end());
  CHECK(bot->infected);
  CHECK(bot->dyn_queries == 300);
  CHECK_FALSE(bot->dga);  // no answers: no NXDOMAIN ratio
  CHECK(bot->cnc);
}

// Found by tests/fuzz/dns-fuzzer: a DNS message whose question name is a compression pointer to
// itself kept libtins 4.0's DNS parsing, which the detector used then, and `ntlab kraken` looping
// for good. The detector's own parser refuses it (dns_question) and goes on.
TEST_CASE("Kraken detector skips a DNS message whose names never end", "[analysis][kraken]") {
  Feed feed;
  const p::Bytes looping = {0x72, 0xcf, 0x81, 0x83, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
                            0x00, 0x00, 0xc0, 0x0c, 0x78, 0x69, 0x06, 0x00, 0x01, 0x00};
  feed.Udp(kT0, {kDns, 53}, {0x0a00000c, 52000}, looping);
  feed.Dns(kT0 + kUsPerSecond, 0x0a00000c, 52001, "myhomenas.dyndns.org", {0x01020304});
  KrakenDetector detector;
  feed.Run(detector);
  auto d = detector.Finish();
  REQUIRE(d.hosts.size() == 1);
  CHECK(d.hosts[0].dyn_queries == 1);  // the good lookup after it still counts
  CHECK(d.flows.size() == 2);
}

TEST_CASE("Kraken detector ablations: each evidence family removed in turn", "[analysis][kraken]") {
  Feed feed;
  AddBenign(feed);
  AddInfection(feed);
  KrakenDetector detector;
  feed.Run(detector);
  auto full = detector.Finish();
  auto bot = [](const KrakenDetection& d) {
    return *std::find_if(d.hosts.begin(), d.hosts.end(), [](const auto& h) { return h.host == kBot; });
  };
  auto flagged = [](const KrakenDetection& d, const char* reason) {
    return std::count_if(d.flows.begin(), d.flows.end(), [&](const KrakenFlow& f) {
      return f.flagged && f.reasons.find(reason) != std::string::npos;
    });
  };
  // 447 (2) + DGA (2) + rhythm (1) + SMTP test (1); one mail server only, so no spam.
  CHECK(bot(full).score == 6);
  auto noCnc = detector.Decide({KrakenEvidence::Cnc});
  CHECK(bot(noCnc).score == 4);
  CHECK_FALSE(bot(noCnc).cnc);
  CHECK(bot(noCnc).cnc_packets == bot(full).cnc_packets);  // measured still, not counted
  CHECK(flagged(noCnc, "cnc_port") == 0);
  CHECK(flagged(noCnc, "kraken_header") == 0);
  auto noDga = detector.Decide({KrakenEvidence::Dga});
  CHECK(bot(noDga).score == 3);  // 447 and the SMTP test; the rhythm counts only beside DGA
  CHECK(bot(noDga).infected);
  CHECK(flagged(noDga, "dga_dns") == 0);
  CHECK(bot(detector.Decide({KrakenEvidence::Rhythm})).score == 5);
  auto noSmtp = detector.Decide({KrakenEvidence::Smtp});
  CHECK(bot(noSmtp).score == 5);
  CHECK(flagged(noSmtp, "smtp") == 0);
  CHECK(flagged(noSmtp, "mx_dns") == 0);
  // Two families gone: 447 and DGA leave the SMTP test alone, below the threshold.
  CHECK_FALSE(bot(detector.Decide({KrakenEvidence::Cnc, KrakenEvidence::Dga})).infected);
  // Deciding again does not change the first decision's inputs.
  CHECK(bot(detector.Decide({})).score == 6);
  CHECK(ParseKrakenEvidence("dga,smtp", "x") == std::set<KrakenEvidence>{KrakenEvidence::Dga, KrakenEvidence::Smtp});
  CHECK(ParseKrakenEvidence("", "x").empty());
  CHECK_THROWS_AS(ParseKrakenEvidence("dga,header", "--without"), InputError);
}

TEST_CASE("Kraken detector finds no 447 evidence in a sealed bot's messages", "[analysis][kraken]") {
  // The sealed variant hides type byte, flags and length: if any of them reappeared in clear, the
  // typed-header check would count its packets again and this test would fail.
  Feed feed;
  AddBenign(feed);
  AddInfection(feed, true, true, true, p::KrakenWire::Sealed);
  KrakenDetector detector;
  feed.Run(detector);
  auto d = detector.Finish();
  auto bot = *std::find_if(d.hosts.begin(), d.hosts.end(), [](const auto& h) { return h.host == kBot; });
  CHECK(bot.cnc_packets == 0);
  CHECK(bot.cnc_types_seen.empty());
  CHECK_FALSE(bot.cnc);
  CHECK(bot.infected);  // DGA, its rhythm and the SMTP test still carry it
  CHECK(bot.score == 4);
  for (const auto& f : d.flows) CHECK(f.reasons.find("kraken_header") == std::string::npos);
  // Without the DGA evidence nothing else is left to carry a sealed bot.
  auto noDga = detector.Decide({KrakenEvidence::Dga});
  CHECK_FALSE(std::find_if(noDga.hosts.begin(), noDga.hosts.end(), [](const auto& h) { return h.host == kBot; })->infected);
}
