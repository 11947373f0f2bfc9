#include "scenarios/config/workload-catalog.h"

#include "scenarios/config/yaml-node.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <set>

namespace ntlab {
namespace {

using Node = yaml::Node;

HourlyProfile LoadHourly(const Node& n) {
  auto items = n.Items();
  if (items.size() != 24) n.Fail("needs 24 hourly values (00:00..23:00), got " + std::to_string(items.size()));
  HourlyProfile h{};
  double sum = 0;
  for (std::size_t i = 0; i < 24; ++i) {
    h[i] = items[i].Number();
    if (!(h[i] >= 0) || !std::isfinite(h[i])) items[i].Fail("must be >= 0");
    sum += h[i];
  }
  if (!(sum > 0)) n.Fail("needs at least one hour > 0");
  return h;
}

double Fraction(const Node& n) {
  double v = n.Number();
  if (!(v >= 0 && v <= 1)) n.Fail("must be within 0..1");
  return v;
}

int WholeNumber(const Node& n, int min, int max) {
  double v = n.Number();
  if (v != std::floor(v) || v < min || v > max)
    n.Fail("must be a whole number " + std::to_string(min) + ".." + std::to_string(max));
  return static_cast<int>(v);
}

/// RFC 2606 / RFC 6761 reserved names only, so simulated SNIs never collide with real services.
bool ReservedName(const std::string& name) {
  for (const char* suffix : {".example", ".test", ".invalid", ".example.com", ".example.net", ".example.org"}) {
    std::string s(suffix);
    if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0) return true;
  }
  return false;
}

WorkloadBehaviour LoadBehaviour(const Node& n, const std::map<std::string, HourlyProfile>& profiles) {
  n.ExpectMap({"basis", "direction", "protocols", "sni", "ports", "dns_lookups_per_session", "profile", "hourly",
               "lifetime", "bytes", "long_lived", "restarts", "instances"});
  WorkloadBehaviour b;
  b.basis = n.Required("basis").Text();
  if (n.Has("direction")) {
    std::string d = n.Child("direction").Text();
    if (d == "outbound") b.direction = WorkloadDirection::Outbound;
    else if (d == "inbound") b.direction = WorkloadDirection::Inbound;
    else if (d == "both") b.direction = WorkloadDirection::Both;
    else n.Child("direction").Fail("'" + d + "' is not one of outbound, inbound, both");
  }
  Node p = n.Required("protocols");
  p.ExpectMap({"dns", "tcp", "tls", "http", "quic", "udp"});
  auto frac = [&](const char* key, double& out) {
    if (p.Has(key)) out = Fraction(p.Child(key));
  };
  frac("dns", b.protocols.dns);
  frac("tcp", b.protocols.tcp);
  frac("tls", b.protocols.tls);
  frac("http", b.protocols.http);
  frac("quic", b.protocols.quic);
  frac("udp", b.protocols.udp);
  const auto& m = b.protocols;
  double sum = m.dns + m.tcp + m.tls + m.http + m.quic + m.udp;
  if (std::fabs(sum - 1) > 1e-6) p.Fail("fractions must sum to 1 (they sum to " + std::to_string(sum) + ")");

  if (n.Has("sni")) {
    b.sni = n.Child("sni").Strings();
    auto items = n.Child("sni").Items();
    for (std::size_t i = 0; i < b.sni.size(); ++i)
      if (!ReservedName(b.sni[i]))
        items[i].Fail("'" + b.sni[i] + "' is not a reserved name (use <vendor>.example.com, .example, .test)");
  }
  if ((m.tls > 0 || m.quic > 0) && b.sni.empty()) n.Child("sni").Fail("required when protocols.tls or protocols.quic > 0");
  if (n.Has("ports"))
    for (const auto& item : n.Child("ports").Items()) b.ports.push_back(item.Port());
  if (b.direction != WorkloadDirection::Outbound && b.ports.empty())
    n.Child("ports").Fail("an inbound process needs its listening ports");
  if (n.Has("dns_lookups_per_session")) {
    b.dns_lookups_per_session = n.Child("dns_lookups_per_session").Number();
    if (!(b.dns_lookups_per_session >= 0 && b.dns_lookups_per_session <= 10))
      n.Child("dns_lookups_per_session").Fail("must be within 0..10");
  }

  if (n.Has("profile") && n.Has("hourly")) n.Child("hourly").Fail("give either profile or hourly, not both");
  if (n.Has("hourly")) {
    b.hourly = LoadHourly(n.Child("hourly"));
  } else {
    b.profile = n.Required("profile").Text();
    auto it = profiles.find(b.profile);
    if (it == profiles.end()) n.Child("profile").Fail("no profile named '" + b.profile + "' in profiles");
    b.hourly = it->second;
  }
  b.lifetime = n.Required("lifetime").LogNormal(true);
  b.bytes = n.Required("bytes").LogNormal(false);
  if (n.Has("long_lived")) {
    Node l = n.Child("long_lived");
    l.ExpectMap({"count", "lifetime"});
    b.long_lived.count = WholeNumber(l.Required("count"), 0, 100);
    b.long_lived.lifetime = l.Required("lifetime").LogNormal(true);
  }
  if (n.Has("restarts")) {
    Node r = n.Child("restarts");
    r.ExpectMap({"per_day", "pid_reuse"});
    b.restarts.per_day = r.Required("per_day").Number();
    if (!(b.restarts.per_day >= 0 && b.restarts.per_day <= 1000)) r.Child("per_day").Fail("must be within 0..1000");
    if (r.Has("pid_reuse")) b.restarts.pid_reuse = Fraction(r.Child("pid_reuse"));
  }
  if (n.Has("instances")) b.instances = WholeNumber(n.Child("instances"), 1, 1000);
  return b;
}

WorkloadProcess LoadProcess(const Node& n, const std::map<std::string, HourlyProfile>& profiles) {
  n.ExpectMap({"name", "share", "share_source", "table3_rank", "prevalence", "behaviour"});
  WorkloadProcess p;
  p.name = n.Required("name").Text();
  if (p.name.empty()) n.Child("name").Fail("must not be empty");
  p.share = n.Required("share").Positive();
  if (p.share > 1) n.Child("share").Fail("must be within 0..1 (a fraction, not a percentage)");
  p.share_source = n.Required("share_source").Text();
  if (n.Has("table3_rank")) p.table3_rank = WholeNumber(n.Child("table3_rank"), 1, 10);
  if (n.Has("prevalence")) {
    p.prevalence = n.Child("prevalence").Positive();
    if (p.prevalence > 1) n.Child("prevalence").Fail("must be within 0..1");
  }
  p.behaviour = LoadBehaviour(n.Required("behaviour"), profiles);
  return p;
}

double LogNormalMean(const LogNormalSpec& s) { return s.median * std::exp(s.sigma * s.sigma / 2); }

}  // namespace

