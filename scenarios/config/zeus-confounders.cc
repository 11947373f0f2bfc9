#include "scenarios/config/zeus-confounders.h"

#include "analyzers/formats/basic-types.h"

namespace ntlab {

void AddZeusBenignPhp(ScenarioConfig& c) {
  if (!c.zeus_benign_php) return;
  const ServerSpec* web = nullptr;
  for (const auto& s : c.servers)
    if (!web && s.kind == ServerKind::Web && s.http && !s.domains.empty()) web = &s;
  if (!web) throw InputError(c.source + ": zeus.benign_php: needs a web server with a domain and HTTP");
  ProcessSpec app;
  app.name = "firefox.exe";
  app.behaviour = Behaviour::PhpWebApp;
  app.protocol = AppProtocol::Http;
  app.domains = {web->domains.front()};
  app.interval_s = 120;          // a web mail or CMS tab saving drafts every few minutes
  app.lifetime = {2.0, 1.0};
  for (auto& host : c.hosts) {
    bool bot = false;
    for (const auto& p : host.processes) bot = bot || p.behaviour == Behaviour::ZeusBot;
    if (bot) host.processes.push_back(app);
  }
}

}  // namespace ntlab
