// Times are milliseconds after 2025-03-10T09:00:00Z; the capture starts at 500 ms. Host 10.0.0.11
// asks resolver 10.0.0.2; a connection opens 30 ms after the answer it follows (unless said).
//
//   1000  www.shop.example -> CNAME shop.cdn.net -> CNAME e1.cdn.net -> A 203.0.113.7 (TTL 60)
//   1030  TLS to .7, SNI www.shop.example                      dns (one name for .7 so far)
//   2000  img.news.example -> CNAME news.cdn.net -> A 203.0.113.7 (TTL 60): the CDN address shared
//   2030  TLS to .7, SNI img.news.example                      shared_first_flow, right
//   3000  api.shop.example -> A 203.0.113.8 (TTL 30); 3010 static.news.example -> A .8
//   3040  TLS to .8, SNI static.news.example                   shared_first_flow (newest), right
//   3060  TLS to .8, SNI api.shop.example                      shared_first_flow, right; by address
//                                                              alone static.news.example, wrong
//   5000  TLS to .7, SNI www.shop.example, from the cached answer of 1000: shared_latest gives
//         img.news.example, wrong (the rule's failure mode; the address alone fails the same way)
//   6000  short.example -> A 198.51.100.20 (TTL 1); 6030 TLS (dns); 9000 TLS again: expired
//   10000 TLS to 192.0.2.50, no lookup, no SNI: a hard-coded address (no_answer, truth: none)
//    300  mail.example -> A 198.51.100.30 (TTL 300), before the capture; 11000 TLS: no_answer
//   12000 dual.example -> A 198.51.100.40 and AAAA 2001:db8::40; 12030 TLS to the IPv4 address
#include "tests/regression/generators/domain-captures.h"

#include "analyzers/formats/domain-files.h"
#include "models/payload/dns-payload.h"
#include "models/payload/tls-payload.h"
#include "tests/regression/generators/capture-script.h"

namespace ntlab::regression {
namespace {

constexpr Ipv4 kHost = 0x0a00000b;  // 10.0.0.11
constexpr std::uint32_t kBrowserPid = 6540;

Ipv4 Ip(const char* text) { return *ParseIpv4(text); }

class DomainsScript {
 public:
  DomainsScript() : m_script(Config()) {}

  void Lookup(double atMs, const std::string& name, const std::vector<payload::DnsChainRecord>& records) {
    const std::uint16_t port = m_nextDnsPort++;
    UdpExchange u;
    u.local = {kHost, port};
    u.remote = {Ip("10.0.0.2"), 53};
    u.pid = 1200;
    u.process = "svchost.exe";
    u.open = AtMs(atMs);
    u.close = AtMs(atMs + 10);
    u.request = payload::BuildDnsQuery(port, name);
    u.response = payload::BuildDnsChainResponse(*payload::ParseDnsQuery(u.request.data(), u.request.size()), records);
    m_script.Udp(u);
  }
  void Connect(double atMs, const char* server, const std::string& sni, const std::string& truth) {
    const std::uint16_t port = m_nextTcpPort++;
    TcpConnection c;
    c.local = {kHost, port};
    c.remote = {Ip(server), 443};
    c.pid = kBrowserPid;
    c.process = "chrome.exe";
    c.open = AtMs(atMs);
    c.close = AtMs(atMs + 400);
    c.host_closes = false;
    c.client_segments = {payload::BuildTlsClientHello(sni, port)};
    c.server_data = payload::BuildTls13ServerFlight(port, 1200);
    m_script.Tcp(c);
    m_truth.push_back({Proto::Tcp, c.local, c.remote, truth});
  }
  void Write(const std::filesystem::path& dir) const {
    std::filesystem::create_directories(dir);
    m_script.WriteCapture(dir / "capture.pcap");
    WriteExpectedDomainsCsv((dir / "expected-domains.csv").string(), m_truth);
  }

 private:
  static ScriptConfig Config() {
    ScriptConfig config;
    config.host_ip = kHost;
    config.first_poll = AtMs(0);
    config.last_poll = AtMs(14000);
    config.capture_start = AtMs(500);
    return config;
  }
  CaptureScript m_script;
  std::vector<ExpectedDomainRow> m_truth;
  std::uint16_t m_nextDnsPort = 51001;
  std::uint16_t m_nextTcpPort = 50001;
};

payload::DnsChainRecord Cname(const char* owner, const char* target, std::uint32_t ttl) {
  return {owner, payload::kDnsTypeCname, target, ttl};
}
payload::DnsChainRecord A(const char* owner, const char* address, std::uint32_t ttl) {
  return {owner, payload::kDnsTypeA, address, ttl};
}

}  // namespace

void WriteDomainsCase(const std::filesystem::path& dir) {
  DomainsScript s;
  s.Lookup(300, "mail.example", {A("mail.example", "198.51.100.30", 300)});  // before the capture
  s.Lookup(1000, "www.shop.example",
           {Cname("www.shop.example", "shop.cdn.net", 3600), Cname("shop.cdn.net", "e1.cdn.net", 300),
            A("e1.cdn.net", "203.0.113.7", 60)});
  s.Connect(1030, "203.0.113.7", "www.shop.example", "www.shop.example");
  s.Lookup(2000, "img.news.example", {Cname("img.news.example", "news.cdn.net", 600), A("news.cdn.net", "203.0.113.7", 60)});
  s.Connect(2030, "203.0.113.7", "img.news.example", "img.news.example");
  s.Lookup(3000, "api.shop.example", {A("api.shop.example", "203.0.113.8", 30)});
  s.Lookup(3010, "static.news.example", {A("static.news.example", "203.0.113.8", 30)});
  s.Connect(3040, "203.0.113.8", "static.news.example", "static.news.example");
  s.Connect(3060, "203.0.113.8", "api.shop.example", "api.shop.example");
  s.Connect(5000, "203.0.113.7", "www.shop.example", "www.shop.example");
  s.Lookup(6000, "short.example", {A("short.example", "198.51.100.20", 1)});
  s.Connect(6030, "198.51.100.20", "short.example", "short.example");
  s.Connect(9000, "198.51.100.20", "short.example", "short.example");
  s.Connect(10000, "192.0.2.50", "", "");
  s.Connect(11000, "198.51.100.30", "mail.example", "mail.example");
  s.Lookup(12000, "dual.example",
           {A("dual.example", "198.51.100.40", 300), {"dual.example", payload::kDnsTypeAaaa, "2001:db8::40", 300}});
  s.Connect(12030, "198.51.100.40", "dual.example", "dual.example");
  s.Write(dir);
}

}  // namespace ntlab::regression