const char* ToString(WorkloadDirection direction) {
  switch (direction) {
    case WorkloadDirection::Outbound: return "outbound";
    case WorkloadDirection::Inbound: return "inbound";
    case WorkloadDirection::Both: return "both";
  }
  return "?";
}

const std::array<Table3Row, 10>& Paper001Table3() {
  static const std::array<Table3Row, 10> rows{{{"svchost.exe", 0.5601},
                                               {"chrome.exe", 0.1577},
                                               {"sshd.exe", 0.0719},
                                               {"Code.exe", 0.0328},
                                               {"Perplexity.exe", 0.0235},
                                               {"lghub_agent.exe", 0.0156},
                                               {"parsecd.exe", 0.0154},
                                               {"msedgewebview2.exe", 0.0147},
                                               {"Notion.exe", 0.0140},
                                               {"System", 0.0119}}};
  return rows;
}

double FractionShorterThan(const LogNormalSpec& lifetime, double seconds) {
  if (seconds <= 0) return 0;
  if (lifetime.sigma <= 0) return seconds > lifetime.median ? 1 : 0;
  return 0.5 * std::erfc(-(std::log(seconds) - std::log(lifetime.median)) / (lifetime.sigma * std::sqrt(2.0)));
}

WorkloadCatalog LoadWorkloadCatalog(const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    throw InputError(path + ": cannot open workload catalog (missing or unreadable)");
  } catch (const YAML::Exception& e) {
    throw InputError(path + ": not valid YAML: " + e.what());
  }
  WorkloadCatalog c;
  c.source = path;
  Node top(root, "", &c.source);
  // poll_interval was once a catalog key that nothing read; the logger's period is the scenario's
  // poll_interval. A catalog that still has it gets told so, rather than a bare "unknown key".
  if (root.IsMap() && top.Has("poll_interval"))
    top.Child("poll_interval")
        .Fail("no longer a catalog key (it never set the SocketLogger's period): delete it here and set "
              "poll_interval in the scenario (docs/scenario-schema.md)");
  top.ExpectMap({"catalog", "description", "reference", "unknown_share", "dns_client", "profiles", "processes"});
  c.name = top.Required("catalog").Text();
  if (top.Has("description")) c.description = top.Child("description").Text();
  if (top.Has("reference")) {
    Node r = top.Child("reference");
    r.ExpectMap({"sessions", "hosts", "duration", "applications", "source"});
    c.reference.sessions = r.Required("sessions").Positive();
    c.reference.hosts = WholeNumber(r.Required("hosts"), 1, 100000);
    c.reference.duration_s = r.Required("duration").Seconds();
    if (r.Has("applications")) c.reference.applications = WholeNumber(r.Child("applications"), 1, 1000000);
    if (r.Has("source")) r.Child("source").Text();
  }
  if (top.Has("unknown_share")) c.unknown_share = Fraction(top.Child("unknown_share"));
  if (c.unknown_share >= 0.5) top.Child("unknown_share").Fail("must be < 0.5");

  Node d = top.Required("dns_client");
  d.ExpectMap({"process", "lifetime", "bytes", "basis"});
  c.dns_client.process = d.Required("process").Text();
  c.dns_client.lifetime = d.Required("lifetime").LogNormal(true);
  c.dns_client.bytes = d.Required("bytes").LogNormal(false);
  c.dns_client.basis = d.Required("basis").Text();

  Node profiles = top.Required("profiles");
  if (!profiles.Has("office-day")) profiles.Child("office-day").Fail("the shared office-day profile is required");
  for (const auto& [name, prof] : profiles.Entries()) {
    prof.ExpectMap({"hourly", "basis"});
    prof.Required("basis").Text();
    c.profiles[name] = LoadHourly(prof.Required("hourly"));
  }
  for (const auto& p : top.Required("processes").Items()) c.processes.push_back(LoadProcess(p, c.profiles));
  ValidateWorkloadCatalog(c);
  return c;
}

