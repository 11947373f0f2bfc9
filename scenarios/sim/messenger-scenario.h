// Paper 004 in the simulated LAN (docs/messengers.md, "Simulated messengers"): the messenger
// providers' servers on nodes of their own behind the internet router, at 004's addresses; the
// messenger clients on the monitored hosts; and the blocking policy enforced: the IP table at the
// gateway (method 1), processes not allowed to start (method 2), and the packets of matching
// processes dropped on the host (method 3).
#pragma once

#include "analyzers/formats/block-policy.h"
#include "models/filtering-routing.h"
#include "scenarios/sim/scenario-build.h"
#include "traffic-gen/messenger-client-application.h"

#include "ns3/node-container.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ntlab {

/// One messenger client as the scenario placed it.
struct MessengerClientInstance
{
    std::size_t spec = 0;       // into config.messengers.clients
    std::uint32_t host = 0;     // into build.hosts
    std::string image;          // as it runs (renamed by the bypass)
    std::uint32_t pid = 0;      // 0: not allowed to start (method 2)
    ns3::Ptr<ns3::MessengerClientApplication> app;  // null when not started
};

struct MessengerBuild
{
    ns3::NodeContainer servers;  // MSN dispatch, notification, switchboard, HTTP gateway; NateOn dispatch, main; BuddyBuddy; relay
    std::optional<BlockPolicy> policy;
    std::vector<MessengerClientInstance> clients;
    ns3::Ptr<ns3::FilteringRouting> gatewayFilter;             // method 1; null without an IP table
    std::vector<ns3::Ptr<ns3::FilteringRouting>> hostFilters;  // method 3, one per host; empty without it
};

/// Creates the servers' nodes, addresses, routes and applications (after the topology).
void InstallMessengerProvider(ScenarioBuild& build);
/// Installs the messenger clients of `host` (after its listed processes); a client the policy's
/// process method matches is not started.
void InstallMessengerClients(const MonitoredHost& host, ScenarioBuild& build);
/// Puts the gateway's IP table and the hosts' per-process packet filter in place.
void EnforceMessengerPolicy(ScenarioBuild& build);

/// Whether a process with this identity matches `matcher` (image case-insensitive, class and text exact).
bool MatchesProcess(const ProcessMatcher& matcher, const std::string& image, const std::string& windowClass,
                    const std::string& controlText);

}  // namespace ntlab
