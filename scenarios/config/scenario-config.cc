#include "analyzers/formats/basic-types.h"
#include "scenarios/config/scenario-config.h"
#include "scenarios/config/messenger-config-loader.h"
#include "scenarios/config/process-owners.h"
#include "scenarios/config/dns-conditions.h"
#include "replay/conntrack/isolation-flow-rules.h"
#include "scenarios/config/kraken-confounders.h"
#include "scenarios/config/zeus-confounders.h"
#include "scenarios/config/value-checks.h"
#include "scenarios/config/workload-catalog.h"
#include "scenarios/config/yaml-node.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <initializer_list>
#include <filesystem>
#include <set>

namespace ntlab {
namespace {

using Node = yaml::Node;

/// a.b.c.d/8..28 with the host bits zero, outside 0/8, loopback and multicast: ns-3's address
/// helper asserts on a base with host bits, and those ranges do not route.
void LoadSubnet(const Node& n, SegmentSpec& s) {
  std::string text = n.Text();
  auto slash = text.find('/');
  auto ip = ParseIpv4(text.substr(0, slash));
  auto prefix = slash == std::string::npos ? std::nullopt : ParseUnsigned(text.substr(slash + 1));
  if (!ip || !prefix || *prefix < 8 || *prefix > 28) n.Fail("'" + text + "' is not an IPv4 subnet a.b.c.d/8..28");
  std::uint32_t mask = ~std::uint32_t(0) << (32 - *prefix);
  if ((*ip & ~mask) != 0)
    n.Fail("'" + text + "' has host bits set (the network address is " + FormatIpv4(*ip & mask) + "/" +
           std::to_string(*prefix) + ")");
  std::uint32_t first = *ip >> 24;
  if (first == 0 || first == 127 || first >= 224) n.Fail("'" + text + "' is in 0/8, 127/8 or 224/3 (not routable here)");
  s.network = *ip;
  s.prefix = static_cast<int>(*prefix);
}

SegmentSpec LoadSegment(const Node& n, SegmentSpec defaults) {
  n.ExpectMap({"subnet", "rate", "delay"});
  SegmentSpec s = defaults;
  if (n.Has("subnet")) LoadSubnet(n.Child("subnet"), s);
  if (n.Has("rate")) {
    Node rate = n.Child("rate");
    double bps = 0;
    if (!ParseDataRate(rate.Text(), bps))
      rate.Fail("'" + rate.Text() + "' is not a data rate (e.g. 100Mbps, 1Gbps, 10Mb/s; no sign, no space)");
    if (bps < kMinRateBps || bps > kMaxRateBps) rate.Fail("'" + rate.Text() + "' is out of range (must be within 1kbps .. 100Gbps)");
    s.rate = rate.Text();
  }
  if (n.Has("delay")) s.delay_s = n.Child("delay").SecondsWithin(0, 10, "0 .. 10s");
  return s;
}

/// A process's mean time between activities. Below 10 ms a process alone makes more events than a
/// whole office (an interval of 1 ns grew a run to gigabytes); the resource estimate covers the rest.
double ActivityInterval(const Node& n) { return n.SecondsWithin(0.01, 86400, "10ms .. 1d"); }

double StartTime(const Node& n) { return n.SecondsWithin(0, 7 * 86400, "0 .. 7d"); }

ProcessSpec LoadProcess(const Node& n) {
  n.ExpectMap({"name", "behaviour", "domains", "interval", "connections", "lifetime", "protocol", "port", "start",
               "cnc", "poll", "report_gap", "hostname", "target", "peers", "gone"});
  ProcessSpec p;
  p.name = n.Required("name").Text();
  std::string b = n.Required("behaviour").Text();
  if (b == "browser") p.behaviour = Behaviour::Browser;
  else if (b == "service") p.behaviour = Behaviour::Service;
  else if (b == "inbound-server") p.behaviour = Behaviour::InboundServer;
  else if (b == "zeus-bot") p.behaviour = Behaviour::ZeusBot;
  else if (b == "kraken-bot") p.behaviour = Behaviour::KrakenBot;
  else if (b == "dyndns-updater") p.behaviour = Behaviour::DyndnsUpdater;
  else if (b == "periodic-udp") p.behaviour = Behaviour::PeriodicUdp;
  else if (b == "dyndns-client") p.behaviour = Behaviour::DyndnsClient;
  else if (b == "php-webapp") p.behaviour = Behaviour::PhpWebApp;
  else if (b == "mail-client") p.behaviour = Behaviour::MailClient;
  else
    n.Child("behaviour").Fail("'" + b + "' is not one of browser, service, inbound-server, zeus-bot, kraken-bot, "
                              "dyndns-updater, periodic-udp, dyndns-client, php-webapp, mail-client");

  auto onlyKeys = [&](std::initializer_list<const char*> allowed) {
    for (const char* key : {"domains", "interval", "connections", "lifetime", "protocol", "port", "start", "cnc",
                            "poll", "report_gap", "hostname", "target", "peers", "gone"}) {
      bool ok = false;
      for (const char* a : allowed) ok = ok || std::string(a) == key;
      if (!ok && n.Has(key)) n.Child(key).Fail(std::string("does not apply to a ") + ToString(p.behaviour) + " process");
    }
  };
  if (p.behaviour == Behaviour::KrakenBot) {
    onlyKeys({"start"});
    if (n.Has("start")) p.start_s = StartTime(n.Child("start"));
    return p;
  }
  if (p.behaviour == Behaviour::DyndnsUpdater) {
    onlyKeys({"hostname", "interval", "start"});
    p.hostname = n.Required("hostname").Text();
    p.interval_s = ActivityInterval(n.Required("interval"));
    if (n.Has("start")) p.start_s = StartTime(n.Child("start"));
    return p;
  }
  if (p.behaviour == Behaviour::DyndnsClient) {
    onlyKeys({"hostname", "peers", "gone", "interval", "start"});
    p.hostname = n.Required("hostname").Text();
    if (n.Has("peers")) p.peers = n.Child("peers").Strings();
    if (n.Has("gone")) p.gone = n.Child("gone").Strings();
    if (p.peers.size() + p.gone.size() > 64) n.Child("peers").Fail("peers and gone together hold at most 64 names");
    p.interval_s = ActivityInterval(n.Required("interval"));
    if (n.Has("start")) p.start_s = StartTime(n.Child("start"));
    return p;
  }
  if (p.behaviour == Behaviour::MailClient) {
    onlyKeys({"domains", "interval", "start"});
    p.domains = n.Required("domains").Strings();
    if (p.domains.empty()) n.Child("domains").Fail("names at least one SMTP server");
    p.interval_s = ActivityInterval(n.Required("interval"));
    if (n.Has("start")) p.start_s = StartTime(n.Child("start"));
    return p;
  }
  if (p.behaviour == Behaviour::PeriodicUdp) {
    onlyKeys({"target", "port", "interval", "start"});
    p.target = n.Required("target").Text();
    p.port = n.Required("port").Port();
    p.interval_s = ActivityInterval(n.Required("interval"));
    if (n.Has("start")) p.start_s = StartTime(n.Child("start"));
    return p;
  }

  if (p.behaviour == Behaviour::ZeusBot) {
    for (const char* key : {"domains", "interval", "connections", "lifetime", "protocol", "port", "start"})
      if (n.Has(key)) n.Child(key).Fail("does not apply to a zeus-bot process");
    p.cnc = n.Required("cnc").Text();
    if (n.Has("poll")) p.zeus_poll_s = n.Child("poll").SecondsWithin(1, 86400, "1s .. 1d");
    if (n.Has("report_gap")) p.zeus_report_gap_s = n.Child("report_gap").SecondsWithin(1, 86400, "1s .. 1d");
    return p;
  }
  for (const char* key : {"cnc", "poll", "report_gap"})
    if (n.Has(key)) n.Child(key).Fail("applies only to zeus-bot processes");
  for (const char* key : {"hostname", "target", "peers", "gone"})
    if (n.Has(key)) n.Child(key).Fail("applies only to dyndns-updater, dyndns-client and periodic-udp processes");

  if (p.behaviour == Behaviour::InboundServer) {
    for (const char* key : {"domains", "interval", "connections", "lifetime", "protocol"})
      if (n.Has(key)) n.Child(key).Fail("does not apply to an inbound-server process");
    p.port = n.Required("port").Port();
    return p;
  }
  if (n.Has("port")) n.Child("port").Fail("applies only to inbound-server processes");
  p.domains = n.Required("domains").Strings();
  if (p.domains.empty() || p.domains.size() > 256) n.Child("domains").Fail("needs 1..256 domains");
  p.interval_s = ActivityInterval(n.Required("interval"));
  if (n.Has("lifetime")) p.lifetime = n.Child("lifetime").LogNormal(true);
  if (n.Has("start")) p.start_s = StartTime(n.Child("start"));
  if (p.behaviour == Behaviour::Browser) {
    if (n.Has("protocol")) n.Child("protocol").Fail("a browser always uses TLS");
    if (n.Has("connections")) {
      auto range = n.Child("connections").Items();
      if (range.size() != 2) n.Child("connections").Fail("expected [min, max]");
      p.connections.min = static_cast<int>(range[0].WholeWithin(1, 64));
      p.connections.max = static_cast<int>(range[1].WholeWithin(1, 64));
      if (p.connections.max < p.connections.min)
        n.Child("connections").Fail("needs 1 <= min <= max <= 64");
    }
  } else {
    if (n.Has("connections")) n.Child("connections").Fail("applies only to browser processes");
    std::string proto = n.Has("protocol") ? n.Child("protocol").Text() : "http";
    if (proto == "http") p.protocol = AppProtocol::Http;
    else if (proto == "tls") p.protocol = AppProtocol::Tls;
    else n.Child("protocol").Fail("'" + proto + "' is not http or tls");
    if (p.behaviour == Behaviour::PhpWebApp && p.protocol != AppProtocol::Http)
      n.Child("protocol").Fail("a php-webapp posts plain HTTP (its *.php posts are what it is for)");
  }
  return p;
}

ServerSpec LoadServer(const Node& n) {
  n.ExpectMap({"name", "kind", "domains", "http", "tls", "response_bytes", "target", "port", "interval", "duration",
               "mix"});
  ServerSpec s;
  s.name = n.Required("name").Text();
  std::string kind = n.Required("kind").Text();
  if (kind == "web") {
    s.kind = ServerKind::Web;
    for (const char* key : {"target", "port", "interval", "duration"})
      if (n.Has(key)) n.Child(key).Fail("does not apply to a web server");
    s.domains = n.Required("domains").Strings();
    if (n.Has("http")) s.http = n.Child("http").Bool();
    if (n.Has("tls")) s.tls = n.Child("tls").Bool();
    if (!s.http && !s.tls) n.Fail("a web server needs http or tls");
    if (n.Has("response_bytes")) s.response_bytes = n.Child("response_bytes").LogNormal(false);
  } else if (kind == "ssh-client") {
    s.kind = ServerKind::SshClient;
    for (const char* key : {"domains", "http", "tls", "response_bytes"})
      if (n.Has(key)) n.Child(key).Fail("does not apply to an ssh-client");
    s.target = n.Required("target").Text();
    if (n.Has("port")) s.port = n.Child("port").Port();
    // Each session is a TCP connection with a handshake, key exchange and teardown.
    s.interval_s = n.Required("interval").SecondsWithin(0.1, 86400, "100ms .. 1d");
    if (n.Has("duration")) s.duration = n.Child("duration").LogNormal(true);
  } else if (kind == "zeus-cnc") {
    s.kind = ServerKind::ZeusCnc;
    for (const char* key : {"http", "tls", "response_bytes", "target", "port", "interval", "duration"})
      if (n.Has(key)) n.Child(key).Fail("does not apply to a zeus-cnc server");
    s.domains = n.Required("domains").Strings();
    if (s.domains.size() != 1) n.Child("domains").Fail("a zeus-cnc server has exactly one domain");
    if (n.Has("mix")) {
      Node mix = n.Child("mix");
      mix.ExpectMap({"cookie_theft", "homepage_set", "os_shutdown"});
      auto weight = [&](const char* key, double& out) {
        if (mix.Has(key)) out = mix.Child(key).NumberWithin(0, 1e6);
      };
      weight("cookie_theft", s.cookie_theft);
      weight("homepage_set", s.homepage_set);
      weight("os_shutdown", s.os_shutdown);
      if (s.cookie_theft + s.homepage_set + s.os_shutdown <= 0) mix.Fail("needs a positive weight");
    }
  } else {
    n.Child("kind").Fail("'" + kind + "' is not one of web, ssh-client, zeus-cnc");
  }
  return s;
}

}  // namespace

bool IsAnalysisKey(const std::string& key) { return key == "poll_interval" || key.rfind("labeling.", 0) == 0; }

std::map<std::string, std::string> SimulationOverrides(const std::vector<ScenarioOverride>& overrides) {
  std::map<std::string, std::string> keys;  // later overrides win, as in LoadScenario
  for (const auto& o : overrides)
    if (!IsAnalysisKey(o.key)) keys[o.key] = o.value;
  return keys;
}

namespace {

/// "<number>[ ]<unit>" with the unit's scale from `units` ("" = a bare number); false otherwise.
bool ParseScaled(const std::string& text, std::initializer_list<std::pair<const char*, double>> units,
                 double& value) {
  std::size_t pos = 0;
  double number = 0;
  try {
    number = std::stod(text, &pos);
  } catch (const std::exception&) {
    return false;
  }
  std::string unit = text.substr(pos);
  while (!unit.empty() && unit.front() == ' ') unit.erase(0, 1);
  for (const auto& [name, scale] : units)
    if (unit == name) {
      if (!std::isfinite(number)) return false;
      value = number * scale;
      return true;
    }
  return false;
}

}  // namespace

bool ParseDuration(const std::string& text, double& seconds) {
  return ParseScaled(text, {{"", 1}, {"s", 1}, {"ms", 1e-3}, {"us", 1e-6}, {"min", 60}, {"h", 3600}, {"d", 86400}}, seconds);
}

bool ParseByteSize(const std::string& text, double& bytes) {
  double value = 0;
  if (!ParseScaled(text, {{"", 1}, {"B", 1}, {"KB", 1024}, {"MB", 1024.0 * 1024}}, value) || value < 0) return false;
  bytes = value;
  return true;
}

bool ParseUtcTime(const std::string& text, TimeUs& epoch_us) {
  int y, mo, d, h, mi, s;
  char z = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &s, &z) != 7 || z != 'Z')
    return false;
  if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return false;
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  epoch_us = static_cast<TimeUs>(timegm(&tm)) * kUsPerSecond;
  return true;
}

