// The registration table of the behaviours a listed process can have (hosts[].processes[].behaviour):
// each behaviour names the function that installs such a process on its monitored host. A new
// behaviour is a new install function (its own file) and one line in process-behaviours.cc.
#pragma once

#include "scenarios/config/scenario-config.h"
#include "scenarios/sim/scenario-build.h"

#include <cstdint>
#include <vector>

namespace ntlab {

/// Installs `spec` on `host` as the process `pid`.
using ProcessInstaller = void (*)(const ProcessSpec& spec, const MonitoredHost& host, std::uint32_t pid,
                                  ScenarioBuild& build);
/// Adds the DNS records a process of this behaviour needs before any host runs (may be null).
using ProcessNameRegistrar = void (*)(const ProcessSpec& spec, ScenarioBuild& build);

struct ProcessBehaviourEntry
{
    Behaviour behaviour;
    ProcessInstaller install;
    ProcessNameRegistrar registerNames = nullptr;
};

/// Every registered behaviour.
const std::vector<ProcessBehaviourEntry>& ProcessBehaviours();
/// The entry of `behaviour`; throws std::logic_error when it is not registered.
const ProcessBehaviourEntry& ProcessBehaviourOf(Behaviour behaviour);

/// Adds the DNS records the listed processes of every host need (ProcessNameRegistrar).
void RegisterProcessNames(ScenarioBuild& build);
/// Installs the processes listed for `host` in the scenario, in order, each with the next PID.
void InstallListedProcesses(const MonitoredHost& host, ScenarioBuild& build);

// The installers (web-client-behaviours.cc, inbound-server-behaviour.cc, zeus-bot-behaviour.cc,
// kraken-bot-behaviour.cc, dyndns-updater-behaviour.cc, periodic-udp-behaviour.cc,
// dyndns-client-behaviour.cc, php-webapp-behaviour.cc).
void InstallBrowser(const ProcessSpec& spec, const MonitoredHost& host, std::uint32_t pid, ScenarioBuild& build);
void InstallService(const ProcessSpec& spec, const MonitoredHost& host, std::uint32_t pid, ScenarioBuild& build);
void InstallInboundServer(const ProcessSpec& spec, const MonitoredHost& host, std::uint32_t pid, ScenarioBuild& build);
void InstallZeusBot(const ProcessSpec& spec, const MonitoredHost& host, std::uint32_t pid, ScenarioBuild& build);
void InstallKrakenBot(const ProcessSpec& spec, const MonitoredHost& host, std::uint32_t pid, ScenarioBuild& build);
void InstallDyndnsUpdater(const ProcessSpec& spec, const MonitoredHost& host, std::uint32_t pid, ScenarioBuild& build);
void RegisterDyndnsName(const ProcessSpec& spec, ScenarioBuild& build);
void InstallDyndnsClient(const ProcessSpec& spec, const MonitoredHost& host, std::uint32_t pid, ScenarioBuild& build);
void RegisterDyndnsClientNames(const ProcessSpec& spec, ScenarioBuild& build);
void InstallPhpWebApp(const ProcessSpec& spec, const MonitoredHost& host, std::uint32_t pid, ScenarioBuild& build);
void InstallMailClient(const ProcessSpec& spec, const MonitoredHost& host, std::uint32_t pid, ScenarioBuild& build);
void InstallPeriodicUdp(const ProcessSpec& spec, const MonitoredHost& host, std::uint32_t pid, ScenarioBuild& build);

}  // namespace ntlab