void ValidateWorkloadCatalog(const WorkloadCatalog& c) {
  auto fail = [&](const std::string& key, const std::string& reason) {
    throw InputError(c.source + ": " + key + ": " + reason);
  };
  if (c.processes.empty()) fail("processes", "needs at least one process");
  double sum = c.unknown_share;
  for (const auto& p : c.processes) sum += p.share;
  if (std::fabs(sum - 1) > 1e-6)
    fail("processes", "shares plus unknown_share must sum to 1 (they sum to " + std::to_string(sum) + ")");
  std::set<std::string> names;
  std::array<int, 10> rankAt{};
  int dnsClients = 0;
  for (std::size_t i = 0; i < c.processes.size(); ++i) {
    const auto& p = c.processes[i];
    std::string key = "processes[" + std::to_string(i) + "]";
    if (!names.insert(p.name).second) fail(key + ".name", "duplicate process '" + p.name + "'");
    if (!(p.share > 0)) fail(key + ".share", "must be > 0");
    if (p.behaviour.basis.empty()) fail(key + ".behaviour", "every process needs a behaviour (with its basis)");
    for (double h : p.behaviour.hourly)
      if (!(h >= 0)) fail(key + ".behaviour.hourly", "values must be >= 0");
    if (!(p.behaviour.lifetime.median > 0)) fail(key + ".behaviour.lifetime.median", "must be > 0");
    if (p.behaviour.long_lived.count > 0 && !(p.behaviour.long_lived.lifetime.median > 0))
      fail(key + ".behaviour.long_lived.lifetime.median", "must be > 0");
    if (p.table3_rank > 0) {
      const auto& row = Paper001Table3()[p.table3_rank - 1];
      if (rankAt[p.table3_rank - 1]++) fail(key + ".table3_rank", "rank " + std::to_string(p.table3_rank) + " given twice");
      if (p.name != row.process)
        fail(key + ".table3_rank", "Table 3 rank " + std::to_string(p.table3_rank) + " is " + row.process + ", not " + p.name);
      if (std::fabs(p.share - row.share) > 1e-4)
        fail(key + ".share", "Table 3 gives " + p.name + " " + std::to_string(row.share));
    }
    if (p.name == c.dns_client.process) ++dnsClients;
  }
  for (std::size_t r = 0; r < 10; ++r)
    if (!rankAt[r]) fail("processes", std::string("Table 3 rank ") + std::to_string(r + 1) + " (" +
                                          Paper001Table3()[r].process + ") is missing (set table3_rank)");
  if (dnsClients != 1) fail("dns_client.process", "no process named '" + c.dns_client.process + "'");
  // svchost's share includes the lookups it makes for every other process; they must fit into it.
  ComputeArrivalRates(c, c.reference.sessions > 0 ? c.reference.sessions : 1e5,
                      c.reference.hosts > 0 ? c.reference.hosts : 1);
}