const char* ToString(Behaviour behaviour) {
  switch (behaviour) {
    case Behaviour::Browser: return "browser";
    case Behaviour::Service: return "service";
    case Behaviour::InboundServer: return "inbound-server";
    case Behaviour::ZeusBot: return "zeus-bot";
    case Behaviour::KrakenBot: return "kraken-bot";
    case Behaviour::DyndnsUpdater: return "dyndns-updater";
    case Behaviour::PeriodicUdp: return "periodic-udp";
    case Behaviour::DyndnsClient: return "dyndns-client";
    case Behaviour::PhpWebApp: return "php-webapp";
    case Behaviour::MailClient: return "mail-client";
  }
  return "?";
}

const char* ToString(KrakenDga dga) {
  switch (dga) {
    case KrakenDga::V1: return "v1";
    case KrakenDga::V2: return "v2";
    case KrakenDga::V2Dyndns: return "v2-dyndns";
  }
  return "?";
}

const char* ToString(ServerKind kind) {
  switch (kind) {
    case ServerKind::Web: return "web";
    case ServerKind::SshClient: return "ssh-client";
    case ServerKind::ZeusCnc: return "zeus-cnc";
  }
  return "?";
}

ScenarioOverride ParseOverride(const std::string& text) {
  auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
    throw InputError("--set: '" + text + "' is not key=value (e.g. poll_interval=5s, events.loss=0.2)");
  return {text.substr(0, eq), text.substr(eq + 1)};
}

