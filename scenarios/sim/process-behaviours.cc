#include "scenarios/sim/process-behaviours.h"

#include <stdexcept>
#include <string>

namespace ntlab {

const std::vector<ProcessBehaviourEntry>& ProcessBehaviours()
{
    static const std::vector<ProcessBehaviourEntry> behaviours{
        {Behaviour::Browser, &InstallBrowser},
        {Behaviour::Service, &InstallService},
        {Behaviour::InboundServer, &InstallInboundServer},
        {Behaviour::ZeusBot, &InstallZeusBot},
        {Behaviour::KrakenBot, &InstallKrakenBot},
        {Behaviour::DyndnsUpdater, &InstallDyndnsUpdater, &RegisterDyndnsName},
        {Behaviour::PeriodicUdp, &InstallPeriodicUdp},
        {Behaviour::DyndnsClient, &InstallDyndnsClient, &RegisterDyndnsClientNames},
        {Behaviour::PhpWebApp, &InstallPhpWebApp},
        {Behaviour::MailClient, &InstallMailClient},
    };
    return behaviours;
}

const ProcessBehaviourEntry& ProcessBehaviourOf(Behaviour behaviour)
{
    for (const auto& entry : ProcessBehaviours())
        if (entry.behaviour == behaviour) return entry;
    throw std::logic_error(std::string("no installer registered for behaviour '") + ToString(behaviour) + "'");
}

void RegisterProcessNames(ScenarioBuild& build)
{
    for (const auto& host : build.config.hosts)
        for (const auto& p : host.processes)
        {
            const ProcessBehaviourEntry& entry = ProcessBehaviourOf(p.behaviour);
            if (entry.registerNames) entry.registerNames(p, build);
        }
}

void InstallListedProcesses(const MonitoredHost& host, ScenarioBuild& build)
{
    for (const ProcessSpec& p : build.config.hosts[host.index].processes)
        ProcessBehaviourOf(p.behaviour).install(p, host, host.pids->Allocate(), build);
}

}  // namespace ntlab
