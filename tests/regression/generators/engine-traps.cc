// Times are milliseconds after the first poll; polls fall on every multiple of 50 ms. A socket
// opened at xx30 is in the poll at xx50, the poll nearest its first packet, so stage A sees it at
// once; one living in [xx10, xx20) or [xx05, xx35) falls between two polls and is never logged.
#include "tests/regression/generators/engine-traps.h"

#include "models/payload/dns-payload.h"
#include "models/payload/ssh-payload.h"
#include "models/payload/tls-payload.h"

namespace ntlab::regression {
namespace {

Ipv4 Ip(const char* text) { return *ParseIpv4(text); }
Endpoint Local(std::uint16_t port) { return Endpoint{Ip("10.0.0.11"), port}; }
Endpoint Remote(const char* ip, std::uint16_t port) { return Endpoint{Ip(ip), port}; }

struct Owner {
  std::uint32_t pid;
  const char* process;
};
const Owner kChrome{6540, "chrome.exe"};
const Owner kCode{9100, "Code.exe"};
const Owner kOneDrive{7400, "OneDrive.exe"};
const Owner kTeams{7200, "Teams.exe"};
const Owner kOutlook{7300, "OUTLOOK.EXE"};
const Owner kZoom{7500, "Zoom.exe"};
const Owner kEdge{6600, "msedge.exe"};
const Owner kDnsClient{1200, "svchost.exe"};      // the DNS Client service
const Owner kWindowsUpdate{2400, "svchost.exe"};  // wuauserv, another svchost.exe
const Owner kNslookup{8800, "nslookup.exe"};
const Owner kFirefox{5100, "firefox.exe"};
const Owner kSshd{5024, "sshd.exe"};
const Owner kSystem{4, "System"};
const Owner kPython{3300, "python.exe"};
const Owner kRpc{1020, "svchost.exe"};   // RpcSs, listening on 135
const Owner kPush{1620, "svchost.exe"};  // WpnService, the push channel

ScriptConfig Grid(double lastPollMs) {
  ScriptConfig config;
  config.host_ip = Ip("10.0.0.11");
  config.first_poll = AtMs(0);
  config.last_poll = AtMs(lastPollMs);
  return config;
}

/// A Windows host's table is never empty: RPC on 135 and SMB (System) on 445 listen all along.
/// That matters in the snapshot form, where a poll that saw no socket leaves no row and so is no
/// snapshot at all; without these rows "the nearest snapshot" could be a poll further away.
CaptureScript OfficeHost(const ScriptConfig& config) {
  CaptureScript s(config);
  TimeUs end = config.last_poll + 1;
  s.Listen(135, kRpc.pid, kRpc.process, config.first_poll, end);
  s.Listen(445, kSystem.pid, kSystem.process, config.first_poll, end);
  return s;
}

/// An outbound TLS connection: a ClientHello naming `sni`, a TLS 1.3 server flight. By default the
/// server closes first (no TIME_WAIT row on the host) and both events reach the log.
TcpConnection Tls(std::uint16_t port, Endpoint remote, Owner owner, double openMs, double closeMs,
                  const std::string& sni) {
  TcpConnection c;
  c.local = Local(port);
  c.remote = remote;
  c.pid = owner.pid;
  c.process = owner.process;
  c.open = AtMs(openMs);
  c.close = AtMs(closeMs);
  c.host_closes = false;
  c.client_segments = {payload::BuildTlsClientHello(sni, port)};
  c.server_data = payload::BuildTls13ServerFlight(port, 1200);
  return c;
}

TcpConnection WithoutEvents(TcpConnection c) {
  c.open_event = c.close_event = false;
  return c;
}

TcpConnection HostCloses(TcpConnection c) {
  c.host_closes = true;
  return c;
}

/// A UDP exchange on its own socket: `request`, then `response` 2 ms later.
UdpExchange Udp(std::uint16_t port, Endpoint remote, Owner owner, double openMs, double closeMs, payload::Bytes request,
                payload::Bytes response, bool events = true) {
  UdpExchange u;
  u.local = Local(port);
  u.remote = remote;
  u.pid = owner.pid;
  u.process = owner.process;
  u.open = AtMs(openMs);
  u.close = AtMs(closeMs);
  u.request = std::move(request);
  u.response = std::move(response);
  u.open_event = u.close_event = events;
  return u;
}

UdpExchange DnsLookup(std::uint16_t port, Owner owner, double openMs, double closeMs, const std::string& name,
                      bool events, const char* address = "198.51.100.10") {
  payload::Bytes query = payload::BuildDnsQuery(port, name);
  payload::Bytes answer =
      payload::BuildDnsResponse(*payload::ParseDnsQuery(query.data(), query.size()), {Ip(address)}, 300);
  return Udp(port, Remote("10.0.0.2", 53), owner, openMs, closeMs, query, answer, events);
}

// Media-like datagrams (STUN binding request/response sized); their content does not matter here.
UdpExchange Media(std::uint16_t port, Endpoint remote, Owner owner, double openMs, double closeMs) {
  return Udp(port, remote, owner, openMs, closeMs, payload::Bytes(20, 0x01), payload::Bytes(32, 0x02));
}

// 1. PID 0. (a) The capture starts at 1325, just before chrome.exe closes its connection (1330,
// events lost): its FIN is the session's first packet; the nearest poll (1350) holds only the
// TIME_WAIT row (PID 0), the one before (1300) the ESTABLISHED row. (b) A full connection, then at 9010 the server
// retransmits its FIN into TIME_WAIT: a new session of two packets, long after the 5 s linger. (c), (d) Connections
// between two polls that the host closes: only their TIME_WAIT rows are ever logged; (d) keeps
// its events.
CaptureScript TimeWaitTrap() {
  ScriptConfig config = Grid(12000);
  config.capture_start = AtMs(1325);
  CaptureScript s = OfficeHost(config);
  s.Tcp(WithoutEvents(HostCloses(Tls(50001, Remote("198.51.100.10", 443), kChrome, 1010, 1330, "www.example.com"))));
  TcpConnection lateFin = HostCloses(Tls(50002, Remote("198.51.100.10", 443), kChrome, 2030, 2420, "www.example.com"));
  s.Tcp(lateFin);
  s.LateFinRetransmission(lateFin, AtMs(9010));
  s.Tcp(WithoutEvents(HostCloses(Tls(50003, Remote("198.51.100.11", 443), kChrome, 3010, 3035, "cdn.example.com"))));
  s.Tcp(HostCloses(Tls(50004, Remote("198.51.100.11", 443), kChrome, 4010, 4035, "cdn.example.com")));
  return s;
}

// 2. Connections between two polls, never in the socket log: (a) both events, (b) only the close
// event, (c) no events, (d) no events but the same server as (a)/(b), (e) no events on a local
// port that OneDrive.exe held (to another server) 0.6 s earlier.
CaptureScript SubPollTrap() {
  CaptureScript s = OfficeHost(Grid(8000));
  s.Tcp(Tls(50101, Remote("198.51.100.20", 443), kCode, 1010, 1020, "marketplace.example.com"));
  TcpConnection closeOnly = Tls(50102, Remote("198.51.100.20", 443), kCode, 2010, 2020, "marketplace.example.com");
  closeOnly.open_event = false;
  s.Tcp(closeOnly);
  s.Tcp(WithoutEvents(Tls(50103, Remote("198.51.100.21", 443), kCode, 3010, 3020, "telemetry.example.com")));
  s.Tcp(WithoutEvents(Tls(50104, Remote("198.51.100.20", 443), kCode, 4010, 4020, "marketplace.example.com")));
  s.Tcp(Tls(50105, Remote("198.51.100.23", 443), kOneDrive, 5030, 5400, "sync.example.com"));
  s.Tcp(WithoutEvents(Tls(50105, Remote("198.51.100.22", 443), kCode, 6010, 6020, "telemetry.example.com")));
  return s;
}

// 3. A local port reused by another process. TCP to the same server: OUTLOOK.EXE takes the port
// Teams.exe closed 70 ms (right) or 50 ms (wrong) before, and its SYN is nearest a poll that does
// (right) or does not (wrong) show its own row yet. UDP: Zoom.exe binds the port Teams.exe just
// released, its first datagram 19 ms (right) or 1 ms (wrong) after the bind.
CaptureScript PortReuseTrap() {
  CaptureScript s = OfficeHost(Grid(6000));
  s.Tcp(Tls(50201, Remote("198.51.100.30", 443), kTeams, 1030, 1260, "teams.example.com"));
  s.Tcp(Tls(50201, Remote("198.51.100.30", 443), kOutlook, 1330, 1800, "teams.example.com"));
  s.Tcp(Tls(50202, Remote("198.51.100.30", 443), kTeams, 2030, 2260, "teams.example.com"));
  s.Tcp(Tls(50202, Remote("198.51.100.30", 443), kOutlook, 2310, 2800, "teams.example.com"));
  s.Udp(Media(50210, Remote("52.112.0.5", 3478), kTeams, 3030, 3510));
  s.Udp(Media(50210, Remote("170.114.0.10", 8801), kZoom, 3530, 3900));
  s.Udp(Media(50211, Remote("52.112.0.5", 3478), kTeams, 4030, 4510));
  s.Udp(Media(50211, Remote("170.114.0.10", 8801), kZoom, 4512, 4900));
  return s;
}

// 4. Two processes behind one server address and port (a CDN front): chrome.exe three times in
// the log (an A2 rule), then Code.exe between polls; Code.exe in the log (the rule is demoted, C
// now says Code.exe); then chrome.exe and Code.exe between polls. No events for the sub-poll ones.
CaptureScript SharedRemoteTrap() {
  CaptureScript s = OfficeHost(Grid(8000));
  const Endpoint cdn = Remote("198.51.100.40", 443);
  for (std::uint16_t k = 0; k < 3; ++k)
    s.Tcp(Tls(50301 + k, cdn, kChrome, 1030 + 1000 * k, 1400 + 1000 * k, "static.example.com"));
  s.Tcp(WithoutEvents(Tls(50304, cdn, kCode, 4010, 4020, "static.example.com")));
  s.Tcp(Tls(50305, cdn, kCode, 5030, 5400, "static.example.com"));
  s.Tcp(WithoutEvents(Tls(50306, cdn, kChrome, 6010, 6020, "static.example.com")));
  s.Tcp(WithoutEvents(Tls(50307, cdn, kCode, 7010, 7020, "static.example.com")));
  return s;
}

// 5. DNS to the one resolver (10.0.0.2:53), each lookup on a fresh UDP port as the DNS Client
// does: three logged lookups by svchost.exe (an A2 rule), one between polls by svchost.exe, one by
// nslookup.exe with its own socket between polls, one nslookup.exe lookup in the log, and a last
// svchost.exe lookup between polls. Sub-poll lookups lost their events. The push channel's TCP
// row is what tells the analyzer the host's address: UDP and LISTEN rows are bound to 0.0.0.0.
CaptureScript DnsResolverTrap() {
  CaptureScript s = OfficeHost(Grid(8000));
  s.Tcp(Tls(50990, Remote("198.51.100.90", 443), kPush, 30, 7900, "push.example.com"));
  const char* names[] = {"www.example.com", "cdn.example.com", "update.example.net"};
  for (std::uint16_t k = 0; k < 3; ++k)
    s.Udp(DnsLookup(51001 + k, kDnsClient, 1030 + 1000 * k, 1100 + 1000 * k, names[k], true));
  s.Udp(DnsLookup(51004, kDnsClient, 4010, 4020, "mail.example.com", false));
  s.Udp(DnsLookup(51005, kNslookup, 5010, 5020, "intranet.example.com", false));
  s.Udp(DnsLookup(51006, kNslookup, 6030, 6100, "intranet.example.com", true));
  s.Udp(DnsLookup(51007, kDnsClient, 7010, 7020, "www.example.com", false));
  return s;
}

// 8. Whose lookup was it? (the ntlab engine's dns_use stage). Lookups seen directly (socket row
// and events), each answer used 8 ms later by a logged TLS session: firefox.exe's through the DNS
// Client three times (1030-3030); chrome.exe's by its own resolver twice and through the DNS
// Client once (5030-7030). Then lookups between polls, events lost: (a) 4010, svchost.exe for
// firefox.exe, its answer used at 4016; (b) 8010, chrome.exe's own, used by chrome.exe at 8016;
// (c) 9010, svchost.exe, its answer never used; (d) 10010, svchost.exe, its answer used by
// firefox.exe (10016) and Code.exe (10018); (e) 11010, svchost.exe, its answer used by firefox.exe
// only at 12530, from the DNS Client's cache.
CaptureScript DnsConsumerTrap() {
  CaptureScript s = OfficeHost(Grid(13000));
  s.Tcp(Tls(50990, Remote("198.51.100.90", 443), kPush, 30, 12900, "push.example.com"));
  auto seen = [&](std::uint16_t k, double atMs, Owner resolver, Owner consumer, const char* address) {
    s.Udp(DnsLookup(51001 + k, resolver, atMs, atMs + 70, "site" + std::to_string(k) + ".example.com", true, address));
    s.Tcp(Tls(50401 + k, Remote(address, 443), consumer, atMs + 8, atMs + 400, "site.example.com"));
  };
  seen(0, 1030, kDnsClient, kFirefox, "198.51.100.101");
  seen(1, 2030, kDnsClient, kFirefox, "198.51.100.102");
  seen(2, 3030, kDnsClient, kFirefox, "198.51.100.103");
  seen(4, 5030, kChrome, kChrome, "198.51.100.105");
  seen(5, 6030, kChrome, kChrome, "198.51.100.106");
  seen(6, 7030, kDnsClient, kChrome, "198.51.100.107");
  auto unseen = [&](std::uint16_t k, double atMs, Owner resolver, const char* address) {
    s.Udp(DnsLookup(51001 + k, resolver, atMs, atMs + 5, "site" + std::to_string(k) + ".example.com", false, address));
  };
  auto use = [&](std::uint16_t port, double atMs, Owner consumer, const char* address) {
    s.Tcp(Tls(port, Remote(address, 443), consumer, atMs, atMs + 400, "site.example.com"));
  };
  unseen(3, 4010, kDnsClient, "198.51.100.104");
  use(50404, 4016, kFirefox, "198.51.100.104");
  unseen(7, 8010, kChrome, "198.51.100.108");
  use(50408, 8016, kChrome, "198.51.100.108");
  unseen(8, 9010, kDnsClient, "198.51.100.109");
  unseen(9, 10010, kDnsClient, "198.51.100.110");
  use(50410, 10016, kFirefox, "198.51.100.110");
  use(50420, 10018, kCode, "198.51.100.110");
  unseen(10, 11010, kDnsClient, "198.51.100.111");
  use(50411, 12530, kFirefox, "198.51.100.111");
  return s;
}

TcpConnection Inbound(std::uint16_t localPort, Endpoint client, Owner owner, double openMs, double closeMs,
                      bool events) {
  TcpConnection c;
  c.local = Local(localPort);
  c.remote = client;
  c.inbound = true;
  c.pid = owner.pid;
  c.process = owner.process;
  c.open = AtMs(openMs);
  c.close = AtMs(closeMs);
  c.host_closes = false;  // the client ends the session
  c.client_segments = {payload::BuildSshBanner("OpenSSH_9.2")};
  c.server_data = payload::BuildSshBanner("OpenSSH_for_Windows_8.6");
  c.open_event = c.close_event = events;
  return c;
}

// 6. Inbound sessions to listening ports. sshd.exe listens on 22, System on 445 all along. (a) An
// SSH session with its accepted row in the log; (b) a 445 probe between polls. The logger is down
// from 10 s to 70 s (the agent restarted; its events are lost too): python.exe starts listening on
// 8000 at 20 s, and (c) a session reaches it at 30 s; (d) an SSH session at 40 s.
CaptureScript InboundListenTrap() {
  ScriptConfig config = Grid(80000);
  config.logger_down = {{AtMs(10000), AtMs(70000)}};
  CaptureScript s = OfficeHost(config);
  s.Listen(22, kSshd.pid, kSshd.process, AtMs(0), AtMs(80001));
  s.Listen(8000, kPython.pid, kPython.process, AtMs(20000), AtMs(80001), false);
  s.Tcp(Inbound(22, Remote("10.0.0.50", 51001), kSshd, 1030, 3000, true));
  s.Tcp(Inbound(445, Remote("10.0.0.51", 51002), kSystem, 4010, 4020, false));
  s.Tcp(Inbound(8000, Remote("10.0.0.52", 51003), kPython, 30010, 31000, false));
  s.Tcp(Inbound(22, Remote("10.0.0.50", 51004), kSshd, 40010, 41000, false));
  return s;
}

// 7. SNI in post-processing. Logged sessions teach the SNI table: cdn.example.com -> chrome.exe
// (twice), update.example.net -> svchost.exe (twice), shared.example.org -> chrome.exe and
// msedge.exe (once each). Then, between polls, without events, to servers the engine never saw:
// chrome.exe to cdn.example.com, Code.exe to update.example.net, msedge.exe to shared.example.org.
CaptureScript SniPostTrap() {
  CaptureScript s = OfficeHost(Grid(10000));
  s.Tcp(Tls(50701, Remote("198.51.100.60", 443), kChrome, 1030, 1400, "cdn.example.com"));
  s.Tcp(Tls(50702, Remote("198.51.100.60", 443), kChrome, 2030, 2400, "cdn.example.com"));
  s.Tcp(Tls(50703, Remote("198.51.100.61", 443), kWindowsUpdate, 3030, 3400, "update.example.net"));
  s.Tcp(Tls(50704, Remote("198.51.100.61", 443), kWindowsUpdate, 4030, 4400, "update.example.net"));
  s.Tcp(WithoutEvents(Tls(50705, Remote("198.51.100.62", 443), kChrome, 5010, 5020, "cdn.example.com")));
  s.Tcp(WithoutEvents(Tls(50706, Remote("198.51.100.63", 443), kCode, 6010, 6020, "update.example.net")));
  s.Tcp(Tls(50707, Remote("198.51.100.64", 443), kChrome, 7030, 7400, "shared.example.org"));
  s.Tcp(Tls(50708, Remote("198.51.100.64", 443), kEdge, 8030, 8400, "shared.example.org"));
  s.Tcp(WithoutEvents(Tls(50709, Remote("198.51.100.65", 443), kEdge, 9010, 9020, "shared.example.org")));
  return s;
}

}  // namespace

std::vector<std::pair<std::string, CaptureScript>> EngineTraps() {
  return {{"trap-time-wait-pid0", TimeWaitTrap()},  {"trap-sub-poll-session", SubPollTrap()},
          {"trap-port-reuse", PortReuseTrap()},     {"trap-shared-remote", SharedRemoteTrap()},
          {"trap-dns-resolver", DnsResolverTrap()}, {"trap-inbound-listen", InboundListenTrap()},
          {"trap-sni-post", SniPostTrap()}, {"trap-dns-consumer", DnsConsumerTrap()}};
}

// Four ClientHellos: whole (the control), split in two in order, split in three and sent
// last-first, and with a first segment of only the 5-byte record header.
CaptureScript SplitClientHelloCapture() {
  CaptureScript s = OfficeHost(Grid(5000));
  auto split = [](const payload::Bytes& hello, std::vector<std::size_t> cuts) {
    std::vector<payload::Bytes> segments;
    std::size_t from = 0;
    cuts.push_back(hello.size());
    for (std::size_t cut : cuts) {
      segments.emplace_back(hello.begin() + from, hello.begin() + cut);
      from = cut;
    }
    return segments;
  };
  const char* names[] = {"whole.example.com", "split.example.com", "reordered.example.com", "header-first.example.com"};
  const std::vector<std::vector<std::size_t>> cuts = {{}, {100}, {60, 200}, {5}};
  for (std::uint16_t k = 0; k < 4; ++k) {
    TcpConnection c = Tls(50801 + k, Remote("198.51.100.80", 443), kChrome, 1030 + 1000 * k, 1400 + 1000 * k, names[k]);
    c.client_segments = split(c.client_segments.front(), cuts[k]);
    c.segments_out_of_order = k == 2;
    s.Tcp(c);
  }
  return s;
}

}  // namespace ntlab::regression