namespace {

/// The file's YAML tree; a folder, a missing file or bad YAML is one error naming the file.
YAML::Node ReadScenarioYaml(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw InputError(path + ": is a folder, not a scenario file");
  try {
    return YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    throw InputError(path + ": cannot open scenario file (missing or unreadable)");
  } catch (const YAML::Exception& e) {
    throw InputError(path + ": not valid YAML: " + e.what());
  }
}

void ApplyOverride(const std::string& path, YAML::Node& root, const ScenarioOverride& o) {
  auto fail = [&](const std::string& reason) {
    throw InputError(path + ": override '" + o.key + "': " + reason);
  };
  // Walk with fresh handles (YAML::Node assignment writes through), creating maps as needed.
  std::vector<std::string> parts;
  for (std::size_t start = 0;;) {
    auto dot = o.key.find('.', start);
    parts.push_back(o.key.substr(start, dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  if (!root.IsMap()) fail("the scenario is not a mapping of keys");
  std::vector<YAML::Node> chain{root};
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    YAML::Node next = chain.back()[parts[i]];
    if (next.IsDefined() && !next.IsNull() && !next.IsMap()) fail("'" + parts[i] + "' is not a mapping");
    chain.push_back(next);
  }
  YAML::Node leaf = chain.back()[parts.back()];
  if (leaf.IsDefined() && !leaf.IsNull() && !leaf.IsScalar()) fail("only single values can be overridden");
  chain.back()[parts.back()] = o.value;
}

void LoadTiming(const Node& top, ScenarioConfig& c) {
  if (top.Has("seed")) c.seed = top.Child("seed").WholeWithin(1, 4294967295u);
  std::string start = top.Has("start") ? top.Child("start").Text() : "2025-03-10T09:00:00Z";
  if (!ParseUtcTime(start, c.start)) top.Child("start").Fail("'" + start + "' is not a UTC time like 2025-03-10T09:00:00Z");
  c.duration_s = top.Required("duration").SecondsWithin(1, 7 * 86400, "1s .. 7d");
  if (top.Has("poll_interval")) c.poll_interval_s = top.Child("poll_interval").SecondsWithin(1e-3, 3600, "1ms .. 1h");
  if (top.Has("time_wait")) c.time_wait_s = top.Child("time_wait").SecondsWithin(0, 300, "0 .. 300s, as Windows allows");
  if (top.Has("capture")) {
    Node cap = top.Child("capture");
    cap.ExpectMap({"rotate"});
    if (cap.Has("rotate")) c.rotate_s = cap.Child("rotate").SecondsWithin(1, 86400, "1s .. 1d");
  }
  if (top.Has("dns")) {
    Node dns = top.Child("dns");
    dns.ExpectMap({"ttl", "sharing", "cache_min", "cached_at_start", "fixed_address_share", "truth"});
    if (dns.Has("ttl")) c.dns_ttl_s = dns.Child("ttl").SecondsWithin(0, 7 * 86400, "0 .. 7d");
    if (dns.Has("sharing")) c.dns.sharing = dns.Child("sharing").WholeWithin(0, 10000);
    if (dns.Has("cache_min")) c.dns.cache_min_s = dns.Child("cache_min").SecondsWithin(0, 86400, "0 .. 1d");
    if (dns.Has("cached_at_start")) c.dns.cached_at_start = dns.Child("cached_at_start").Bool();
    if (dns.Has("fixed_address_share")) c.dns.fixed_address_share = dns.Child("fixed_address_share").NumberWithin(0, 1);
    if (dns.Has("truth")) c.dns.truth = dns.Child("truth").Bool();
  }
}

void LoadNat(const Node& top, ScenarioConfig& c) {
  if (!top.Has("nat")) return;
  Node nat = top.Child("nat");
  nat.ExpectMap({"public_address"});
  c.nat.enabled = true;
  if (!nat.Has("public_address")) return;
  Node address = nat.Child("public_address");
  auto parsed = ParseIpv4(address.Text());
  if (!parsed) address.Fail("'" + address.Text() + "' is not an IPv4 address");
  c.nat.public_address = *parsed;
}

void LoadNetwork(const Node& top, ScenarioConfig& c) {
  LoadNat(top, c);
  c.lan = {*ParseIpv4("10.0.0.0"), 24, "1Gbps", 50e-6};
  c.internet = {*ParseIpv4("198.51.100.0"), 24, "1Gbps", 0.01};
  if (!top.Has("network")) return;
  Node net = top.Child("network");
  net.ExpectMap({"lan", "internet"});
  if (net.Has("lan")) c.lan = LoadSegment(net.Child("lan"), c.lan);
  if (net.Has("internet")) c.internet = LoadSegment(net.Child("internet"), c.internet);
}

void LoadEvents(const Node& top, ScenarioConfig& c) {
  if (!top.Has("events")) return;
  Node ev = top.Child("events");
  ev.ExpectMap({"enabled", "loss", "buffer", "flush_interval", "short_lifetime", "short_loss"});
  if (ev.Has("enabled")) c.events.enabled = ev.Child("enabled").Bool();
  if (ev.Has("loss")) c.events.loss = ev.Child("loss").NumberWithin(0, 1);
  if (ev.Has("buffer")) c.events.buffer = ev.Child("buffer").WholeWithin(0, 1000000000);
  if (ev.Has("flush_interval")) c.events.flush_s = ev.Child("flush_interval").SecondsWithin(1e-3, 3600, "1ms .. 1h");
  if (ev.Has("short_lifetime"))
    c.events.short_lifetime_s = ev.Child("short_lifetime").SecondsWithin(0, 3600, "0 .. 1h");
  if (ev.Has("short_loss")) c.events.short_loss = ev.Child("short_loss").NumberWithin(0, 1);
}

void LoadLoggerRealism(const Node& lg, LoggerSpec& logger) {
  if (lg.Has("clock_offset")) logger.clock_offset_s = lg.Child("clock_offset").SecondsWithin(0, 60, "0 .. 60s");
  if (lg.Has("clock_drift_ppm")) logger.clock_drift_ppm = lg.Child("clock_drift_ppm").NumberWithin(0, 1000);
  if (lg.Has("poll_jitter")) logger.poll_jitter_s = lg.Child("poll_jitter").SecondsWithin(0, 1, "0 .. 1s");
  if (lg.Has("late_polls")) logger.late_polls = lg.Child("late_polls").Bool();
  if (lg.Has("name_lookup")) {
    Node lookup = lg.Child("name_lookup");
    const std::string when = lookup.Text();
    if (when != "at_open" && when != "at_poll") lookup.Fail("'" + when + "' is not at_open or at_poll");
    logger.name_at_poll = when == "at_poll";
  }
}

void LoadAnalysisKeys(const Node& top, ScenarioConfig& c) {
  if (top.Has("labeling")) {
    Node lb = top.Child("labeling");
    lb.ExpectMap({"engine", "defer_learnt", "events_in_post", "log_delay"});
    if (lb.Has("engine")) {
      Node engine = lb.Child("engine");
      c.labeling.engine = engine.Text();
      if (c.labeling.engine != "paper" && c.labeling.engine != "ntlab")
        engine.Fail("'" + c.labeling.engine + "' is not an engine (paper or ntlab)");
    }
    if (lb.Has("defer_learnt")) c.labeling.defer_learnt = lb.Child("defer_learnt").Bool();
    if (lb.Has("events_in_post")) c.labeling.events_in_post = lb.Child("events_in_post").Bool();
    if (lb.Has("log_delay")) c.labeling.log_delay_s = lb.Child("log_delay").SecondsWithin(0, 3600, "0 .. 1h");
  }
  if (top.Has("logger")) {
    Node lg = top.Child("logger");
    lg.ExpectMap({"poll_cost_base", "poll_cost_per_row", "clock_offset", "clock_drift_ppm", "poll_jitter",
                  "late_polls", "name_lookup"});
    // Durations in the file ("1ms", "10us"); kept in ms here.
    if (lg.Has("poll_cost_base"))
      c.logger.poll_cost_base_ms = 1000 * lg.Child("poll_cost_base").SecondsWithin(0, 1, "0 .. 1s");
    if (lg.Has("poll_cost_per_row"))
      c.logger.poll_cost_per_row_ms = 1000 * lg.Child("poll_cost_per_row").SecondsWithin(0, 1, "0 .. 1s");
    LoadLoggerRealism(lg, c.logger);
  }
}

void LoadBotnets(const Node& top, ScenarioConfig& c) {
  if (top.Has("benign_load")) c.benign_load = top.Child("benign_load").NumberWithin(0.01, 100);
  if (top.Has("zeus")) {
    Node z = top.Child("zeus");
    z.ExpectMap({"spread", "idle", "config_in_capture", "benign_php", "require_config_bin", "extra_behaviours"});
    if (z.Has("spread")) c.zeus_spread = z.Child("spread").NumberWithin(0, 20);
    if (z.Has("idle")) c.zeus_idle = z.Child("idle").NumberWithin(0, 0.95);
    if (z.Has("config_in_capture")) c.zeus_config_in_capture = z.Child("config_in_capture").Bool();
    if (z.Has("benign_php")) c.zeus_benign_php = z.Child("benign_php").Bool();
    if (z.Has("require_config_bin")) c.zeus_require_config_bin = z.Child("require_config_bin").Bool();
    if (z.Has("extra_behaviours")) c.zeus_extra_behaviours = z.Child("extra_behaviours").NumberWithin(0, 1e6);
  }
  if (!top.Has("kraken")) return;
  Node k = top.Child("kraken");
  k.ExpectMap({"registered", "update_servers", "spam_domains", "dga", "wire", "confounder"});
  c.kraken.enabled = true;
  if (k.Has("dga")) {
    std::string dga = k.Child("dga").Text();
    if (dga == "v1") c.kraken.dga = KrakenDga::V1;
    else if (dga == "v2") c.kraken.dga = KrakenDga::V2;
    else if (dga == "v2-dyndns") c.kraken.dga = KrakenDga::V2Dyndns;
    else k.Child("dga").Fail("'" + dga + "' is not one of v1, v2, v2-dyndns");
  }
  if (k.Has("wire")) {
    std::string wire = k.Child("wire").Text();
    if (wire != "plain" && wire != "sealed") k.Child("wire").Fail("'" + wire + "' is not one of plain, sealed");
    c.kraken.sealed = wire == "sealed";
  }
  if (k.Has("confounder")) {
    c.kraken.confounder = k.Child("confounder").Text();
    if (!IsKrakenConfounder(c.kraken.confounder))
      k.Child("confounder").Fail("'" + c.kraken.confounder + "' is not one of " + KrakenConfounderNames());
  }
  auto registered = k.Required("registered").Items();
  if (registered.empty() || registered.size() > 10000) k.Child("registered").Fail("needs 1..10000 DGA indices");
  for (const auto& item : registered) c.kraken.registered.push_back(item.WholeWithin(0, 1000000));
  if (k.Has("update_servers")) c.kraken.update_servers = k.Child("update_servers").WholeWithin(1, 20);
  if (k.Has("spam_domains")) {
    c.kraken.spam_domains = k.Child("spam_domains").Strings();
    if (c.kraken.spam_domains.empty() || c.kraken.spam_domains.size() > 20)
      k.Child("spam_domains").Fail("needs 1..20 domains");
  }
}

void LoadWorkload(const Node& top, const std::string& path, ScenarioConfig& c) {
  if (!top.Has("workload")) return;
  Node w = top.Child("workload");
  w.ExpectMap({"catalog", "sessions_per_day", "bytes_cap", "servers", "addresses_per_server", "pid_release",
               "pid_reuse", "never_seen_share", "system_share", "browser_processes", "browser_child_lifetime",
               "ipv6_share"});
  c.workload.enabled = true;
  std::filesystem::path catalog = w.Required("catalog").Text();
  if (catalog.is_relative()) catalog = std::filesystem::path(path).parent_path() / catalog;
  c.workload.catalog = catalog.lexically_normal().string();
  c.workload.sessions_per_day = w.Required("sessions_per_day").NumberWithin(1, kMaxSessionsPerDay);
  if (w.Has("bytes_cap")) {
    std::string text = w.Child("bytes_cap").Text();
    if (!ParseByteSize(text, c.workload.bytes_cap))
      w.Child("bytes_cap").Fail("'" + text + "' is not a size (e.g. 256KB, 1MB, 65536; 0 = no cap)");
    if (c.workload.bytes_cap > 64.0 * 1024 * 1024) w.Child("bytes_cap").Fail("must be at most 64MB (0 = no cap)");
  }
  if (w.Has("servers")) c.workload.servers = w.Child("servers").WholeWithin(1, 40);
  if (w.Has("addresses_per_server")) c.workload.addresses_per_server = w.Child("addresses_per_server").WholeWithin(1, 16384);
  if (w.Has("pid_release")) {
    Node release = w.Child("pid_release");
    const std::string when = release.Text();
    if (when != "sockets_closed" && when != "at_exit") release.Fail("'" + when + "' is not sockets_closed or at_exit");
    c.workload.pid_release_at_exit = when == "at_exit";
  }
  if (w.Has("pid_reuse")) c.workload.pid_reuse = w.Child("pid_reuse").NumberWithin(0, 1);
  if (w.Has("never_seen_share")) c.workload.never_seen_share = w.Child("never_seen_share").NumberWithin(0, 0.5);
  if (w.Has("system_share")) c.workload.system_share = w.Child("system_share").NumberWithin(0, 0.2);
  if (w.Has("ipv6_share")) c.workload.ipv6_share = w.Child("ipv6_share").NumberWithin(0, 1);
  if (w.Has("browser_processes"))
    c.workload.browser_processes = static_cast<std::uint32_t>(w.Child("browser_processes").WholeWithin(0, 16));
  if (w.Has("browser_child_lifetime"))
    c.workload.browser_child_lifetime_s = w.Child("browser_child_lifetime").SecondsWithin(1, 86400, "1s .. 1d");
}

void LoadIsolation(const Node& top, ScenarioConfig& c) {
  if (!top.Has("isolation")) return;
  Node iso = top.Child("isolation");
  iso.ExpectMap({"subnet", "host", "move_at", "rules", "responder"});
  c.isolation.enabled = true;
  c.isolation.subnet = {*ParseIpv4("10.99.0.0"), 24, "1Gbps", 50e-6};
  if (iso.Has("subnet")) LoadSubnet(iso.Child("subnet"), c.isolation.subnet);
  c.isolation.host = iso.Required("host").Text();
  c.isolation.move_at_s = iso.Required("move_at").SecondsWithin(1, 7 * 86400, "1s .. 7d");
  if (iso.Has("rules")) {
    c.isolation.rules = iso.Child("rules").Text();
    if (!conntrack::IsolationVariantByName(c.isolation.rules))
      iso.Child("rules").Fail("'" + c.isolation.rules + "' is not one of paper, accept-new, no-final-drop");
  }
  if (iso.Has("responder")) {
    Node responder = iso.Child("responder");
    responder.ExpectMap({"report_length_scale"});
    if (responder.Has("report_length_scale"))
      c.isolation.report_length_scale = responder.Child("report_length_scale").NumberWithin(0.1, 10);
  }
}

// Account names as Windows shows a process's owner: plain names, so they stay one CSV field and
// one SQL value without quoting surprises.
std::vector<std::string> LoadUsers(const Node& list) {
  auto items = list.Items();
  if (items.empty() || items.size() > kMaxUsersPerHost)
    list.Fail("must list 1 .. " + std::to_string(kMaxUsersPerHost) + " user names");
  std::vector<std::string> users;
  for (const auto& item : items) {
    std::string name = item.Text();
    if (name.empty() || name.size() > 64 ||
        name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != std::string::npos)
      item.Fail("'" + name + "' is not a user name (1 .. 64 of A-Z a-z 0-9 . _ -)");
    if (name == kSystemUser) item.Fail("'" + name + "' is reserved for the Windows services");
    if (std::find(users.begin(), users.end(), name) != users.end()) item.Fail("'" + name + "' is listed twice");
    users.push_back(std::move(name));
  }
  return users;
}

void LoadMachines(const Node& top, ScenarioConfig& c) {
  if (top.Has("servers"))
    for (const auto& s : top.Child("servers").Items()) c.servers.push_back(LoadServer(s));
  auto hosts = top.Required("hosts").Items();
  if (hosts.size() > kMaxHosts) top.Child("hosts").Fail("at most " + std::to_string(kMaxHosts) + " hosts");
  for (const auto& h : hosts) {
    h.ExpectMap({"name", "processes", "users"});
    HostSpec host;
    host.name = h.Required("name").Text();
    if (h.Has("users")) host.users = LoadUsers(h.Child("users"));
    // A host driven only by the workload catalog needs no processes of its own.
    if (c.workload.enabled && !h.Has("processes")) {
      c.hosts.push_back(std::move(host));
      continue;
    }
    auto processes = h.Required("processes").Items();
    if (processes.size() > kMaxProcessesPerHost)
      h.Child("processes").Fail("at most " + std::to_string(kMaxProcessesPerHost) + " processes per host");
    for (const auto& p : processes) host.processes.push_back(LoadProcess(p));
    c.hosts.push_back(std::move(host));
  }
}

}  // namespace

ScenarioConfig LoadScenario(const std::string& path, const std::vector<ScenarioOverride>& overrides) {
  YAML::Node root = ReadScenarioYaml(path);
  for (const auto& o : overrides) ApplyOverride(path, root, o);
  Node top(root, "", &path);
  top.ExpectMap({"name", "seed", "start", "duration", "poll_interval", "time_wait", "capture", "network",
                 "dns", "nat", "events", "logger", "labeling", "kraken", "benign_load", "zeus", "workload", "isolation",
                 "messengers", "servers", "hosts"});
  ScenarioConfig c;
  c.source = path;
  c.name = top.Required("name").Text();
  LoadTiming(top, c);
  LoadNetwork(top, c);
  LoadEvents(top, c);
  LoadAnalysisKeys(top, c);
  LoadBotnets(top, c);
  LoadWorkload(top, path, c);
  LoadIsolation(top, c);
  LoadMachines(top, c);
  LoadMessengers(top, path, c);
  AddKrakenConfounders(c);
  AddZeusBenignPhp(c);
  c.workload.loaded_catalog = ValidateScenario(c);
  return c;
}

namespace {

bool Overlap(Ipv4 a, int a_prefix, Ipv4 b, int b_prefix) {
  int prefix = std::min(a_prefix, b_prefix);
  std::uint32_t mask = ~std::uint32_t(0) << (32 - prefix);
  return (a & mask) == (b & mask);
}

/// The LAN, the internet segment and the workload's 198.18.0.0/15 are routed apart: ns-3 would
/// route into the wrong one, silently.
void CheckSegmentsApart(const ScenarioConfig& c) {
  auto fail = [&](const std::string& reason) {
    throw InputError(c.source + ": network.internet.subnet: " + reason);
  };
  if (Overlap(c.lan.network, c.lan.prefix, c.internet.network, c.internet.prefix))
    fail("overlaps network.lan.subnet");
  if (!c.workload.enabled) return;
  for (const SegmentSpec* s : {&c.lan, &c.internet})
    if (Overlap(s->network, s->prefix, kWorkloadBlockBase, 15))
      throw InputError(c.source + ": network." + (s == &c.lan ? "lan" : "internet") +
                                          ".subnet: overlaps the workload servers' 198.18.0.0/15");
}

/// The isolation subnet is apart from every other segment (it has no route out, and ns-3 would
/// deliver into the wrong one), its host exists, and the move happens while the run lasts.
void CheckIsolation(const ScenarioConfig& c) {
  if (!c.isolation.enabled) return;
  auto fail = [&](const std::string& key, const std::string& reason) {
    throw InputError(c.source + ": isolation." + key + ": " + reason);
  };
  const SegmentSpec& s = c.isolation.subnet;
  if (s.prefix > 28) fail("subnet", "needs a /28 or larger subnet (.2 and .11)");
  if (Overlap(s.network, s.prefix, c.lan.network, c.lan.prefix)) fail("subnet", "overlaps network.lan.subnet");
  if (Overlap(s.network, s.prefix, c.internet.network, c.internet.prefix))
    fail("subnet", "overlaps network.internet.subnet");
  if (c.workload.enabled && Overlap(s.network, s.prefix, kWorkloadBlockBase, 15))
    fail("subnet", "overlaps the workload servers' 198.18.0.0/15");
  bool found = false;
  for (const auto& host : c.hosts) found = found || host.name == c.isolation.host;
  if (!found) fail("host", "no host is named '" + c.isolation.host + "'");
  if (c.isolation.move_at_s >= c.duration_s) fail("move_at", "must be before the end of the run (duration)");
}

/// workload.never_seen_share and system_share (issue 10): within range, room for the fresh
/// addresses, and the servers' blocks clear of them.
void CheckWorkloadRealism(const ScenarioConfig& c) {
  auto fail = [&](const std::string& key, const std::string& reason) {
    throw InputError(c.source + ": workload." + key + ": " + reason);
  };
  const WorkloadSpec& w = c.workload;
  if (!(w.never_seen_share >= 0 && w.never_seen_share <= 0.5)) fail("never_seen_share", "must be within 0..0.5");
  if (!(w.system_share >= 0 && w.system_share <= 0.2)) fail("system_share", "must be within 0..0.2");
  if (!(w.ipv6_share >= 0 && w.ipv6_share <= 1)) fail("ipv6_share", "must be within 0..1");
  if (w.never_seen_share <= 0) return;
  if (std::uint64_t(w.servers) * WorkloadBlockStride(w.addresses_per_server) > kWorkloadBlockSpace / 2)
    fail("never_seen_share", "the servers' blocks must fit 198.18.0.0/16 (servers x addresses_per_server <= 65536): "
                             "198.19.0.0/16 holds the never-seen addresses");
  // Every fresh address is used once; the expected count keeps a margin of two below the block.
  const double expected = w.sessions_per_day * c.benign_load * c.duration_s / 86400 * w.never_seen_share;
  if (expected * 2 > kNeverSeenBlockSize)
    fail("never_seen_share", "about " + std::to_string(std::lround(expected)) +
                                 " never-seen sessions would exhaust 198.19.0.0/16 (at most 32768 expected)");
}

}  // namespace

std::shared_ptr<const WorkloadCatalog> ValidateScenario(const ScenarioConfig& c) {
  auto fail = [&](const std::string& key, const std::string& reason) {
    throw InputError(c.source + ": " + key + ": " + reason);
  };
  if (c.hosts.empty()) fail("hosts", "needs at least one host");
  if (c.duration_s < 1 || c.duration_s > 7 * 86400) fail("duration", "must be within 1 s .. 7 days");
  if (c.poll_interval_s < 1e-3 || c.poll_interval_s > 3600) fail("poll_interval", "must be within 1 ms .. 1 h");
  if (c.rotate_s < 1) fail("capture.rotate", "must be at least 1 s");
  if (c.time_wait_s > 300) fail("time_wait", "Windows allows at most 300 s");
  std::size_t lanHosts = (1u << (32 - c.lan.prefix)) - 12;  // hosts start at .11; broadcast
  if (c.hosts.size() > lanHosts) fail("hosts", "more hosts than addresses in network.lan.subnet");
  if (c.servers.size() + 2 > (1u << (32 - c.internet.prefix)) - 2) fail("servers", "more servers than addresses in network.internet.subnet");

  CheckSegmentsApart(c);
  CheckDnsConditions(c);
  CheckIsolation(c);
  if (c.kraken.enabled && c.internet.prefix > 24)
    fail("network.internet.subnet", "Kraken's servers need a /24 or larger internet segment (.150-.199)");
  std::set<std::string> served;
  std::set<std::string> names;
  for (std::size_t i = 0; i < c.servers.size(); ++i) {
    const auto& s = c.servers[i];
    std::string key = "servers[" + std::to_string(i) + "]";
    if (!names.insert(s.name).second) fail(key + ".name", "duplicate name '" + s.name + "'");
    for (const auto& d : s.domains)
      if (!served.insert(d).second) fail(key + ".domains", "'" + d + "' is served by two servers");
  }
  std::set<std::string> hostNames;
  for (std::size_t h = 0; h < c.hosts.size(); ++h) {
    const auto& host = c.hosts[h];
    std::string hkey = "hosts[" + std::to_string(h) + "]";
    if (!hostNames.insert(host.name).second || names.count(host.name)) fail(hkey + ".name", "duplicate name '" + host.name + "'");
    std::set<std::uint16_t> ports;
    for (std::size_t p = 0; p < host.processes.size(); ++p) {
      const auto& proc = host.processes[p];
      std::string pkey = hkey + ".processes[" + std::to_string(p) + "]";
      if (proc.behaviour == Behaviour::MailClient) {
        // Its SMTP servers are the mail exchangers of the kraken: section (the only SMTP servers).
        const std::vector<std::string> exchangers = KrakenMailExchangers(c);
        for (const auto& d : proc.domains)
          if (std::find(exchangers.begin(), exchangers.end(), d) == exchangers.end())
            fail(pkey + ".domains", "'" + d + "' is not an SMTP server of the kraken: section (" +
                                        (c.kraken.enabled ? "mx.<spam domain>, smtp.google.com" : "absent") + ")");
      } else {
        for (const auto& d : proc.domains)
          if (!served.count(d)) fail(pkey + ".domains", "no server serves '" + d + "'");
      }
      if (proc.behaviour == Behaviour::ZeusBot) {
        bool found = false;
        for (const auto& s : c.servers) found = found || (s.name == proc.cnc && s.kind == ServerKind::ZeusCnc);
        if (!found) fail(pkey + ".cnc", "no zeus-cnc server is named '" + proc.cnc + "'");
      }
      if (proc.behaviour == Behaviour::KrakenBot && !c.kraken.enabled)
        fail(pkey + ".behaviour", "a kraken-bot needs the top-level kraken: section (its servers)");
      if (proc.behaviour == Behaviour::PeriodicUdp && !names.count(proc.target))
        fail(pkey + ".target", "no server is named '" + proc.target + "'");
      if (proc.behaviour == Behaviour::InboundServer && !ports.insert(proc.port).second)
        fail(pkey + ".port", "port " + std::to_string(proc.port) + " is already listening on this host");
    }
  }
  std::shared_ptr<const WorkloadCatalog> loaded;
  if (c.workload.enabled) {
    if (c.internet.prefix > 24)
      fail("network.internet.subnet", "the workload's servers need a /24 or larger internet segment (.200-.254)");
    if (!(c.workload.sessions_per_day > 0)) fail("workload.sessions_per_day", "must be > 0");
    if (c.workload.servers < 1 || c.workload.servers > 40) fail("workload.servers", "must be 1..40");
    if (c.workload.bytes_cap < 0) fail("workload.bytes_cap", "must be >= 0");
    if (c.workload.addresses_per_server < 1 || c.workload.addresses_per_server > 16384)
      fail("workload.addresses_per_server", "must be 1..16384");
    // Each server's block starts on a power-of-two boundary (one static route per server), and
    // all blocks share 198.18.0.0/15.
    if (std::uint64_t(c.workload.servers) * WorkloadBlockStride(c.workload.addresses_per_server) > kWorkloadBlockSpace)
      fail("workload.addresses_per_server", "servers x addresses_per_server (rounded up to a power of two) exceed "
                                            "198.18.0.0/15 (131072 addresses)");
    CheckWorkloadRealism(c);
    // The catalog is checked here (it loads strictly) and against this scenario's host count:
    // ComputeArrivalRates throws when a share cannot be met with these numbers.
    loaded = std::make_shared<const WorkloadCatalog>(LoadWorkloadCatalog(c.workload.catalog));
    const WorkloadCatalog& catalog = *loaded;
    auto rates = ComputeArrivalRates(catalog, c.workload.sessions_per_day * c.benign_load, static_cast<int>(c.hosts.size()));
    std::size_t inbound = 0;
    for (std::size_t i = 0; i < catalog.processes.size(); ++i)
      if (catalog.processes[i].behaviour.direction == WorkloadDirection::Inbound) inbound += rates[i].running_hosts;
    if (inbound > 14) fail("workload.catalog", "at most 14 (host, inbound process) pairs fit at .240-.253");
    for (std::size_t h = 0; h < c.hosts.size(); ++h)
      for (std::size_t p = 0; p < c.hosts[h].processes.size(); ++p)
        if (c.hosts[h].processes[p].behaviour == Behaviour::InboundServer)
          for (const auto& cp : catalog.processes)
            if (cp.behaviour.direction == WorkloadDirection::Inbound)
              for (auto port : cp.behaviour.ports)
                if (port == c.hosts[h].processes[p].port)
                  fail("hosts[" + std::to_string(h) + "].processes[" + std::to_string(p) + "].port",
                       "port " + std::to_string(port) + " is also the catalog's " + cp.name + " port");
  }
  for (std::size_t i = 0; i < c.servers.size(); ++i) {
    const auto& s = c.servers[i];
    if (s.kind != ServerKind::SshClient) continue;
    std::string key = "servers[" + std::to_string(i) + "]";
    bool found = false;
    for (const auto& host : c.hosts)
      for (const auto& proc : host.processes)
        found = found || (host.name == s.target && proc.behaviour == Behaviour::InboundServer && proc.port == s.port);
    if (!found) fail(key + ".target", "no inbound-server process listens on " + s.target + ":" + std::to_string(s.port));
  }
  ValidateMessengers(c);
  return loaded;
}

}  // namespace ntlab
