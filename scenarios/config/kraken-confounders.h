// Benign software that looks like Kraken in one respect (issue 15), added to every host of a
// Kraken scenario by one key, kraken.confounder, so an experiment can sweep it:
//   dyndns-client  a home NAS / camera client resolving its own and its peers' dynamic-DNS names
//                  under Kraken's zones, two of them gone (NXDOMAIN), every 20 s in turn;
//   port-447       a benign service sending a UDP datagram to port 447 every 30 s;
//   cdn            a browser fetching from CDN edge names with hashed, random-looking labels;
//   update-poller  an updater polling its server over HTTP at jittered (exponential) intervals;
//   mail-client    a mail client with three accounts sending a mail every 5 min (+-20 %) over
//                  SMTP through their servers in turn, the first Google's;
//   all            every one of them.
// Every number here is an assumption of the model (docs/botnets.md), none is the detector's.
#pragma once

#include "scenarios/config/scenario-config.h"

#include <string>
#include <vector>

namespace ntlab {

bool IsKrakenConfounder(const std::string& name);
/// The SMTP servers a Kraken scenario has (names a mail-client may use): smtp.google.com,
/// gmail-smtp-in.l.google.com and mx.<d> for every spam domain d; none without kraken:.
std::vector<std::string> KrakenMailExchangers(const ScenarioConfig& c);
/// "none, dyndns-client, ..." for error messages.
std::string KrakenConfounderNames();
/// Appends the processes of c.kraken.confounder to every host (and the CDN names to the first web
/// server). Needs a web server for the port-447, cdn and update-poller targets; without one it
/// throws InputError naming kraken.confounder.
void AddKrakenConfounders(ScenarioConfig& c);

}  // namespace ntlab
