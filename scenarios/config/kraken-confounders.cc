#include "scenarios/config/kraken-confounders.h"

#include "analyzers/formats/basic-types.h"

#include <cstdint>
#include <vector>

namespace ntlab {
namespace {

const std::vector<std::string>& Confounders() {
  static const std::vector<std::string> names{"none", "dyndns-client", "port-447", "cdn", "update-poller", "mail-client", "all"};
  return names;
}

bool Wanted(const ScenarioConfig& c, const std::string& name) {
  return c.kraken.confounder == name || c.kraken.confounder == "all";
}

// A NAS client's own name, its peers' names, and peers that were switched off: names a user
// chose, not random ones.
ProcessSpec DyndnsClient(const HostSpec& host) {
  ProcessSpec p;
  p.name = "NasSync.exe";
  p.behaviour = Behaviour::DyndnsClient;
  p.hostname = host.name + "nas.dyndns.org";
  p.peers = {"familyphotos.dyndns.org", "frontdoorcam.mooo.com", "garagecam.mooo.com", "lakehousenvr.yi.org"};
  p.gone = {"oldbackupnas.dynserv.com", "backyardcam.mooo.com"};
  p.interval_s = 20;
  return p;
}

ProcessSpec Port447(const ServerSpec& server) {
  ProcessSpec p;
  p.name = "ddmsvc.exe";
  p.behaviour = Behaviour::PeriodicUdp;
  p.target = server.name;
  p.port = 447;
  p.interval_s = 30;
  return p;
}

// CDN edge names carry a hash of the object or tenant: 12 lowercase letters, FNV-1a of the index.
std::vector<std::string> CdnNames() {
  std::vector<std::string> names;
  for (std::uint32_t i = 0; i < 16; ++i) {
    std::uint64_t h = 1469598103934665603ULL ^ (i + 1);
    std::string label;
    for (int k = 0; k < 12; ++k) {
      h = (h ^ (h >> 29)) * 1099511628211ULL;
      label.push_back(static_cast<char>('a' + (h >> 33) % 26));
    }
    names.push_back(label + ".edge.cdnfront.net");
  }
  return names;
}

ProcessSpec CdnBrowser(const std::vector<std::string>& names) {
  ProcessSpec p;
  p.name = "chrome.exe";
  p.behaviour = Behaviour::Browser;
  p.domains = names;
  p.interval_s = 30;
  p.connections = {1, 3};
  p.lifetime = {2.0, 1.0};
  return p;
}

ProcessSpec UpdatePoller(const ServerSpec& server) {
  ProcessSpec p;
  p.name = "updater.exe";
  p.behaviour = Behaviour::Service;
  p.protocol = AppProtocol::Http;
  p.domains = {server.domains.front()};
  p.interval_s = 120;
  p.lifetime = {0.02, 0.5};
  return p;
}

// A mail client with a work account on Google and two more accounts: an ordinary sender whose
// SMTP sessions are exactly what the detector's SMTP family counts (a Google server early on,
// several port-25 servers).
ProcessSpec MailClient(const ScenarioConfig& c) {
  ProcessSpec p;
  p.name = "OUTLOOK.EXE";
  p.behaviour = Behaviour::MailClient;
  p.domains = {"smtp.google.com"};
  for (std::size_t d = 0; d < c.kraken.spam_domains.size() && p.domains.size() < 3; ++d)
    p.domains.push_back("mx." + c.kraken.spam_domains[d]);
  p.interval_s = 300;
  return p;
}

}  // namespace

std::vector<std::string> KrakenMailExchangers(const ScenarioConfig& c) {
  if (!c.kraken.enabled) return {};
  std::vector<std::string> names{"smtp.google.com", "gmail-smtp-in.l.google.com"};
  for (const auto& d : c.kraken.spam_domains) names.push_back("mx." + d);
  return names;
}

bool IsKrakenConfounder(const std::string& name) {
  for (const auto& n : Confounders())
    if (n == name) return true;
  return false;
}

std::string KrakenConfounderNames() {
  std::string out;
  for (const auto& n : Confounders()) out += (out.empty() ? "" : ", ") + n;
  return out;
}

void AddKrakenConfounders(ScenarioConfig& c) {
  if (!c.kraken.enabled || c.kraken.confounder == "none") return;
  ServerSpec* web = nullptr;
  for (auto& s : c.servers)
    if (!web && s.kind == ServerKind::Web && !s.domains.empty()) web = &s;
  if (!web && c.kraken.confounder != "dyndns-client" && c.kraken.confounder != "mail-client")
    throw InputError(c.source + ": kraken.confounder: '" + c.kraken.confounder + "' needs a web server with a domain");
  std::vector<std::string> cdn = CdnNames();
  if (Wanted(c, "cdn")) web->domains.insert(web->domains.end(), cdn.begin(), cdn.end());
  for (auto& host : c.hosts) {
    if (Wanted(c, "dyndns-client")) host.processes.push_back(DyndnsClient(host));
    if (Wanted(c, "port-447")) host.processes.push_back(Port447(*web));
    if (Wanted(c, "cdn")) host.processes.push_back(CdnBrowser(cdn));
    if (Wanted(c, "update-poller")) host.processes.push_back(UpdatePoller(*web));
    if (Wanted(c, "mail-client")) host.processes.push_back(MailClient(c));
  }
}

}  // namespace ntlab
