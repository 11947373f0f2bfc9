// The registration table of the scenario's server kinds (servers[].kind): each kind names the
// function that installs one such server on its internet-side node. A new kind is a new
// install function (its own file) and one line in server-kinds.cc.
#pragma once

#include "scenarios/config/scenario-config.h"
#include "scenarios/sim/scenario-build.h"

#include <cstdint>
#include <vector>

namespace ntlab {

/// When a kind is installed. Servers come before the monitored hosts; remote clients, which act
/// on a monitored host, after them (and so take their random streams after the hosts').
enum class ServerPhase { BeforeHosts, AfterHosts };

/// Installs config.servers[index] on topology.servers[index].
using ServerInstaller = void (*)(const ServerSpec& spec, std::uint32_t index, ScenarioBuild& build);

struct ServerKindEntry
{
    ServerKind kind;
    ServerPhase phase;
    ServerInstaller install;
};

/// Every registered kind.
const std::vector<ServerKindEntry>& ServerKinds();
/// The entry of `kind`; throws std::logic_error when it is not registered.
const ServerKindEntry& ServerKindOf(ServerKind kind);

/// Installs every server of the scenario whose kind belongs to `phase`, in the scenario's order.
void InstallServers(ScenarioBuild& build, ServerPhase phase);

// The installers (one file each: web-server-kind.cc, zeus-cnc-server-kind.cc, ssh-client-server-kind.cc).
void InstallWebServer(const ServerSpec& spec, std::uint32_t index, ScenarioBuild& build);
void InstallZeusCncServer(const ServerSpec& spec, std::uint32_t index, ScenarioBuild& build);
void InstallSshClient(const ServerSpec& spec, std::uint32_t index, ScenarioBuild& build);

}  // namespace ntlab