std::vector<ProcessRate> ComputeArrivalRates(const WorkloadCatalog& c, double sessions_per_day, int hosts) {
  if (!(sessions_per_day > 0)) throw InputError(c.source + ": sessions per day must be > 0");
  if (hosts < 1) throw InputError(c.source + ": host count must be >= 1");
  std::vector<ProcessRate> out;
  const double norm = 1 - c.unknown_share;
  double inducedByOthers = 0;
  std::size_t dnsIndex = c.processes.size();
  for (std::size_t i = 0; i < c.processes.size(); ++i) {
    const auto& p = c.processes[i];
    ProcessRate r;
    r.name = p.name;
    r.share = p.share;
    r.true_share = p.share / norm;
    r.labelled_per_day = r.true_share * sessions_per_day;
    r.running_hosts = std::max(1, static_cast<int>(std::lround(p.prevalence * hosts)));
    const auto& ll = p.behaviour.long_lived;
    if (ll.count > 0)  // the first connection plus one re-open per mean lifetime, over one day
      r.long_lived_per_day = ll.count * r.running_hosts * (1 + 86400 / LogNormalMean(ll.lifetime));
    if (p.name == c.dns_client.process) {
      dnsIndex = i;
    } else {
      inducedByOthers += r.labelled_per_day * p.behaviour.dns_lookups_per_session;
    }
    out.push_back(r);
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto& r = out[i];
    // Sessions the process starts itself (arrivals + long-lived). The DNS client's label also
    // covers the lookups it makes for the others and for its own sessions:
    //   own * (1 + l_self) + induced_by_others = labelled
    double own = r.labelled_per_day;
    if (i == dnsIndex) {
      own = (r.labelled_per_day - inducedByOthers) / (1 + c.processes[i].behaviour.dns_lookups_per_session);
      r.dns_induced_per_day = r.labelled_per_day - own;
    }
    r.arrivals_per_day = own - r.long_lived_per_day;
    if (!(r.arrivals_per_day > 0))
      throw InputError(c.source + ": processes[" + std::to_string(i) + "]: " + r.name +
                       " cannot meet its share: DNS lookups and long-lived connections alone exceed it (" +
                       std::to_string(r.labelled_per_day) + " sessions/day)");
    r.per_host_per_hour = r.arrivals_per_day / hosts / 24;
    r.per_running_host_per_hour = r.arrivals_per_day / r.running_hosts / 24;
    const auto& h = c.processes[i].behaviour.hourly;
    double mean = 0;
    for (double v : h) mean += v / 24;
    for (std::size_t k = 0; k < 24; ++k) r.hourly_per_running_host[k] = r.per_running_host_per_hour * h[k] / mean;
  }
  return out;
}

}  // namespace ntlab
